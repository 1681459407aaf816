"""Real services for the tests: PostgreSQL, Redis, an S3 server (moto), each on loopback.

Like dramatiq's own suite, a missing service skips its tests on a laptop and fails them
when CI is set.
"""

from __future__ import annotations

import os
import socket
import uuid

import pytest

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
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


def drop_pg_database(url: str) -> None:
    """Drop a throwaway database, closing its connections."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
