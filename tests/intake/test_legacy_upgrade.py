"""A database on the schema before issue 9, with its rows, upgrades to today's and loses nothing.

tests/intake/legacy/ holds what Intake at commit 60f8633 wrote (README there); each test
loads it into an empty SQLite or PostgreSQL database, runs `Database.upgrade()` and looks.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from intake.db import Database
from intake.models import Base, Document, DocumentEvent, Extraction, Period, User, load_models
from intake.models.texts import code_of
from intake.month import Month
from intake.search import modelled
from intake.vocabulary import DocumentStatus, PeriodState, Role, Source
from tests.services import drop_pg_database, fresh_pg_database

LEGACY = Path(__file__).with_name("legacy")


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy_url(request, tmp_path):
    """An empty database filled with the pre-issue-9 dump; yield its URL."""
    if request.param == "sqlite":
        path = tmp_path / "legacy.db"
        with sqlite3.connect(path) as conn:
            conn.executescript((LEGACY / "sqlite.sql").read_text(encoding="utf-8"))
        yield f"sqlite:///{path}"
        return
    url = fresh_pg_database()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute((LEGACY / "postgresql.sql").read_text(encoding="utf-8"))
    yield url
    drop_pg_database(url)


def row_counts(database: Database) -> dict[str, int]:
    """Count the rows of every table but Alembic's."""
    with database.engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


def test_every_row_survives_the_upgrade(legacy_url):
    load_models()
    database = Database(legacy_url)
    before = row_counts(database)
    database.upgrade()
    after = row_counts(database)
    assert {table: after[table] for table in before} == before
    with database.engine.connect() as conn:
        heads = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": modelled}), Base.metadata
        )
    assert not heads & {"0002_pipeline", "0003_inbox", "0004_work"}
    assert diff == [], diff
    database.dispose()


def test_old_rows_read_back_as_todays_vocabulary_and_texts(legacy_url):
    load_models()
    database = Database(legacy_url)
    database.upgrade()
    with database.session() as s:
        for model in Base.registry.mappers:  # every row of every table loads
            s.scalars(select(model.class_)).all()
        docs = s.scalars(select(Document).order_by(Document.id)).all()
        assert [d.status for d in docs].count(DocumentStatus.APPROVED) == 1
        assert {d.source for d in docs} <= set(Source)
        assert all(isinstance(d.month, Month) for d in docs if d.status != "duplicate")
        rejected = next(d for d in docs if d.status == DocumentStatus.REJECTED)
        assert rejected.error == "nieczytelna"  # what a person wrote stays as it was
        assert docs[0].origin == "email:1"
        notes = [e.note for e in s.scalars(select(DocumentEvent).order_by(DocumentEvent.id))]
        codes = [code_of(n) for n in notes if n is not None]
        assert "received_via" in codes and "reading" in codes and "same_file" in codes
        assert "nieczytelna" in notes
        problems = [p for e in s.scalars(select(Extraction)) for p in e.problems]
        assert [code_of(p) for p in problems] == ["invoice_number_missing"]
        assert {u.role for u in s.scalars(select(User))} == {Role.OWNER, Role.STAFF, Role.CLIENT}
        period = s.scalars(select(Period)).one()
        assert period.state == PeriodState.CLOSED and period.month == Month(2026, 11)
    database.dispose()
