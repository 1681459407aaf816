"""Errors of the inbox package."""


class InboxError(Exception):
    """Raised when the inbox cannot do what it was asked; the root of this package's errors."""


class AccountError(InboxError):
    """Raised when an IMAP account's settings are wrong or unsafe."""


class PlainTextRefused(AccountError):
    """Raised when plain-text IMAP is asked for anywhere but loopback, or without consent."""


class MailboxUnavailable(InboxError):
    """Raised when an IMAP server cannot be reached, refuses the login or breaks off."""


class MailboxBusy(InboxError):
    """Raised when another poller holds a mailbox's lease."""
