"""E-mail over SMTP: smtp:// (loopback only), smtps:// and smtp+starttls://.

INTAKE_SMTP_URL forms: smtp://127.0.0.1:25, smtps://USER:PASS@HOST:465,
smtp+starttls://USER:PASS@HOST:587; `?cafile=/path/ca.pem` trusts a private CA.
"""

from __future__ import annotations

import ipaddress
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from intake.config import redact
from notify.channels import Outgoing
from notify.errors import ChannelConfigError, DeliveryError

logger = logging.getLogger(__name__)

TIMEOUT_S = 20
DEFAULT_PORTS = {"smtp": 25, "smtps": 465, "smtp+starttls": 587}


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address stays on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_email(message: Outgoing) -> EmailMessage:
    """Return the MIME e-mail for an outgoing message, with Date and Message-ID."""
    email = EmailMessage()
    email["From"] = message.sender or "Intake <intake@localhost>"
    email["To"] = message.recipient
    email["Subject"] = message.subject or ""
    email["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(email["From"])[1].rpartition("@")[2] or "localhost"
    email["Message-ID"] = message.headers.get("Message-ID") or make_msgid(domain=domain)
    for name, value in message.headers.items():
        if name != "Message-ID":
            email[name] = value
    email.set_content(message.body)
    return email


@dataclass(frozen=True)
class SmtpChannel:
    """Sends e-mail through one SMTP server with timeouts; TLS unless on loopback."""

    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    cafile: str | None = None
    timeout: float = TIMEOUT_S

    @classmethod
    def from_url(cls, url: str) -> SmtpChannel:
        """Parse INTAKE_SMTP_URL; plain smtp:// is refused unless the host is loopback."""
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ChannelConfigError(
                f"INTAKE_SMTP_URL={redact(url)!r}: expected smtp://, smtps:// or smtp+starttls://"
            )
        if parts.scheme == "smtp" and not is_loopback(parts.hostname):
            raise ChannelConfigError(
                f"INTAKE_SMTP_URL={redact(url)!r}: plain smtp:// only on loopback; "
                "use smtps:// or smtp+starttls://"
            )
        return cls(
            scheme=parts.scheme,
            host=parts.hostname,
            port=parts.port or DEFAULT_PORTS[parts.scheme],
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            cafile=(parse_qs(parts.query).get("cafile") or [None])[0],
        )

    def send(self, message: Outgoing) -> str | None:
        """Deliver one e-mail; a 4xx answer or a dead server is temporary, a 5xx is not."""
        email = build_email(message)
        try:
            with self._connect() as client:
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(email)
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            raise DeliveryError(
                f"SMTP refused {message.recipient}: {e.recipients}",
                temporary=all(400 <= code < 500 for code in codes),
            ) from e
        except smtplib.SMTPResponseException as e:
            reason = e.smtp_error.decode(errors="replace") if isinstance(e.smtp_error, bytes) else e
            raise DeliveryError(
                f"SMTP {self.host}:{self.port} answered {e.smtp_code} {reason}",
                temporary=400 <= e.smtp_code < 500,
            ) from e
        except (OSError, smtplib.SMTPException) as e:
            raise DeliveryError(
                f"SMTP {self.host}:{self.port}: {type(e).__name__}: {e}", temporary=True
            ) from e
        return email["Message-ID"]

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context(cafile=self.cafile)
        if self.scheme == "smtps":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.scheme == "smtp+starttls":
            try:
                client.starttls(context=context)
            except BaseException:
                client.close()
                raise
        return client
