"""The channels a message can leave by: one Protocol, chosen from the settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from intake.config import Settings
from notify.errors import ChannelConfigError

logger = logging.getLogger(__name__)

EMAIL = "email"
SMS = "sms"
CHANNELS = (EMAIL, SMS)


@dataclass(frozen=True)
class Outgoing:
    """One message to one recipient, as a channel needs it."""

    channel: str
    recipient: str
    body: str
    subject: str | None = None
    sender: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Channel(Protocol):
    """Something that delivers an Outgoing message or raises DeliveryError."""

    def send(self, message: Outgoing) -> str | None:
        """Deliver a message; return the gateway's id for it, if it gives one."""
        ...


def open_channel(settings: Settings, channel: str) -> Channel:
    """Return the channel the settings name: SMTP or an SMS gateway, else the file outbox."""
    from notify import outbox, sms, smtp

    if channel == EMAIL:
        if settings.smtp_url:
            return smtp.SmtpChannel.from_url(settings.smtp_url)
        return outbox.MailOutbox(settings.outbox_dir)
    if channel == SMS:
        if settings.sms_url:
            return sms.SmsApiChannel.from_url(settings.sms_url)
        return outbox.SmsOutbox(settings.outbox_dir)
    raise ChannelConfigError(f"unknown channel {channel!r}")
