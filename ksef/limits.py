"""KSeF's request limits, kept on our side before KSeF has to say 429 (docs/limity-api.md).

Limits count per context (the client's NIP) and endpoint, in sliding windows of a second,
a minute and an hour. Every process of an installation shares one count: in Redis when
the broker is Redis (a Lua script checks and records atomically), in memory otherwise
(the embedded default runs in one process). A 429 with Retry-After blocks the endpoint for
that context everywhere until the time is up.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ksef.errors import RateLimited
from ksef.vocabulary import Environment

# requests per second, minute and hour (docs/limity-api.md, open-api.json x-rate-limits)
LIMITS: dict[str, tuple[int, int, int]] = {
    "invoiceExport": (8, 16, 20),
    "invoiceExportStatus": (10, 60, 600),
    "invoiceDownload": (8, 16, 64),
    "invoiceMetadata": (8, 16, 20),
    "other": (10, 30, 120),
    "auth": (60, 3600, 216000),
}
WINDOWS = (1.0, 60.0, 3600.0)
# The test environment's limits are ten times production's; demo's are production's.
SCALE = {Environment.TEST: 10, Environment.DEMO: 1, Environment.PROD: 1}

ACQUIRE = """
local key, block = KEYS[1], KEYS[2]
local now, a, b, c, member = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]),
  tonumber(ARGV[4]), ARGV[5]
local blocked = redis.call('PTTL', block)
if blocked > 0 then return blocked end
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - 3600000)
local limits = {{1000, a}, {60000, b}, {3600000, c}}
for _, w in ipairs(limits) do
  local n = redis.call('ZCOUNT', key, now - w[1], '+inf')
  if n >= w[2] then
    local oldest = redis.call('ZRANGEBYSCORE', key, now - w[1], '+inf', 'WITHSCORES', 'LIMIT',
      n - w[2], 1)
    return math.max(1, tonumber(oldest[2]) + w[1] - now)
  end
end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, 3600000)
return 0
"""


@dataclass
class Limiter:
    """Waits until a request may go out without breaking KSeF's limits."""

    redis_url: str | None = None
    scale: int = 1
    max_wait_s: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    _local: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _blocked: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _redis: Any = None
    _script: Any = None
    _seq: int = 0

    def acquire(self, context: str, group: str) -> None:
        """Wait for a free slot of an endpoint group in a context; raise RateLimited if long."""
        waited = 0.0
        while True:
            wait = self._try(context, group)
            if wait <= 0:
                return
            if waited + wait > self.max_wait_s:
                raise RateLimited(wait)
            self.sleep(wait)
            waited += wait

    def block(self, context: str, group: str, seconds: float) -> None:
        """Hold every process back from an endpoint in a context (after a 429)."""
        if self.redis_url:
            self._client().set(f"ksef:block:{context}:{group}", 1, px=max(1, int(seconds * 1000)))
            return
        with self._lock:
            self._blocked[f"{context}:{group}"] = time.monotonic() + seconds

    def _limits(self, group: str) -> tuple[int, int, int]:
        a, b, c = LIMITS.get(group, LIMITS["other"])
        return a * self.scale, b * self.scale, c * self.scale

    def _try(self, context: str, group: str) -> float:
        """Record a request and return 0, or return the seconds to wait first."""
        a, b, c = self._limits(group)
        if self.redis_url:
            client = self._client()
            with self._lock:
                self._seq += 1
                member = f"{time.time_ns()}-{id(self)}-{self._seq}"
            keys = [f"ksef:rate:{context}:{group}", f"ksef:block:{context}:{group}"]
            now_ms = int(time.time() * 1000)
            wait_ms = self._script(keys=keys, args=[now_ms, a, b, c, member], client=client)
            return int(wait_ms) / 1000
        with self._lock:
            key = f"{context}:{group}"
            now = time.monotonic()
            if (until := self._blocked.get(key, 0.0)) > now:
                return until - now
            stamps = self._local[key]
            while stamps and stamps[0] <= now - WINDOWS[-1]:
                stamps.popleft()
            for window, limit in zip(WINDOWS, (a, b, c), strict=True):
                inside = [t for t in stamps if t > now - window]
                if len(inside) >= limit:
                    return max(0.001, inside[len(inside) - limit] + window - now)
            stamps.append(now)
            return 0.0

    def _client(self) -> Any:
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(self.redis_url or "", socket_timeout=10)
            self._script = self._redis.register_script(ACQUIRE)
        return self._redis


_shared: dict[tuple[str | None, int], Limiter] = {}


def limiter_for(broker_url: str | None, environment: Environment) -> Limiter:
    """Return the process's limiter for a broker and environment (Redis when it is Redis)."""
    redis_url = (
        broker_url if broker_url and broker_url.startswith(("redis://", "rediss://")) else None
    )
    key = (redis_url, SCALE[environment])
    if key not in _shared:
        _shared[key] = Limiter(redis_url=redis_url, scale=SCALE[environment])
    return _shared[key]
