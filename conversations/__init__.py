"""conversations: threads between the office and a client's people, attachments, unread counts,
bulk notices."""
