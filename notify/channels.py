"""The way out for each channel, chosen from notify's settings: a gateway or the outbox."""

from __future__ import annotations

from intake.config import Settings
from notify.errors import NotifyError, Problem
from notify.outbox import WHATSAPP_FILE, MailOutbox, SmsOutbox
from notify.outgoing import Gateway
from notify.settings import NotifySettings
from notify.vocabulary import Channel


def open_channel(settings: Settings, channel: str) -> Gateway:
    """Return the gateway the settings name for a channel, else the file outbox."""
    config: NotifySettings = settings.section("notify")
    if channel == Channel.EMAIL:
        return config.smtp or MailOutbox(settings.outbox_dir)
    if channel == Channel.SMS:
        return config.sms or SmsOutbox(settings.outbox_dir)
    if channel == Channel.WHATSAPP:
        return config.whatsapp or SmsOutbox(settings.outbox_dir, WHATSAPP_FILE)
    raise NotifyError(Problem.UNKNOWN_CHANNEL, channel=channel)
