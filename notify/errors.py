"""Errors of the notify package, and the reasons they carry: a code and its parameters.

A reason's name is its code (stored on a notification, looked at by tests and pages), its
value the English msgid, translated where a person reads it. A gateway's own words (an
SMTP answer, an SMSAPI message) travel as the %(detail)s parameter, never as the text.
"""

from __future__ import annotations

import re
from enum import unique
from typing import Any

from intake.errors import ConfigError, IntakeError, Reason
from intake.i18n import N_, Message

OBJECT_REPR = re.compile(r"\s*<[^<>]* at 0x[0-9a-fA-F]+>")


@unique
class Problem(Reason):
    """What can go wrong configuring, writing or sending a message."""

    # Settings (checked when Intake starts).
    NOT_A_URL = N_("%(name)s=%(value)s cannot be read as a URL: %(detail)s")
    SMTP_SCHEME = N_("%(name)s=%(value)s: expected smtp://, smtps:// or smtp+starttls://")
    SMS_SCHEME = N_(
        "%(name)s=%(value)s: expected SMSAPI (smsapi://TOKEN@api.smsapi.pl) "
        "or Twilio (twilio://ACCOUNT_SID:TOKEN@api.twilio.com?from=NUMBER)"
    )
    WHATSAPP_SCHEME = N_(
        "%(name)s=%(value)s: expected whatsapp://TOKEN@graph.facebook.com/VERSION/PHONE_NUMBER_ID"
    )
    NO_SENDER_NUMBER = N_("%(name)s=%(value)s: give the number or service to send from (?from=)")
    NO_HOST = N_("%(name)s=%(value)s names no server.")
    NO_TOKEN = N_("%(name)s=%(value)s: expected TOKEN@host")
    PLAIN_OFF_LOOPBACK = N_(
        "%(name)s=%(value)s: plain %(scheme)s:// is only allowed on this machine (loopback); "
        "use an encrypted connection"
    )
    NOT_AN_ADDRESS = N_("%(name)s=%(value)s is not an e-mail address.")
    # Writing and queueing a message.
    UNKNOWN_CHANNEL = N_("There is no channel %(channel)s.")
    BAD_KIND = N_("%(kind)s is not a message kind (small letters, digits and _).")
    NO_TEMPLATE = N_("There is no message %(package)s/%(kind)s.")
    TEMPLATE_FAILED = N_("The message %(package)s/%(kind)s cannot be written: %(detail)s")
    TEMPLATE_INCOMPLETE = N_("The message %(package)s/%(kind)s needs a subject and a body.")
    NOT_FAILED = N_("Message %(id)s is %(state)s; only an undelivered message is sent again.")
    UNKNOWN_TOPIC = N_("%(topic)s is not a kind of message; use one of %(topics)s.")
    RECEIVES_NOTHING = N_("A contact receives at least one kind of message on one channel.")
    NO_CLIENTS = N_("Choose at least one client.")
    NO_CHANNELS = N_("Choose at least one channel.")
    WHATSAPP_ONE_CLIENT = N_(
        "WhatsApp goes to one client at a time: choose one client, or e-mail and SMS."
    )
    TEXT_MISSING = N_("Write the text of the message.")
    TEXT_TOO_LONG = N_("The text is longer than %(limit)s characters.")
    ATTACHMENT_NOT_PDF = N_("The attachment must be a PDF file.")
    ATTACHMENT_TOO_LARGE = N_("The attachment is larger than %(limit)s MB.")
    CLIENT_NOT_FOUND = N_("There is no client %(client)s in your office.")
    NO_AMOUNTS = N_("There are no tax amounts of %(company)s to send.")
    NO_RECIPIENTS = N_("No contact of %(company)s receives this on the chosen channels.")
    BAD_HOUR = N_("An hour of the day is a whole number from 0 to 23.")
    BAD_DAYS = N_("Days are whole numbers from 0 to 60, separated by commas.")
    # Delivering it.
    INVALID_PHONE = N_("%(number)s is not a phone number.")
    SMTP_REFUSED_RECIPIENT = N_("The mail server refused the recipient %(recipient)s: %(detail)s")
    SMTP_ANSWER = N_("The mail server %(server)s answered %(status)s: %(detail)s")
    SMTP_UNREACHABLE = N_("The mail server %(server)s cannot be reached: %(detail)s")
    SMS_REFUSED = N_("The SMS gateway refused the message (error %(status)s): %(detail)s")
    SMS_ANSWER = N_("The SMS gateway answered HTTP %(status)s: %(detail)s")
    SMS_UNREACHABLE = N_("The SMS gateway cannot be reached: %(detail)s")
    WHATSAPP_REFUSED = N_("WhatsApp refused the message (error %(status)s): %(detail)s")
    WHATSAPP_ANSWER = N_("WhatsApp answered HTTP %(status)s: %(detail)s")
    WHATSAPP_UNREACHABLE = N_("WhatsApp cannot be reached: %(detail)s")
    NOT_DELIVERED = N_("The gateway reports the message was not delivered: %(detail)s")
    OUTBOX_UNWRITABLE = N_("The outbox folder %(folder)s cannot be written: %(detail)s")
    UNEXPECTED = N_("Sending failed unexpectedly: %(detail)s")
    GAVE_UP = N_("Sending was given up after %(tries)s tries.")


class NotifyError(IntakeError):
    """Raised when a message cannot be written, queued or sent; the root of notify's errors."""


class ChannelConfigError(NotifyError, ConfigError):
    """Raised when INTAKE_SMTP_URL, INTAKE_SMS_URL, INTAKE_WHATSAPP_URL or INTAKE_MAIL_FROM
    cannot be used."""


class LetterError(NotifyError):
    """Raised when a message of the office cannot be written as asked (no client, no text)."""


class DeliveryError(NotifyError):
    """Raised when a gateway did not take a message; `temporary` says a retry may help."""

    def __init__(self, reason: Problem, /, *, temporary: bool, **params: Any) -> None:
        super().__init__(reason, **params)
        self.temporary = temporary

    def message(self) -> Message:
        """Return the failure as a coded message, to store on the notification."""
        return Message(self.msgid, self.params, self.code)


def describe(error: BaseException) -> str:
    """Return a library's error as a %(detail)s parameter: its words, without addresses."""
    text = OBJECT_REPR.sub("", str(error)).strip().rstrip(".")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
