"""WhatsApp through the WhatsApp Business Cloud API (POST /VERSION/PHONE_NUMBER_ID/messages).

INTAKE_WHATSAPP_URL forms:
  whatsapp://ACCESS_TOKEN@graph.facebook.com/v21.0/PHONE_NUMBER_ID
  whatsapp://ACCESS_TOKEN@graph.facebook.com/v21.0/PHONE_NUMBER_ID?template=NAME&language=pl
  whatsapp+http://ACCESS_TOKEN@127.0.0.1:PORT/v21.0/PHONE_NUMBER_ID   (loopback only: tests)
A text message reaches a person who wrote to the business in the last 24 hours; outside
that window WhatsApp wants an approved template: with `template=`, the message goes as
that template with the text as its one body parameter. Delivery is reported to the
webhook /hooks/whatsapp (signed with the app secret, INTAKE_WHATSAPP_APP_SECRET).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote

from intake.config import redact
from intake.network import is_loopback
from notify.errors import ChannelConfigError, DeliveryError, Problem, describe
from notify.http import post
from notify.outgoing import Handover, Outgoing
from notify.smtp import split_url

logger = logging.getLogger(__name__)

SETTING = "INTAKE_WHATSAPP_URL"
TIMEOUT_S = 15
# Cloud API error codes a later try may get through: rate limits, temporary outages.
TEMPORARY_CODES = {1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004}
BODY_LIMIT = 4096


@dataclass(frozen=True)
class WhatsAppChannel:
    """Sends text (or template) messages through the WhatsApp Business Cloud API."""

    endpoint: str
    token: str
    template: str | None = None
    language: str = "pl"
    timeout: float = TIMEOUT_S

    @classmethod
    def from_url(cls, url: str) -> WhatsAppChannel:
        """Parse INTAKE_WHATSAPP_URL into the messages endpoint and the access token."""
        parts, port = split_url(SETTING, url)
        shown = redact(url)
        if parts.scheme not in ("whatsapp", "whatsapp+http"):
            raise ChannelConfigError(Problem.WHATSAPP_SCHEME, name=SETTING, value=shown)
        token = unquote(parts.password or parts.username or "")
        path = parts.path.strip("/")
        if not token or not parts.hostname or path.count("/") != 1:
            raise ChannelConfigError(Problem.WHATSAPP_SCHEME, name=SETTING, value=shown)
        plain = parts.scheme == "whatsapp+http"
        if plain and not is_loopback(parts.hostname):
            raise ChannelConfigError(
                Problem.PLAIN_OFF_LOOPBACK, name=SETTING, value=shown, scheme="whatsapp+http"
            )
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        netloc = parts.hostname + (f":{port}" if port else "")
        return cls(
            endpoint=f"{'http' if plain else 'https'}://{netloc}/{path}/messages",
            token=token,
            template=query.get("template"),
            language=query.get("language", "pl"),
        )

    def payload(self, message: Outgoing) -> dict[str, Any]:
        """Return the JSON of one message: text, or the template with the text as parameter."""
        to = message.recipient.removeprefix("+")  # the Cloud API writes 48600100200
        body = message.body[:BODY_LIMIT]
        if self.template:
            return {
                "messaging_product": "whatsapp",
                "to": to,
                "type": "template",
                "template": {
                    "name": self.template,
                    "language": {"code": self.language},
                    "components": [
                        {"type": "body", "parameters": [{"type": "text", "text": body}]}
                    ],
                },
            }
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"preview_url": False, "body": body},
        }

    def send(self, message: Outgoing, handover: Handover | None = None) -> str | None:
        """Send one message; return its wamid or raise DeliveryError."""
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        body = json.dumps(self.payload(message)).encode()
        try:
            status, raw = post(self.endpoint, body, headers, self.timeout)
        except OSError as e:
            raise DeliveryError(
                Problem.WHATSAPP_UNREACHABLE, temporary=True, detail=describe(e)
            ) from e
        return read_answer(status, raw)


def read_answer(status: int, raw: bytes) -> str:
    """Return the message id (wamid) of an answer, or raise DeliveryError with its error."""
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise DeliveryError(
            Problem.WHATSAPP_ANSWER,
            temporary=status >= 500 or status == 429,
            status=status,
            detail=raw[:200].decode(errors="replace"),
        )
    error = answer.get("error")
    if isinstance(error, dict) or status >= 400:
        error = error if isinstance(error, dict) else {}
        code = int(error.get("code") or status)
        details = (error.get("error_data") or {}).get("details") or ""
        raise DeliveryError(
            Problem.WHATSAPP_REFUSED,
            temporary=status >= 500 or status == 429 or code in TEMPORARY_CODES,
            status=code,
            detail=_detail(str(error.get("message", "")), details),
        )
    messages = answer.get("messages") or [{}]
    if not messages[0].get("id"):
        raise DeliveryError(
            Problem.WHATSAPP_ANSWER, temporary=False, status=status, detail=json.dumps(answer)
        )
    return str(messages[0]["id"])


def _detail(message: str, details: str) -> str:
    """Return the Cloud API's message, with its details when they add something."""
    return message if details in message else f"{message} {details}".strip()


def valid_signature(app_secret: str, body: bytes, given: str) -> bool:
    """Tell whether a webhook body carries Meta's X-Hub-Signature-256 with the app secret."""
    expected = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given or "")
