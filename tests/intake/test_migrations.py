"""Migrations build the models' schema on SQLite and PostgreSQL alike."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from intake.db import Database
from intake.models import Base
from intake.search import modelled


def assert_schema_matches(url: str) -> None:
    database = Database(url)
    database.upgrade()
    with database.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert set(Base.metadata.tables) <= tables
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": modelled}), Base.metadata
        )
    database.dispose()
    assert diff == [], diff


def test_migrations_match_the_models_on_sqlite(tmp_path):
    assert_schema_matches(f"sqlite:///{tmp_path / 'db.sqlite'}")


def test_migrations_match_the_models_on_postgresql(pg_url):
    assert_schema_matches(pg_url)


def test_upgrading_twice_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Database(url).upgrade()
    Database(url).upgrade()
