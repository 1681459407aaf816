"""The KSeF API 2.0 over HTTP: one request, its limits, 429s and passing failures.

Every request first takes a slot from the shared limiter; a 429 is obeyed (Retry-After,
plus jitter, and the endpoint held back for every process); a refused connection, a
timeout or a 5xx is tried again with exponential backoff and full jitter. Whatever is
left raises: RateLimited, Unavailable, or ApiError with KSeF's own codes.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import urllib3

from ksef.errors import ApiError, RateLimited, Reason, Unavailable
from ksef.limits import Limiter

logger = logging.getLogger(__name__)

# How long one 429 may make us wait before the sync gives the company up until next time.
MAX_RETRY_AFTER_S = 60.0


@dataclass(frozen=True)
class Answer:
    """A response: its status, headers and body."""

    status: int
    headers: dict[str, str]
    data: bytes

    def json(self) -> Any:
        """Return the body as JSON."""
        return json.loads(self.data or b"{}")


@dataclass
class Api:
    """A client of one KSeF base address (https://api.ksef.mf.gov.pl/v2 or INTAKE_KSEF_URL)."""

    base_url: str
    timeout_s: float = 30.0
    cafile: str | None = None
    limiter: Limiter | None = None
    attempts: int = 5
    backoff_s: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    pool: urllib3.PoolManager = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.pool = urllib3.PoolManager(
            num_pools=4,
            maxsize=8,
            ca_certs=self.cafile,
            retries=False,
            timeout=urllib3.Timeout(connect=min(10.0, self.timeout_s), read=self.timeout_s),
        )

    def call(
        self,
        method: str,
        path: str,
        *,
        group: str = "other",
        context: str = "",
        bearer: str | None = None,
        payload: Any = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        ok: tuple[int, ...] = (200,),
    ) -> Answer:
        """Send one request (after the limiter lets it go) and return a good answer."""
        headers = {"Accept": "application/json"}
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        if payload is not None:
            body = json.dumps(payload).encode()
        if body is not None:
            headers["Content-Type"] = content_type
        url = f"{self.base_url}{path}"
        for attempt in range(1, self.attempts + 1):
            if self.limiter is not None:
                self.limiter.acquire(context, group)
            answer = self._send(method, url, headers, body, attempt)
            if answer is None:
                continue
            if answer.status == 429:
                self._wait_after_429(answer, context, group, attempt)
                continue
            if answer.status >= 500:
                logger.warning("KSeF %s %s answered %s", method, path, answer.status)
                self._backoff(attempt, Reason.SERVER_ERROR, status=answer.status, what=path)
                continue
            if answer.status in ok:
                return answer
            try:
                parsed = answer.json()
            except ValueError:
                parsed = {}
            raise ApiError(answer.status, f"{method} {path}", parsed)
        raise AssertionError("unreachable")  # the last attempt always raises

    def download(self, url: str) -> Answer:
        """GET a package part from the address KSeF gave (no token, no API limits)."""
        for attempt in range(1, self.attempts + 1):
            answer = self._send("GET", url, {}, None, attempt)
            if answer is None:
                continue
            if answer.status == 200:
                return answer
            if answer.status == 429 or answer.status >= 500:
                self._backoff(attempt, Reason.SERVER_ERROR, status=answer.status, what="part")
                continue
            raise ApiError(answer.status, "GET part", {})
        raise AssertionError("unreachable")

    def _send(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, attempt: int
    ) -> Answer | None:
        try:
            response = self.pool.request(method, url, headers=headers, body=body)
        except urllib3.exceptions.HTTPError as e:
            logger.warning("KSeF %s %s: %s (attempt %s)", method, url, e, attempt)
            self._backoff(attempt, Reason.UNREACHABLE, detail=type(e).__name__)
            return None
        return Answer(response.status, dict(response.headers), response.data)

    def _wait_after_429(self, answer: Answer, context: str, group: str, attempt: int) -> None:
        try:
            retry_after = float(answer.headers.get("Retry-After", "30"))
        except ValueError:
            retry_after = 30.0
        if self.limiter is not None:
            self.limiter.block(context, group, retry_after)
        if attempt >= self.attempts or retry_after > MAX_RETRY_AFTER_S:
            raise RateLimited(retry_after)
        logger.info("KSeF asks to wait %s s (%s, %s)", retry_after, group, context)
        self.sleep(retry_after + random.uniform(0, 0.25 * max(retry_after, 1.0)))

    def _backoff(self, attempt: int, reason: Reason, **params: Any) -> None:
        """Sleep a jittered, doubling time; after the last attempt raise Unavailable."""
        if attempt >= self.attempts:
            params.setdefault("detail", "")
            params.setdefault("status", "-")
            params.setdefault("what", "-")
            raise Unavailable(reason, **params)
        self.sleep(random.uniform(0, self.backoff_s * 2 ** (attempt - 1)))
