"""The inbox's vocabulary: what became of a message and of each file, sender events, security.

Each is an `intake.vocabulary.Choice`: a member equals its stored text (backed by a CHECK
constraint) and carries a label translated where a person reads it.
"""

from __future__ import annotations

from intake.i18n import N_
from intake.vocabulary import Choice
from notify.vocabulary import register_kinds


class MailStatus(Choice):
    """Where an inbound message is: received -> imported | rejected | skipped, or error."""

    RECEIVED = "received", N_("being handled")
    IMPORTED = "imported", N_("taken in")
    REJECTED = "rejected", N_("turned away")
    SKIPPED = "skipped", N_("set aside")
    ERROR = "error", N_("could not be handled")


# A message in one of these states is only moved to its folder, never handled again.
TERMINAL = (MailStatus.IMPORTED, MailStatus.REJECTED, MailStatus.SKIPPED)


class PartOutcome(Choice):
    """What became of one file of a message."""

    DOCUMENT = "document", N_("taken as a document")
    DUPLICATE = "duplicate", N_("already handed in")
    SKIPPED = "skipped", N_("left out")
    REFUSED = "refused", N_("not taken")


# Files that became a document row (a duplicate is recorded as one, pointing at the first).
TAKEN = (PartOutcome.DOCUMENT, PartOutcome.DUPLICATE)


class SenderEventKind(Choice):
    """Something that happened with a sender."""

    WRONG_PIN = "wrong_pin", N_("wrong PIN")
    BLOCKED = "blocked", N_("sender blocked")
    REPLY = "reply", N_("reply sent")


class Security(Choice):
    """How an IMAP connection is protected: TLS from the first byte, STARTTLS, or none."""

    TLS = "tls", N_("TLS")
    STARTTLS = "starttls", N_("STARTTLS")
    PLAIN = "plain", N_("plain text (loopback only)")


@register_kinds
class InboxMessageKind(Choice):
    """The messages the inbox sends the office itself (templates in templates/messages/)."""

    INBOX_LOCKED = "inbox_locked", N_("company inbox locked")
