"""KSeF's limits: 429 and Retry-After obeyed, and one count shared by every process."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import time
import uuid

import pytest

from ksef import limits
from ksef.client import Api
from ksef.errors import RateLimited
from ksef.sync import sync_company
from tests.conftest import ROOT
from tests.ksef.conftest import OFFICE_NIP, REAL_BUYER, purchase
from tests.services import REDIS_URL, require


def test_429s_with_retry_after_are_waited_out_and_the_sync_goes_on(office):
    server = office.server
    server.grant(REAL_BUYER, OFFICE_NIP)
    rng = random.Random(3)
    for i in range(6):
        server.add(purchase(rng, REAL_BUYER)[0], dt.datetime(2026, 3, 2, i, tzinfo=dt.UTC))
    office.use_certificate()
    server.throttle = {"invoiceExport": 1, "invoiceExportStatus": 2, "auth": 1}
    server.failures = {"part": 1}  # and one part download fails on KSeF's side
    report = sync_company(office.rt, office.ids["real"])
    assert report.error is None and report.fetched == 6
    assert server.throttle == {"invoiceExport": 0, "invoiceExportStatus": 0, "auth": 0}


def test_a_long_retry_after_stops_the_company_until_next_time(office):
    server = office.server
    server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    server.retry_after = 600
    server.throttle = {"invoiceExport": 1}
    report = sync_company(office.rt, office.ids["real"])
    assert report.error is not None and report.error.code == "rate_limited"
    assert report.error.params["seconds"] == 600


def test_backoff_is_jittered_and_bounded():
    slept: list[float] = []
    api = Api("http://127.0.0.1:9/v2", attempts=4, backoff_s=0.5, sleep=slept.append)
    with pytest.raises(Exception) as excinfo:
        api.call("GET", "/rate-limits")
    assert excinfo.value.code == "unreachable"  # type: ignore[attr-defined]
    assert len(slept) == 3 and all(0 <= s <= 0.5 * 2**i for i, s in enumerate(slept))


def test_the_limiter_keeps_the_count_in_memory_without_a_broker(monkeypatch):
    monkeypatch.setitem(limits.LIMITS, "invoiceExport", (2, 3, 5))
    limiter = limits.Limiter(max_wait_s=5)
    started = time.monotonic()
    for _ in range(3):
        limiter.acquire("test:1", "invoiceExport")  # the third waits for the next second
    assert time.monotonic() - started >= 0.9
    with pytest.raises(RateLimited):
        limiter.acquire("test:1", "invoiceExport")  # the minute's three are used
    limiter.acquire("test:2", "invoiceExport")  # another context counts apart


SHARE = """
import sys
from ksef import limits
limits.LIMITS["invoiceExport"] = (5, 3, 5)
limiter = limits.Limiter(redis_url=sys.argv[1], max_wait_s=0)
for _ in range(int(sys.argv[3])):
    limiter.acquire(sys.argv[2], "invoiceExport")
"""


def test_the_limiter_is_shared_by_every_process_through_redis(monkeypatch):
    require("127.0.0.1", 6379, "Redis")
    context = f"test:{uuid.uuid4().hex[:8]}"
    done = subprocess.run(
        [sys.executable, "-c", SHARE, REDIS_URL, context, "3"],
        cwd=ROOT,
        env=os.environ,
        capture_output=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    monkeypatch.setitem(limits.LIMITS, "invoiceExport", (5, 3, 5))
    here = limits.Limiter(redis_url=REDIS_URL, max_wait_s=0)
    with pytest.raises(RateLimited):
        here.acquire(context, "invoiceExport")  # the other process used the minute's three
    here.block(f"{context}x", "invoiceExport", 30)
    other = subprocess.run(
        [sys.executable, "-c", SHARE, REDIS_URL, f"{context}x", "1"],
        cwd=ROOT,
        env=os.environ,
        capture_output=True,
        timeout=30,
    )
    assert other.returncode != 0 and b"RateLimited" in other.stderr  # a 429 holds all back
