"""SMS through SMSAPI.pl's HTTP API (POST /sms.do with a Bearer token, format=json).

INTAKE_SMS_URL forms:
  smsapi://TOKEN@api.smsapi.pl?from=Biuro     -> POST https://api.smsapi.pl/sms.do
  https://TOKEN@host/path?from=Biuro           -> POST https://host/path (default /sms.do)
  http://TOKEN@127.0.0.1:PORT/sms.do           -> plain HTTP, loopback only (tests)
Query parameters `from` (a registered sender name), `test=1` (SMSAPI's dry run) and
`normalize=1` (replace Polish letters so a message fits in fewer parts) are passed on.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from intake.config import redact
from notify.channels import Outgoing
from notify.errors import ChannelConfigError, DeliveryError
from notify.smtp import is_loopback

logger = logging.getLogger(__name__)

TIMEOUT_S = 15
PASSED_ON = ("from", "test", "normalize", "encoding")
# SMSAPI's error codes that a later try may get through: internal errors and rate limits.
TEMPORARY_ERRORS = {201, 202, 203, 999}


def normalize_phone(raw: str) -> str:
    """Return a phone number as digits with the country code; 9 digits are Polish."""
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    if not digits.isdigit() or not 9 <= len(digits) <= 15:
        raise DeliveryError(f"{raw!r} is not a phone number", temporary=False)
    return "48" + digits if len(digits) == 9 else digits


@dataclass(frozen=True)
class SmsApiChannel:
    """Sends SMS through SMSAPI.pl (or any server speaking its sms.do API)."""

    endpoint: str
    token: str
    params: dict[str, str] = field(default_factory=dict)
    timeout: float = TIMEOUT_S

    @classmethod
    def from_url(cls, url: str) -> SmsApiChannel:
        """Parse INTAKE_SMS_URL into an endpoint, a token and the passed-on parameters."""
        parts = urlsplit(url)
        if parts.scheme not in ("smsapi", "https", "http"):
            raise ChannelConfigError(
                f"INTAKE_SMS_URL={redact(url)!r}: only SMSAPI is supported "
                "(smsapi://TOKEN@api.smsapi.pl or https://TOKEN@host/sms.do)"
            )
        token = unquote(parts.password or parts.username or "")
        if not token or not parts.hostname:
            raise ChannelConfigError(f"INTAKE_SMS_URL={redact(url)!r}: expected TOKEN@host")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ChannelConfigError(f"INTAKE_SMS_URL={redact(url)!r}: http:// only on loopback")
        scheme = "http" if parts.scheme == "http" else "https"
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        path = parts.path if parts.path not in ("", "/") else "/sms.do"
        params = {k: v for k, v in parse_qsl(parts.query) if k in PASSED_ON}
        return cls(endpoint=f"{scheme}://{netloc}{path}", token=token, params=params)

    def send(self, message: Outgoing) -> str | None:
        """Send one SMS; return SMSAPI's message id or raise DeliveryError."""
        form = {
            **self.params,
            "to": normalize_phone(message.recipient),
            "message": message.body,
            "format": "json",
        }
        if message.sender and "from" not in self.params:
            form["from"] = message.sender
        request = urllib.request.Request(
            self.endpoint,
            data=urlencode(form).encode(),
            headers={"Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        except OSError as e:
            raise DeliveryError(f"SMS gateway {self.endpoint}: {e}", temporary=True) from e
        return read_answer(status, raw)

    def _opener(self) -> urllib.request.OpenerDirector:
        # A gateway on loopback (tests) is reached directly, whatever *_proxy says.
        if is_loopback(urlsplit(self.endpoint).hostname or ""):
            return urllib.request.build_opener(urllib.request.ProxyHandler({}))
        return urllib.request.build_opener()


def read_answer(status: int, raw: bytes) -> str | None:
    """Return the id from an SMSAPI answer, or raise DeliveryError with its message."""
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise DeliveryError(
            f"SMS gateway answered HTTP {status}: {raw[:200]!r}", temporary=status >= 500
        )
    if "error" in answer:
        code = int(answer.get("error") or 0)
        raise DeliveryError(
            f"SMSAPI error {code}: {answer.get('message', '')}",
            temporary=code in TEMPORARY_ERRORS or status == 429 or status >= 500,
        )
    if status >= 400 or not answer.get("count"):
        raise DeliveryError(
            f"SMS gateway answered HTTP {status}: {answer}", temporary=status >= 500
        )
    first = (answer.get("list") or [{}])[0]
    if first.get("error"):
        raise DeliveryError(f"SMSAPI refused {first.get('number')}: {first}", temporary=False)
    return str(first.get("id")) if first.get("id") else None
