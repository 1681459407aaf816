"""Shared fixtures: a runtime on the embedded defaults or on real services, app, client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, text

from intake import events, runtime
from intake.config import load_settings
from intake.models import Base
from intake.offices import add_company, add_user, create_office
from tests.services import (
    REDIS_URL,
    drop_pg_database,
    free_port,
    fresh_pg_database,
    require,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
PASSWORD = "correct-horse-42"


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """Run moto's S3 server on loopback for the whole session; yield its host:port."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """Create a PostgreSQL database for the session, migrated to head."""
    from intake.db import Database

    url = fresh_pg_database()
    database = Database(url)
    database.upgrade()
    database.dispose()
    yield url
    drop_pg_database(url)


def embedded_settings(tmp_path: Path):
    """Settings of a fresh machine: SQLite, a folder, the in-process broker."""
    return load_settings({"INTAKE_HOME": str(tmp_path / "var"), "INTAKE_SECRET_KEY": "test"})


def services_env(tmp_path: Path, pg_url: str, s3: str, bucket: str, **extra: str) -> dict:
    """The INTAKE_* variables of production: PostgreSQL, S3, Redis."""
    require("127.0.0.1", 6379, "Redis")
    return {
        "INTAKE_HOME": str(tmp_path / "var"),
        "INTAKE_SECRET_KEY": "test",
        "INTAKE_DATABASE_URL": pg_url,
        "INTAKE_STORAGE_URL": f"s3://testing:testing@{s3}/{bucket}?secure=false",
        "INTAKE_BROKER_URL": REDIS_URL,
        **extra,
    }


def services_settings(tmp_path: Path, pg_url: str, s3: str, bucket: str):
    """Settings of production: PostgreSQL, S3, Redis."""
    return load_settings(services_env(tmp_path, pg_url, s3, bucket))


def truncate_all(rt: runtime.Runtime) -> None:
    """Empty every table, children first."""
    with rt.db.session() as session:
        if session.bind.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))


@pytest.fixture(params=["embedded", "services"])
def rt(request, tmp_path) -> Iterator[runtime.Runtime]:
    """A started runtime with an in-process worker, once per infrastructure column."""
    if request.param == "embedded":
        settings = embedded_settings(tmp_path)
    else:
        pg = request.getfixturevalue("pg_url")
        s3 = request.getfixturevalue("s3_server")
        settings = services_settings(tmp_path, pg, s3, f"b{os.getpid()}-{id(request)}")
    started = runtime.start(settings)
    if request.param == "embedded":
        started.db.upgrade()
    else:
        truncate_all(started)
        started.broker.flush_all()
    started.start_worker()
    yield started
    started.stop()
    events.clear()


@pytest.fixture
def embedded(tmp_path) -> Iterator[runtime.Runtime]:
    """A runtime on the embedded defaults only, with an in-process worker."""
    started = runtime.start(embedded_settings(tmp_path))
    started.db.upgrade()
    started.start_worker()
    yield started
    started.stop()
    events.clear()


def seed_offices(rt: runtime.Runtime) -> dict[str, int]:
    """Two offices; A with staff, an owner and two client companies (a client each); B apart."""
    with rt.db.session() as s:
        a = create_office(s, "Biuro A")
        b = create_office(s, "Biuro B")
        staff = add_user(s, a, "staff@a.test", "Staff A", "staff", PASSWORD)
        owner = add_user(s, a, "owner@a.test", "Owner A", "owner", PASSWORD)
        c1 = add_company(s, a, "Firma Jeden", "5260250274", pin="4821", accountant=staff)
        c2 = add_company(s, a, "Firma Dwa", "7740001454", pin="1357", accountant=staff)
        c3 = add_company(s, b, "Firma Obca", "1132853869")
        client1 = add_user(s, a, "client1@a.test", "Client 1", "client", PASSWORD, company=c1)
        client2 = add_user(s, a, "client2@a.test", "Client 2", "client", PASSWORD, company=c2)
        client3 = add_user(s, b, "client3@b.test", "Client 3", "client", PASSWORD, company=c3)
        staff_b = add_user(s, b, "staff@b.test", "Staff B", "staff", PASSWORD)
        s.flush()
        return {
            "office_a": a.id,
            "office_b": b.id,
            "staff": staff.id,
            "owner": owner.id,
            "c1": c1.id,
            "c2": c2.id,
            "c3": c3.id,
            "client1": client1.id,
            "client2": client2.id,
            "client3": client3.id,
            "staff_b": staff_b.id,
        }


@pytest.fixture
def data(rt: runtime.Runtime) -> dict[str, int]:
    """Seeded offices on the parametrized runtime."""
    return seed_offices(rt)


@pytest.fixture
def app(embedded: runtime.Runtime):
    """The portal on the embedded runtime, CSRF on as in production."""
    from portal import create_app

    return create_app(embedded, TESTING=True, RATELIMIT_STORAGE_URI="memory://")


@pytest.fixture
def client(app):
    """A test client of the portal."""
    return app.test_client()


@pytest.fixture
def pdata(embedded: runtime.Runtime) -> dict[str, int]:
    """Seeded offices on the embedded runtime (portal tests)."""
    return seed_offices(embedded)


def sample(pattern: str) -> Path:
    """Return the first committed sample matching a glob."""
    found = sorted(SAMPLES.glob(pattern))
    assert found, f"no sample matches {pattern}"
    return found[0]


def wait_processed(rt: runtime.Runtime) -> None:
    """Let the in-process worker finish every queued job."""
    rt.broker.join("default", timeout=60_000)
    rt.worker.join()
