"""The one fixtures plugin: runtimes on the embedded defaults or on real services, app, client.

Every runtime starts from one migrated database: an SQLite file migrated once per session
and copied into each test's INTAKE_HOME, or a PostgreSQL database migrated once and
emptied between tests. Seeding goes through the domain functions (tests/seeding.py), and
every INTAKE_* set comes from tests/environment.py.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from pathlib import Path

import dramatiq
import pytest
from dramatiq.middleware import Middleware
from sqlalchemy import delete, select, text

from intake import events, runtime
from intake.config import load_settings
from intake.models import Base, Document
from intake.vocabulary import DocumentStatus
from tests.environment import intake_env, services_env
from tests.seeding import PASSWORD, cheap_hashing, seed_offices
from tests.services import drop_pg_database, free_port, fresh_pg_database

__all__ = ["PASSWORD", "seed_offices", "services_env"]

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    """Hash passwords and PINs cheaply: seeding stays fast, verification stays real.

    In-process workers look up every 20 ms, so stopping one takes 0.05 s, not 0.3 s: some
    six hundred tests stop one.
    """
    cheap_hashing()
    runtime.WORKER_POLL_MS = 20
    made = runtime.make_broker

    def journaled(url: str | None) -> dramatiq.Broker:  # every test broker keeps a journal
        broker = made(url)
        broker.add_middleware(Journal())
        return broker

    runtime.make_broker = journaled  # type: ignore[assignment]
    # The last words of the job machinery, for the same report: what was sent where, and
    # anything that warned.
    RECENT.setLevel(logging.DEBUG)
    logging.getLogger("intake.broker").addHandler(RECENT)
    logging.getLogger("intake.broker").setLevel(logging.DEBUG)
    logging.getLogger("intake.unit").addHandler(RECENT)
    logging.getLogger("dramatiq").addHandler(RECENT)


class Recent(logging.Handler):
    """Keeps the last records it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: deque[str] = deque(maxlen=100)

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or record.name == "intake.broker":
            self.lines.append(f"{record.name} {record.levelname} {record.getMessage()[:200]}")


RECENT = Recent()


class Journal(Middleware):
    """What each job of a broker went through, and against which home it ran: a wait that
    finds work still waiting says it (see `why`)."""

    def __init__(self) -> None:
        self.seen: deque[str] = deque(maxlen=200)

    def after_enqueue(self, broker, message, delay) -> None:  # type: ignore[no-untyped-def]
        self.seen.append(f"sent {message.actor_name}{tuple(message.args)} delay={delay}")

    def after_process_message(  # type: ignore[no-untyped-def]
        self, broker, message, *, result=None, exception=None
    ) -> None:
        try:
            home = runtime.current().settings.home.parent.name
        except RuntimeError:
            home = None
        outcome = f" raised {exception!r}" if exception else ""
        self.seen.append(f"ran {message.actor_name}{tuple(message.args)} in {home}{outcome}")

    def after_skip_message(self, broker, message) -> None:  # type: ignore[no-untyped-def]
        self.seen.append(f"skipped {message.actor_name}{tuple(message.args)}")


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


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database migrated once per session, copied into each test's home."""
    from intake.db import Database

    path = tmp_path_factory.mktemp("template") / "intake.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return path


def fresh_home(tmp_path: Path, migrated_db: Path) -> Path:
    """Return an INTAKE_HOME holding a copy of the migrated database."""
    home = tmp_path / "var"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(migrated_db, home / "intake.db")
    return home


def embedded_settings(tmp_path: Path, **overrides: str):
    """Settings of a fresh machine: SQLite, a folder, the in-process broker."""
    return load_settings(intake_env(tmp_path / "var", **overrides))


def services_settings(tmp_path: Path, pg_url: str, s3: str, bucket: str):
    """Settings of production: PostgreSQL, S3, Redis."""
    return load_settings(services_env(tmp_path / "var", pg_url, s3, bucket))


def truncate_all(rt: runtime.Runtime) -> None:
    """Empty every table, children first."""
    with rt.db.session() as session:
        if session.bind.dialect.name == "postgresql":
            # DELETE, not TRUNCATE: a TRUNCATE of every table makes new files for each and
            # took 1.3 s a test; these tables hold a few rows. The foreign keys' triggers
            # are off meanwhile, and the sequences start again, as RESTART IDENTITY did.
            session.execute(text("SET LOCAL session_replication_role = replica"))
            for table in Base.metadata.sorted_tables:
                session.execute(delete(table))
            sequences = session.scalars(
                text(
                    "SELECT sequence_name FROM information_schema.sequences"
                    " WHERE sequence_schema = current_schema()"
                )
            ).all()
            for name in sequences:
                session.execute(text(f'ALTER SEQUENCE "{name}" RESTART'))
            return
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))


@pytest.fixture(params=["embedded", "services"])
def rt(request, tmp_path) -> Iterator[runtime.Runtime]:
    """A started runtime with an in-process worker, once per infrastructure column."""
    if request.param == "embedded":
        fresh_home(tmp_path, request.getfixturevalue("migrated_db"))
        settings = embedded_settings(tmp_path)
    else:
        pg = request.getfixturevalue("pg_url")
        s3 = request.getfixturevalue("s3_server")
        settings = services_settings(tmp_path, pg, s3, f"b{os.getpid()}-{id(request)}")
    started = runtime.start(settings)
    if request.param == "services":
        truncate_all(started)
        started.broker.flush_all()
    started.start_worker()
    yield started
    started.stop()
    events.clear()


@pytest.fixture
def embedded(tmp_path, migrated_db) -> Iterator[runtime.Runtime]:
    """A runtime on the embedded defaults only, with an in-process worker."""
    fresh_home(tmp_path, migrated_db)
    started = runtime.start(embedded_settings(tmp_path))
    started.start_worker()
    yield started
    started.stop()
    events.clear()


@pytest.fixture
def start_runtime(
    tmp_path: Path, migrated_db: Path
) -> Iterator[Callable[..., tuple[runtime.Runtime, dict[str, int]]]]:
    """Start embedded, seeded runtimes with extra INTAKE_* settings: `start(**env)`.

    Each gets a copy of the migrated database in the test's home and the seeded offices;
    `start(worker=False, seed=False, ...)` leaves out the in-process worker or the seed.
    """
    started: list[runtime.Runtime] = []

    def start(
        *, worker: bool = True, seed: bool = True, **env: str
    ) -> tuple[runtime.Runtime, dict[str, int]]:
        fresh_home(tmp_path, migrated_db)
        rt = runtime.start(embedded_settings(tmp_path, **env))
        started.append(rt)
        ids = seed_offices(rt) if seed else {}
        if worker:
            rt.start_worker()
        return rt, ids

    yield start
    for rt in started:
        rt.stop()
    events.clear()


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


def wait_processed(rt: runtime.Runtime, timeout_s: float = 60) -> None:
    """Let the in-process worker finish every queued job, and the work they are about.

    Full runs used to find work still waiting after the queue was joined: some new session
    factories ran no follow-ups (see `intake.unit.install`). So the work itself is waited
    on, and a wait that runs out says why (`why`).
    """
    deadline = time.monotonic() + timeout_s
    while True:
        rt.broker.join("default", timeout=60_000)
        rt.worker.join()
        left = waiting_work(rt)
        if not left:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the queue was joined but work still waits: {left}; {why(rt)}")
        time.sleep(0.1)


def why(rt: runtime.Runtime) -> str:
    """Say what a stalled wait needs to be understood: bindings, dead jobs, the rows."""
    actor = rt.broker.get_actor("extract_document")
    dead = [
        f"{m.actor_name}{m.args}: {getattr(m, '_exception', None)!r}"
        for m in getattr(rt.broker, "dead_letters", [])
    ]
    with rt.db.session() as s:
        rows = s.execute(
            select(Document.id, Document.status, Document.attempts, Document.error).where(
                Document.status.in_((DocumentStatus.RECEIVED, DocumentStatus.PROCESSING))
            )
        ).all()
    queued = {name: q.qsize() for name, q in getattr(rt.broker, "queues", {}).items()}
    journal = [m for m in rt.broker.middleware if isinstance(m, Journal)]
    seen = list(journal[0].seen)[-30:] if journal else "no journal"
    threads = Counter(type(t).__qualname__ for t in threading.enumerate()).most_common()
    return (
        f"actors send to {'this' if actor.broker is rt.broker else 'another'} broker, the "
        f"global broker is {'this' if dramatiq.get_broker() is rt.broker else 'another'}, "
        f"runtime.current() is {'this' if runtime.current() is rt else 'another'} runtime; "
        f"dead jobs: {dead or 'none'}; rows: {rows}; queued: {queued}; this test is in "
        f"{rt.settings.home.parent.name}, broker {id(rt.broker):x}; the broker's journal: "
        f"{seen}; the last log lines: {list(RECENT.lines)[-15:]}; threads: {threads}"
    )


def waiting_work(rt: runtime.Runtime) -> dict[str, list[int]]:
    """Return documents not yet read and messages not yet sent, by kind."""
    from notify.models import Notification
    from notify.vocabulary import NotificationState

    unread = (DocumentStatus.RECEIVED, DocumentStatus.PROCESSING)
    unsent = (NotificationState.QUEUED, NotificationState.SENDING)
    with rt.db.session() as s:
        found = {
            "documents": list(s.scalars(select(Document.id).where(Document.status.in_(unread)))),
            "messages": list(
                s.scalars(select(Notification.id).where(Notification.status.in_(unsent)))
            ),
        }
    return {kind: ids for kind, ids in found.items() if ids}
