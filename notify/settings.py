"""notify's settings section: how messages leave, read and checked when Intake starts.

INTAKE_SMTP_URL (unset: e-mail as .eml files in the outbox folder), INTAKE_SMS_URL (SMSAPI
or Twilio; unset: SMS as lines in the outbox folder), INTAKE_WHATSAPP_URL (the WhatsApp
Business Cloud API; unset: lines in the outbox folder), INTAKE_WHATSAPP_APP_SECRET and
INTAKE_WHATSAPP_VERIFY_TOKEN (its webhook), INTAKE_MAIL_FROM (the sender of e-mail),
INTAKE_SEND_LEASE_S (how long a sending job holds a message before a sweep takes it). A
wrong one stops Intake with one line naming it (the `intake.settings` entry point).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from intake.config import Settings, whole_number
from notify.errors import ChannelConfigError, Problem
from notify.sms import SmsApiChannel
from notify.smtp import SmtpChannel
from notify.twilio import TwilioChannel
from notify.whatsapp import WhatsAppChannel

DEFAULT_MAIL_FROM = "Intake <intake@localhost>"
# Where gateways report delivery, under INTAKE_BASE_URL (portal/hooks.py).
HOOKS = {"smsapi": "/hooks/smsapi", "twilio": "/hooks/twilio", "whatsapp": "/hooks/whatsapp"}


@dataclass(frozen=True)
class NotifySettings:
    """The gateways messages leave by (None: the outbox folder) and the e-mail sender."""

    smtp: SmtpChannel | None = None
    sms: SmsApiChannel | TwilioChannel | None = None
    whatsapp: WhatsAppChannel | None = None
    mail_from: str = DEFAULT_MAIL_FROM
    whatsapp_app_secret: str | None = None
    whatsapp_verify_token: str | None = None
    # How long a job may hold a message it sends before another may take it over: longer
    # than a gateway's timeout (20 s), short enough that a crash delays little.
    send_lease_s: int = 120


def load(env: Mapping[str, str], settings: Settings) -> NotifySettings:
    """Read notify's INTAKE_* variables; raise ChannelConfigError naming a wrong one."""
    smtp_url, sms_url = env.get("INTAKE_SMTP_URL"), env.get("INTAKE_SMS_URL")
    whatsapp_url = env.get("INTAKE_WHATSAPP_URL")
    return NotifySettings(
        smtp=SmtpChannel.from_url(smtp_url) if smtp_url else None,
        sms=sms_channel(sms_url, settings.base_url) if sms_url else None,
        whatsapp=WhatsAppChannel.from_url(whatsapp_url) if whatsapp_url else None,
        mail_from=mail_from(env.get("INTAKE_MAIL_FROM") or DEFAULT_MAIL_FROM),
        whatsapp_app_secret=env.get("INTAKE_WHATSAPP_APP_SECRET") or None,
        whatsapp_verify_token=env.get("INTAKE_WHATSAPP_VERIFY_TOKEN") or None,
        send_lease_s=whole_number(env, "INTAKE_SEND_LEASE_S", 120),
    )


def sms_channel(url: str, base_url: str) -> SmsApiChannel | TwilioChannel:
    """Return the SMS gateway a URL names: Twilio for twilio://, else SMSAPI."""
    if urlsplit(url).scheme in ("twilio", "twilio+http"):
        return TwilioChannel.from_url(url, status_callback=base_url + HOOKS["twilio"])
    return SmsApiChannel.from_url(url, notify_url=base_url + HOOKS["smsapi"])


def mail_from(value: str) -> str:
    """Return INTAKE_MAIL_FROM when it holds an e-mail address ('Biuro <biuro@a.pl>')."""
    _, address = parseaddr(value)
    local, at, domain = address.partition("@")
    if not (local and at and domain) or any(c in value for c in "\r\n"):
        raise ChannelConfigError(Problem.NOT_AN_ADDRESS, name="INTAKE_MAIL_FROM", value=value)
    return value
