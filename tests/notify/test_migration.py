"""A database from before issue 9 keeps its notifications: task_id becomes `about`."""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect, select

from intake.db import Database
from intake.models.texts import code_of
from notify.models import Notification
from notify.vocabulary import Channel, NotificationState
from tests.conftest import ROOT
from tests.services import drop_pg_database, fresh_pg_database

LEGACY = ROOT / "tests" / "intake" / "legacy"
# The legacy rows: (id, kind, task_id) -> what `about` must say now.
ABOUT = {1: "task:1", 2: None, 3: "task:2", 4: "task:1", 5: "task:1"}


def legacy_sqlite(tmp_path) -> str:
    path = tmp_path / "legacy.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript((LEGACY / "sqlite.sql").read_text(encoding="utf-8"))
    return f"sqlite:///{path}"


def legacy_postgresql() -> str:
    import psycopg

    url = fresh_pg_database()
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute((LEGACY / "postgresql.sql").read_text(encoding="utf-8"))
    return url


def assert_notifications_carried_over(url: str) -> None:
    database = Database(url)
    database.upgrade()
    with database.engine.connect() as conn:
        schema = inspect(conn)
        columns = {c["name"] for c in schema.get_columns("notification")}
        keys = {fk["name"] for fk in schema.get_foreign_keys("notification")}
        checks = {c["name"] for c in schema.get_check_constraints("notification")}
    assert "task_id" not in columns and "about" in columns
    assert "fk_notification_task_id_task" not in keys
    assert {"ck_notification_channel", "ck_notification_status"} <= checks
    with database.session() as session:
        rows = session.scalars(select(Notification).order_by(Notification.id)).all()
        assert {row.id: row.about for row in rows} == ABOUT
        assert {row.status for row in rows} == {NotificationState.SENT}
        assert [row.channel for row in rows].count(Channel.SMS) == 1
        assert rows[1].subject == "Otrzymaliśmy komplet dokumentów za 11/2026"
        assert rows[3].data["headers"] == {"Reply-To": "ksiegowa1@demo.intake"}
        assert all(code_of(row.error) is None for row in rows)
        rows[0].error = "SMTP said no"  # a plain text, as older rows kept, still fits
    with database.session() as session:
        assert session.get_one(Notification, 1).error == "SMTP said no"
    database.dispose()


def test_a_legacy_sqlite_database_keeps_its_notifications(tmp_path):
    assert_notifications_carried_over(legacy_sqlite(tmp_path))


def test_a_legacy_postgresql_database_keeps_its_notifications():
    url = legacy_postgresql()
    try:
        assert_notifications_carried_over(url)
    finally:
        drop_pg_database(url)


def test_notify_downgrades_to_task_id_and_back(tmp_path):
    from alembic import command

    from intake.db import alembic_config

    url = legacy_sqlite(tmp_path)
    database = Database(url)
    database.upgrade()
    command.downgrade(alembic_config(url), "notify_0001")
    with database.engine.connect() as conn:
        ids = dict(conn.exec_driver_sql("SELECT id, task_id FROM notification").fetchall())
    assert ids == {1: 1, 2: None, 3: 2, 4: 1, 5: 1}
    database.upgrade()
    database.dispose()
