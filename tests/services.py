"""Real services for the tests: PostgreSQL, Redis, an S3 server (moto), each on loopback.

Like dramatiq's own suite, a missing service skips its tests on a laptop and fails them
when CI is set.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import uuid

import pytest

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def claim_redis_db(server: str = "redis://127.0.0.1:6379") -> str:
    """Return the URL of a Redis database no other test run on this machine is using.

    Two runs sharing one database flush each other's queues and run each other's jobs
    (a document then stays unread in one of them), so each run claims one of databases
    1-15 with a key in database 0, released at exit and expiring if the run dies. The
    claim is put in the environment, so the run's child processes use the same database.
    """
    if "TEST_REDIS_URL" in os.environ:
        return os.environ["TEST_REDIS_URL"]
    url = f"{server}/15"
    try:
        import redis

        lock = redis.Redis.from_url(f"{server}/0", socket_connect_timeout=1)
        token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        for db in range(15, 0, -1):
            key = f"intake-tests:db:{db}"
            if lock.set(key, token, nx=True, ex=4 * 3600):
                atexit.register(release, lock, key, token)
                url = f"{server}/{db}"
                break
    except Exception:  # Redis down: tests needing it skip, or fail under CI, via require()
        pass
    os.environ["TEST_REDIS_URL"] = url
    return url


def release(lock: object, key: str, token: str) -> None:
    """Give a claimed Redis database back, if the claim is still ours."""
    try:
        if lock.get(key) == token.encode():  # type: ignore[attr-defined]
            lock.delete(key)  # type: ignore[attr-defined]
    except Exception:
        pass


REDIS_URL = claim_redis_db()
AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def answers(host: str, port: int) -> bool:
    """Tell whether something listens on a TCP port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(host: str, port: int, what: str) -> None:
    """Skip (or fail under CI) when a service does not answer."""
    if answers(host, port):
        return
    message = f"{what} does not answer on {host}:{port}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_pg_database() -> str:
    """Create a throwaway PostgreSQL database and return its URL."""
    import psycopg

    require("127.0.0.1", 5432, "PostgreSQL")
    name = f"intake_test_{uuid.uuid4().hex[:10]}"
    admin = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


DROPPED: list[str] = []  # throwaway databases, dropped when the run ends
DROP = """
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    for name in sys.argv[2:]:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
"""


def drop_pg_database(url: str) -> None:
    """Drop a throwaway database when the run ends, in a process of its own.

    DROP DATABASE forces an immediate checkpoint of everything the run has written: in
    the middle of the suite one took 40 s. At the end a detached process drops them all.
    """
    DROPPED.append(url.rsplit("/", 1)[1])


@atexit.register
def _drop_databases() -> None:
    if DROPPED:
        admin = PG_URL.replace("postgresql+psycopg://", "postgresql://")
        subprocess.Popen(
            [sys.executable, "-c", DROP, admin, *DROPPED],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
