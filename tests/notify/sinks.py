"""Loopback stand-ins for the outside: an aiosmtpd SMTP server and an SMSAPI-speaking one."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import threading
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.services import free_port


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message it accepts."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        """Keep the message and accept it."""
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def url(self) -> str:
        """Return INTAKE_SMTP_URL for this server."""
        return f"smtp://127.0.0.1:{self.port}"

    def messages(self) -> list[Message]:
        """Return the accepted messages, parsed."""
        return [message_from_bytes(e.content) for e in self.envelopes]


class SmsApi:
    """A loopback HTTP server answering POST /sms.do the way SMSAPI.pl documents."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.answer: tuple[int, dict] = (200, {})
        self.answers: list[tuple[int, dict]] = []  # given first, one per request
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                sink.requests.append({"path": self.path, "headers": dict(self.headers), **form})
                status, body = sink.answers.pop(0) if sink.answers else sink.answer
                if not body:
                    body = {
                        "count": 1,
                        "list": [
                            {
                                "id": f"6{len(sink.requests):05d}",
                                "points": 0.16,
                                "number": form.get("to"),
                                "status": "QUEUE",
                                "error": None,
                            }
                        ],
                    }
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, token: str = "TOKEN123", sender: str = "Biuro") -> str:
        """Return INTAKE_SMS_URL for this server."""
        return f"http://{token}@127.0.0.1:{self.server.server_address[1]}/sms.do?from={sender}"

    def start(self) -> None:
        """Serve in a thread."""
        self.thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """Write a certificate and key for 127.0.0.1 and localhost; return their paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp.crt", folder / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class TlsSmtpSink(SmtpSink):
    """An SMTP server that requires STARTTLS and a login (one user, one password)."""

    def __init__(self, folder: Path, user: str = "biuro", password: str = "tajne") -> None:
        self.cert, key = self_signed(folder)
        self.logins: list[tuple[str, bool]] = []
        self.user, self.password = user, password
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        super().__init__()
        self.controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            tls_context=context,
            require_starttls=True,
            authenticator=self.authenticate,
        )

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        """Accept only the configured user; a failure must be 'not handled' (RECIPES.md)."""
        login = auth_data.login.decode() if isinstance(auth_data, LoginPassword) else ""
        ok = isinstance(auth_data, LoginPassword) and (
            login == self.user and auth_data.password.decode() == self.password
        )
        self.logins.append((login, ok))
        return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)

    def login_url(self, password: str | None = None) -> str:
        """Return INTAKE_SMTP_URL with STARTTLS, the login and the CA file."""
        secret = password or self.password
        return f"smtp+starttls://{self.user}:{secret}@127.0.0.1:{self.port}?cafile={self.cert}"


class Gateway:
    """A loopback HTTP server that records each POST and answers from a script.

    `answers` are given first, one per request; then `answer`. Subclasses say what a
    good answer of their API looks like (`ok(request)`).
    """

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.answer: tuple[int, dict] | None = None
        self.answers: list[tuple[int, dict]] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                request = {"path": self.path, "headers": dict(self.headers), "raw": raw}
                if "json" in (self.headers.get("Content-Type") or ""):
                    request["json"] = json.loads(raw or b"{}")
                else:
                    request["form"] = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                sink.requests.append(request)
                if sink.answers:
                    status, body = sink.answers.pop(0)
                else:
                    status, body = sink.answer or (0, {})
                if not status:
                    status, body = sink.ok(request)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        """Return the port it listens on."""
        return self.server.server_address[1]

    def ok(self, request: dict) -> tuple[int, dict]:
        """Return the API's answer to a message it took."""
        raise NotImplementedError

    def start(self) -> None:
        """Serve in a thread."""
        self.thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()


class TwilioApi(Gateway):
    """Speaks Twilio's POST /2010-04-01/Accounts/{AccountSid}/Messages.json (201 + JSON)."""

    SID = "AC0123456789abcdef0123456789abcdef"
    TOKEN = "twilio-token"

    def ok(self, request: dict) -> tuple[int, dict]:
        number = len(self.requests)
        form = request["form"]
        return 201, {
            "sid": f"SM{number:032x}",
            "account_sid": self.SID,
            "to": form.get("To"),
            "from": form.get("From"),
            "body": form.get("Body"),
            "status": "queued",
            "num_segments": "1",
            "error_code": None,
            "error_message": None,
        }

    def url(self, sender: str = "+48500100200") -> str:
        """Return INTAKE_SMS_URL for this server."""
        return f"twilio+http://{self.SID}:{self.TOKEN}@127.0.0.1:{self.port}?from={sender}"

    @staticmethod
    def invalid_number(number: str) -> tuple[int, dict]:
        """Return Twilio's answer to a 'To' that is not a phone number (error 21211)."""
        return 400, {
            "code": 21211,
            "message": f"The 'To' number {number} is not a valid phone number.",
            "more_info": "https://www.twilio.com/docs/errors/21211",
            "status": 400,
        }


class WhatsAppApi(Gateway):
    """Speaks the WhatsApp Business Cloud API's POST /{version}/{phone-number-id}/messages."""

    TOKEN = "EAAG-test-token"
    PHONE_ID = "106540352242922"

    def ok(self, request: dict) -> tuple[int, dict]:
        to = request["json"].get("to")
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": f"wamid.HBgL{len(self.requests):08d}"}],
        }

    def url(self, template: str | None = None) -> str:
        """Return INTAKE_WHATSAPP_URL for this server."""
        query = f"?template={template}&language=pl" if template else ""
        return f"whatsapp+http://{self.TOKEN}@127.0.0.1:{self.port}/v21.0/{self.PHONE_ID}{query}"

    @staticmethod
    def error(code: int, message: str, status: int = 400) -> tuple[int, dict]:
        """Return a Cloud API error answer."""
        return status, {
            "error": {
                "message": f"(#{code}) {message}",
                "type": "OAuthException",
                "code": code,
                "error_data": {"messaging_product": "whatsapp", "details": message},
                "fbtrace_id": "AbCdEf",
            }
        }
