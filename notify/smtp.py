"""E-mail over SMTP: smtp:// (loopback only), smtps:// and smtp+starttls://.

INTAKE_SMTP_URL forms: smtp://127.0.0.1:25, smtps://USER:PASS@HOST:465,
smtp+starttls://USER:PASS@HOST:587; `?cafile=/path/ca.pem` trusts a private CA.
"""

from __future__ import annotations

import hashlib
import logging
import re
import smtplib
import ssl
from contextlib import nullcontext
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from functools import cache
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from intake.config import redact
from intake.network import is_loopback
from notify.errors import ChannelConfigError, DeliveryError, Problem, describe
from notify.outgoing import Handover, Outgoing

logger = logging.getLogger(__name__)

SETTING = "INTAKE_SMTP_URL"
TIMEOUT_S = 20
DEFAULT_PORTS = {"smtp": 25, "smtps": 465, "smtp+starttls": 587}


def build_email(message: Outgoing) -> EmailMessage:
    """Return the MIME e-mail for an outgoing message, with Date, Message-ID and attachments.

    A message with an idempotency key gets a Message-ID made from it: sent again after a
    crash, it is the same message to the recipient's mail program.
    """
    email = EmailMessage()
    email["From"] = message.sender or "Intake <intake@localhost>"
    email["To"] = message.recipient
    email["Subject"] = message.subject or ""
    email["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(email["From"])[1].rpartition("@")[2] or "localhost"
    email["Message-ID"] = message.headers.get("Message-ID") or message_id(message.key, domain)
    email.set_content(message.body)  # first: it clears every Content-* header
    for name, value in message.headers.items():
        if name != "Message-ID":
            email[name] = value
    for attachment in message.attachments:
        kind, _, sub = attachment.media_type.partition("/")
        email.add_attachment(
            attachment.data,
            maintype=kind,
            subtype=sub or "octet-stream",
            filename=attachment.filename,
        )
    return email


def message_id(key: str | None, domain: str) -> str:
    """Return a Message-ID: derived from an idempotency key, else new."""
    if not key:
        return make_msgid(domain=domain)
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}.intake@{domain}>"


def split_url(name: str, url: str) -> tuple[SplitResult, int | None]:
    """Return a setting's URL parts and port; raise ChannelConfigError naming the setting."""
    try:
        parts = urlsplit(url)
        return parts, parts.port
    except ValueError as e:
        hidden = re.sub(r"//[^/@]*@", "//***@", url)  # redact() cannot split it either
        raise ChannelConfigError(
            Problem.NOT_A_URL, name=name, value=hidden, detail=describe(e)
        ) from None


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
        parts, port = split_url(SETTING, url)
        shown = redact(url)
        if parts.scheme not in DEFAULT_PORTS:
            raise ChannelConfigError(Problem.SMTP_SCHEME, name=SETTING, value=shown)
        if not parts.hostname:
            raise ChannelConfigError(Problem.NO_HOST, name=SETTING, value=shown)
        if parts.scheme == "smtp" and not is_loopback(parts.hostname):
            raise ChannelConfigError(
                Problem.PLAIN_OFF_LOOPBACK, name=SETTING, value=shown, scheme="smtp"
            )
        return cls(
            scheme=parts.scheme,
            host=parts.hostname,
            port=port or DEFAULT_PORTS[parts.scheme],
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            cafile=next(iter(parse_qs(parts.query).get("cafile", [])), None),
        )

    @property
    def server(self) -> str:
        """Return host:port, as errors name the server."""
        return f"{self.host}:{self.port}"

    def send(self, message: Outgoing, handover: Handover | None = None) -> str | None:
        """Deliver one e-mail; a 4xx answer or a dead server is temporary, a 5xx is not.

        The final dot is written inside `handover` (see transfer).
        """
        email = build_email(message)
        try:
            with self._connect() as client:
                if self.username:
                    client.login(self.username, self.password or "")
                transfer(client, email, message.recipient, handover)
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            raise DeliveryError(
                Problem.SMTP_REFUSED_RECIPIENT,
                temporary=all(400 <= code < 500 for code in codes),
                recipient=message.recipient,
                detail="; ".join(
                    f"{code} {_text(answer)}" for code, answer in e.recipients.values()
                ),
            ) from e
        except smtplib.SMTPResponseException as e:
            raise DeliveryError(
                Problem.SMTP_ANSWER,
                temporary=400 <= e.smtp_code < 500,
                server=self.server,
                status=e.smtp_code,
                detail=_text(e.smtp_error),
            ) from e
        except (OSError, smtplib.SMTPException) as e:
            raise DeliveryError(
                Problem.SMTP_UNREACHABLE, temporary=True, server=self.server, detail=describe(e)
            ) from e
        return email["Message-ID"]

    def _connect(self) -> smtplib.SMTP:
        if self.scheme == "smtp":  # plain, on loopback only: no TLS to set up
            return smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        context = tls_context(self.cafile)
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


def transfer(
    client: smtplib.SMTP, email: EmailMessage, recipient: str, handover: Handover | None
) -> None:
    """Send one e-mail as SMTP.send_message does, its final dot written inside `handover`.

    A server takes a message only at the dot that ends its data; a connection lost before
    it leaves nothing delivered (RFC 5321, 4.1.1.4 and 6.1). `handover` records the message
    handed over in an open transaction, the dot is written, and the transaction commits:
    a worker killed before the dot leaves no record and no message (it is sent again); one
    killed after it finds the record committed (the COMMIT follows the dot in microseconds,
    and both leave in the kernel's socket buffers even if the process dies), so the message
    is not sent twice. A failure anywhere closes the connection without QUIT, which the
    server would read as data.
    """
    sender = parseaddr(str(email["From"]))[1]
    international = not (sender + recipient).isascii()
    data = email.as_bytes(policy=policy.SMTPUTF8 if international else policy.SMTP)  # CRLF lines
    client.ehlo_or_helo_if_needed()
    options: list[str] = []
    if international:
        if not client.has_extn("smtputf8"):
            raise smtplib.SMTPNotSupportedError("the server does not take non-ASCII addresses")
        options += ["SMTPUTF8", "BODY=8BITMIME"]
    if client.does_esmtp and client.has_extn("size"):
        options.append(f"size={len(data)}")
    code, answer = client.mail(sender, options)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    code, answer = client.rcpt(recipient)
    if code not in (250, 251):
        raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
    code, answer = client.docmd("DATA")
    if code != 354:
        raise smtplib.SMTPDataError(code, answer)
    body = re.sub(rb"(?m)^\.", b"..", data)  # a line starting with a dot gets a second one
    try:
        client.send(body if body.endswith(b"\r\n") else body + b"\r\n")
        with handover(str(email["Message-ID"])) if handover else nullcontext():
            client.send(b".\r\n")
    except BaseException:
        client.close()
        raise
    code, answer = client.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, answer)


@cache
def tls_context(cafile: str | None) -> ssl.SSLContext:
    """Return the TLS context for a CA file (built once: loading the system's CAs is slow)."""
    return ssl.create_default_context(cafile=cafile)


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)
