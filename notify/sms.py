"""SMS through SMSAPI.pl's HTTP API (POST /sms.do with a Bearer token, format=json).

INTAKE_SMS_URL forms:
  smsapi://TOKEN@api.smsapi.pl?from=Biuro     -> POST https://api.smsapi.pl/sms.do
  https://TOKEN@host/path?from=Biuro           -> POST https://host/path (default /sms.do)
  http://TOKEN@127.0.0.1:PORT/sms.do           -> plain HTTP, loopback only (tests)
Query parameters `from` (a registered sender name), `test=1` (SMSAPI's dry run) and
`normalize=1` (replace Polish letters so a message fits in fewer parts) are passed on.
Each message carries its idempotency key as `idx` and, when Intake has a public address,
`notify_url` pointing at /hooks/smsapi, where SMSAPI reports it delivered (or not).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode

from intake.config import redact
from intake.network import is_loopback
from notify.errors import ChannelConfigError, DeliveryError, Problem, describe
from notify.http import post
from notify.outgoing import Handover, Outgoing
from notify.smtp import split_url

logger = logging.getLogger(__name__)

SETTING = "INTAKE_SMS_URL"
TIMEOUT_S = 15
PASSED_ON = ("from", "test", "normalize", "encoding")
# SMSAPI's error codes that a later try may get through: internal errors and rate limits.
TEMPORARY_ERRORS = {201, 202, 203, 999}


@dataclass(frozen=True)
class SmsApiChannel:
    """Sends SMS through SMSAPI.pl (or any server speaking its sms.do API)."""

    endpoint: str
    token: str
    params: dict[str, str] = field(default_factory=dict)
    timeout: float = TIMEOUT_S
    # Where SMSAPI reports delivery (None: no receipts).
    notify_url: str | None = None

    @classmethod
    def from_url(cls, url: str, notify_url: str | None = None) -> SmsApiChannel:
        """Parse INTAKE_SMS_URL into an endpoint, a token and the passed-on parameters."""
        parts, port = split_url(SETTING, url)
        shown = redact(url)
        if parts.scheme not in ("smsapi", "https", "http"):
            raise ChannelConfigError(Problem.SMS_SCHEME, name=SETTING, value=shown)
        token = unquote(parts.password or parts.username or "")
        if not token or not parts.hostname:
            raise ChannelConfigError(Problem.NO_TOKEN, name=SETTING, value=shown)
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ChannelConfigError(
                Problem.PLAIN_OFF_LOOPBACK, name=SETTING, value=shown, scheme="http"
            )
        scheme = "http" if parts.scheme == "http" else "https"
        netloc = parts.hostname + (f":{port}" if port else "")
        path = parts.path if parts.path not in ("", "/") else "/sms.do"
        params = {k: v for k, v in parse_qsl(parts.query) if k in PASSED_ON}
        return cls(
            endpoint=f"{scheme}://{netloc}{path}", token=token, params=params, notify_url=notify_url
        )

    def send(self, message: Outgoing, handover: Handover | None = None) -> str | None:
        """Send one SMS to an E.164 number; return SMSAPI's message id or raise DeliveryError."""
        form = {
            **self.params,
            "to": message.recipient.removeprefix("+"),  # SMSAPI writes 48600100200
            "message": message.body,
            "format": "json",
        }
        if message.sender and "from" not in self.params:
            form["from"] = message.sender
        if message.key:
            form["idx"] = message.key[:255]
        if self.notify_url:
            form["notify_url"] = self.notify_url
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            status, raw = post(self.endpoint, urlencode(form).encode(), headers, self.timeout)
        except OSError as e:
            raise DeliveryError(Problem.SMS_UNREACHABLE, temporary=True, detail=describe(e)) from e
        return read_answer(status, raw)


def read_answer(status: int, raw: bytes) -> str | None:
    """Return the id from an SMSAPI answer, or raise DeliveryError with its message."""
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise DeliveryError(
            Problem.SMS_ANSWER,
            temporary=status >= 500,
            status=status,
            detail=raw[:200].decode(errors="replace"),
        )
    if "error" in answer:
        code = int(answer.get("error") or 0)
        raise DeliveryError(
            Problem.SMS_REFUSED,
            temporary=code in TEMPORARY_ERRORS or status == 429 or status >= 500,
            status=code,
            detail=str(answer.get("message", "")),
        )
    if status >= 400 or not answer.get("count"):
        raise DeliveryError(
            Problem.SMS_ANSWER, temporary=status >= 500, status=status, detail=json.dumps(answer)
        )
    first = (answer.get("list") or [{}])[0]
    if first.get("error"):
        raise DeliveryError(
            Problem.SMS_REFUSED,
            temporary=False,
            status=first.get("error"),
            detail=f"{first.get('number')}: {first.get('status', '')}",
        )
    return str(first.get("id")) if first.get("id") else None
