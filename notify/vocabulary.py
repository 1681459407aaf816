"""notify's vocabulary: the ways a message leaves, its delivery states, notify's own kinds.

A message kind is owned by the package that sends it, and a template of the same name
lies in that package (`<package>/templates/messages/<kind>.txt`), so the kind column is
free text without a CHECK: a package adds kinds without a migration of notify's table.
Each package declares its kinds as a Choice and registers them here (`register_kinds`),
so a page can name any message's kind in the reader's language (`kind_label`).
"""

from __future__ import annotations

import re
from typing import TypeVar

from intake.i18n import N_
from intake.vocabulary import Choice

KIND_FORM = re.compile(r"[a-z][a-z0-9_]{0,39}")


class Channel(Choice):
    """The way a message leaves."""

    EMAIL = "email", N_("e-mail")
    SMS = "sms", N_("SMS")
    WHATSAPP = "whatsapp", N_("WhatsApp")


# Channels that reach a phone number.
PHONE_CHANNELS = (Channel.SMS, Channel.WHATSAPP)


class NotificationState(Choice):
    """Where a message is: queued (also between tries), sending, sent, delivered, failed.

    Delivered is known only where the gateway reports it (an SMS or WhatsApp receipt).
    """

    QUEUED = "queued", N_("waiting to be sent")
    SENDING = "sending", N_("being sent")
    SENT = "sent", N_("sent")
    DELIVERED = "delivered", N_("delivered")
    FAILED = "failed", N_("not delivered")


# A message in one of these states has left (a gateway took it).
GONE = (NotificationState.SENT, NotificationState.DELIVERED)


class Topic(Choice):
    """What the office writes about: a contact chooses the channels of each."""

    AMOUNTS = "amounts", N_("amounts due")
    DOCUMENTS = "documents", N_("documents reminder")
    CONFIRM = "confirm", N_("confirm delivery reminder")
    TEXT = "text", N_("free text")
    CONVERSATION = "conversation", N_("conversation notices")


# What the office sends a client as a message of its own (a conversation is not one).
LETTER_TOPICS = (Topic.AMOUNTS, Topic.DOCUMENTS, Topic.CONFIRM, Topic.TEXT)


class Origin(Choice):
    """Who started a message: a person in the portal, an operator's command, a reminder."""

    PORTAL = "portal", N_("portal")
    CLI = "cli", N_("operator")
    REMINDER = "reminder", N_("reminder")


class MessageKind(Choice):
    """The messages notify itself sends."""

    PERIOD_CLOSED = "period_closed", N_("all documents received")
    SENDER_BLOCKED = "sender_blocked", N_("sender blocked")
    REPLY = "reply", N_("reply to a sender")
    DOCUMENT_REJECTED = "document_rejected", N_("document not accepted")
    DELIVERY_FAILED = "delivery_failed", N_("message not delivered")
    INVITATION = "invitation", N_("invitation")
    PASSWORD_RESET = "password_reset", N_("password reset")


KindEnum = TypeVar("KindEnum", bound=type[Choice])
_kinds: dict[str, Choice] = {}


def register_kinds(kinds: KindEnum) -> KindEnum:
    """Make a package's message kinds known by their stored text (use as a class decorator)."""
    for kind in kinds:
        _kinds[kind.value] = kind
    return kinds


def kind_label(kind: str | None) -> str:
    """Return a kind's label (an English msgid to translate), or the kind itself if unknown."""
    if not kind:
        return ""
    found = _kinds.get(kind)
    return found.label if found is not None else kind


register_kinds(MessageKind)
register_kinds(Topic)
