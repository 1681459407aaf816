"""One HTTP POST for the gateways (SMSAPI, Twilio, WhatsApp Cloud), with a timeout."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from intake.network import is_loopback


def opener(endpoint: str) -> urllib.request.OpenerDirector:
    """Return an opener; a gateway on loopback (tests) is reached directly, not by proxy."""
    if is_loopback(urlsplit(endpoint).hostname or ""):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def post(endpoint: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    """POST a body and return (HTTP status, answer); an HTTP error status is an answer too.

    Raises OSError when the gateway cannot be reached (refused, timed out, TLS).
    """
    request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
    try:
        with opener(endpoint).open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
