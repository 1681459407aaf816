"""What a channel sends and what sends it: the leaf every channel module imports.

`Outgoing` is one message to one recipient as a channel needs it; `Gateway` is the
Protocol each way out implements (SMTP, an SMS gateway, WhatsApp, the file outbox). It
imports nothing of notify, so the channel modules need not import channels.py, which
imports them to choose one.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

# Entered with the gateway's id of a message around the step where the far side takes it
# for good: what it records is committed only if that step was taken.
Handover = Callable[[str], AbstractContextManager[None]]


@dataclass(frozen=True)
class Attachment:
    """A file sent with an e-mail."""

    filename: str
    data: bytes
    media_type: str = "application/pdf"


@dataclass(frozen=True)
class Outgoing:
    """One message to one recipient, as a channel needs it (a phone number in E.164).

    `key` is the message's idempotency key (one per recipient and occasion): a gateway
    that can carry it (SMSAPI's idx) does, and its receipts name it.
    """

    channel: str
    recipient: str
    body: str
    subject: str | None = None
    sender: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    key: str | None = None


class Gateway(Protocol):
    """The Channel protocol: delivers an Outgoing message or raises DeliveryError.

    (Named Gateway because `Channel` is the vocabulary of ways out: email, sms, whatsapp.)
    """

    def send(self, message: Outgoing, handover: Handover | None = None) -> str | None:
        """Deliver a message; return the gateway's id for it, if it gives one.

        A gateway that knows the step where the far side takes the message for good (SMTP's
        final dot) takes it inside `handover`, which records the message handed over and
        commits right after that step: a worker that dies before it leaves nothing
        recorded (and sends again), one that dies after it is not followed by a second
        send. The others never use it: after a crash their message is sent again, which
        SMSAPI's idx makes safe.
        """
        ...
