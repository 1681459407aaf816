"""The database: engine, sessions, migrations and a reachability check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from intake import unit
from intake.config import redact
from intake.errors import ConfigError, Problem
from intake.files import private_file
from intake.models.base import model_modules

MIGRATIONS = Path(__file__).with_name("migrations")
# Before issue 9 every table was migrated from intake/ on one tree with these heads; the
# packages' base revisions describe exactly that schema, so such a database is stamped
# with them and then goes on from there.
LEGACY_HEADS = {"0002_pipeline", "0003_inbox", "0004_work"}
# (inbox, notify and tasks depend on intake_0001, so stamping them implies it.)
LEGACY_BASES = ("inbox_0001", "notify_0001", "tasks_0001")


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        # Each session knows its database, so a follow-up after commit can open the next one.
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, info={"db": self})
        unit.install(self.sessions)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Open a session, commit on success, roll back on error, close always."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @staticmethod
    def of(session: Session) -> Database:
        """Return the database a session was opened on."""
        return session.info["db"]

    def check(self) -> None:
        """Connect once and fail with one clear line naming the setting."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as e:
            reason = str(getattr(e, "orig", None) or e).splitlines()[0]
            raise ConfigError(
                Problem.CANNOT_CONNECT,
                name="INTAKE_DATABASE_URL",
                value=redact(self.url),
                reason=reason,
            ) from e

    def upgrade(self, revision: str = "heads") -> None:
        """Run every package's migrations to its head (a pre-issue-9 database is stamped)."""
        from alembic import command

        config = alembic_config(self.url)
        if self.legacy_heads():
            with self.engine.begin() as conn:
                conn.execute(text("DELETE FROM alembic_version"))
            command.stamp(config, list(LEGACY_BASES))
        command.upgrade(config, revision)

    def legacy_heads(self) -> set[str]:
        """Return the revisions of a database migrated before the packages had their own."""
        with self.engine.connect() as conn:
            if "alembic_version" not in inspect(conn).get_table_names():
                return set()
            found = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        legacy = found & (LEGACY_HEADS | {"0001"})
        if legacy and legacy != LEGACY_HEADS:
            raise ConfigError(
                Problem.BAD_SETTING,
                name="INTAKE_DATABASE_URL",
                value=redact(self.url),
                reason=f"migrated to {sorted(found)}: upgrade with the release before first",
            )
        return legacy

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and foreign keys."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    path = url.removeprefix("sqlite:///")
    if path and path != url and not path.startswith(":memory:"):
        # Created 0600 before SQLite opens it: its WAL and shared-memory files take its mode.
        private_file(Path(path))
    # pysqlite's own transaction handling is off (isolation_level=None); every transaction
    # starts with BEGIN IMMEDIATE instead, so a writer waits for the lock (busy_timeout)
    # rather than failing at once when its snapshot went stale, and savepoints work.
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None}
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def version_locations() -> list[Path]:
    """Return each package's migrations folder (`<package>/migrations/versions`)."""
    folders = []
    for module in model_modules().values():
        package = import_module(module.split(".")[0])
        folder = Path(next(iter(package.__path__))) / "migrations" / "versions"
        if folder.is_dir():
            folders.append(folder)
    return folders


def alembic_config(url: str):
    """Return an Alembic config: intake's environment, every package's revisions."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("version_locations", " ".join(str(p) for p in version_locations()))
    cfg.set_main_option("path_separator", "space")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg
