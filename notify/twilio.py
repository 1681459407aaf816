"""SMS through Twilio's Programmable Messaging API (POST .../Accounts/SID/Messages.json).

INTAKE_SMS_URL forms:
  twilio://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com?from=+48500100200
  twilio://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com?from=MG0123...   (a Messaging Service)
  twilio+http://ACCOUNT_SID:AUTH_TOKEN@127.0.0.1:PORT?from=...     (loopback only: tests)
With a public address, each message asks for status callbacks at /hooks/twilio; they are
signed with the auth token (X-Twilio-Signature), checked by `valid_signature`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlencode

from intake.config import redact
from intake.network import is_loopback
from notify.errors import ChannelConfigError, DeliveryError, Problem, describe
from notify.http import post
from notify.outgoing import Handover, Outgoing
from notify.smtp import split_url

logger = logging.getLogger(__name__)

SETTING = "INTAKE_SMS_URL"
TIMEOUT_S = 15
API_PATH = "/2010-04-01/Accounts/{sid}/Messages.json"
# Twilio's error codes a later try may get through: rate limits and queue overflow.
TEMPORARY_CODES = {20429, 30001, 14107}


@dataclass(frozen=True)
class TwilioChannel:
    """Sends SMS through Twilio (or any server speaking its Messages API)."""

    endpoint: str
    account_sid: str
    token: str
    sender: str
    status_callback: str | None = None
    timeout: float = TIMEOUT_S

    @classmethod
    def from_url(cls, url: str, status_callback: str | None = None) -> TwilioChannel:
        """Parse a twilio:// INTAKE_SMS_URL."""
        parts, port = split_url(SETTING, url)
        shown = redact(url)
        sid, token = unquote(parts.username or ""), unquote(parts.password or "")
        if not sid or not token or not parts.hostname:
            raise ChannelConfigError(Problem.NO_TOKEN, name=SETTING, value=shown)
        plain = parts.scheme == "twilio+http"
        if plain and not is_loopback(parts.hostname):
            raise ChannelConfigError(
                Problem.PLAIN_OFF_LOOPBACK, name=SETTING, value=shown, scheme="twilio+http"
            )
        # '?from=+48500100200': a plus in a phone number is a plus, not a space.
        sender = next(iter(parse_qs(parts.query.replace("+", "%2B")).get("from", [])), "")
        if not sender:
            raise ChannelConfigError(Problem.NO_SENDER_NUMBER, name=SETTING, value=shown)
        netloc = parts.hostname + (f":{port}" if port else "")
        endpoint = f"{'http' if plain else 'https'}://{netloc}{API_PATH.format(sid=sid)}"
        return cls(endpoint, sid, token, sender, status_callback)

    def send(self, message: Outgoing, handover: Handover | None = None) -> str | None:
        """Send one SMS; return Twilio's message SID or raise DeliveryError."""
        form = {"To": message.recipient, "Body": message.body}
        if self.sender.startswith("MG"):
            form["MessagingServiceSid"] = self.sender
        else:
            form["From"] = self.sender
        if self.status_callback:
            form["StatusCallback"] = self.status_callback
        basic = base64.b64encode(f"{self.account_sid}:{self.token}".encode()).decode()
        headers = {
            "Authorization": f"Basic {basic}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        try:
            status, raw = post(self.endpoint, urlencode(form).encode(), headers, self.timeout)
        except OSError as e:
            raise DeliveryError(Problem.SMS_UNREACHABLE, temporary=True, detail=describe(e)) from e
        return read_answer(status, raw)


def read_answer(status: int, raw: bytes) -> str:
    """Return the SID from Twilio's answer, or raise DeliveryError with its code and message."""
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise DeliveryError(
            Problem.SMS_ANSWER,
            temporary=status >= 500 or status == 429,
            status=status,
            detail=raw[:200].decode(errors="replace"),
        )
    if status >= 400 or not answer.get("sid"):
        code = int(answer.get("code") or status)
        raise DeliveryError(
            Problem.SMS_REFUSED,
            temporary=status >= 500 or status == 429 or code in TEMPORARY_CODES,
            status=code,
            detail=str(answer.get("message", "")),
        )
    return str(answer["sid"])


def signature(token: str, url: str, params: Mapping[str, str]) -> str:
    """Return the X-Twilio-Signature Twilio computes for a callback (HMAC-SHA1, base64)."""
    data = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    digest = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def valid_signature(token: str, url: str, params: Mapping[str, str], given: str) -> bool:
    """Tell whether a callback carries Twilio's signature of its URL and parameters."""
    return hmac.compare_digest(signature(token, url, params), given or "")
