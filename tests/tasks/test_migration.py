"""tasks_0002 carries a pre-issue-9 task's JSON into columns and tax_amount rows, losing nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.db import Database
from intake.month import Month
from tasks.models import Task, TaxAmount
from tasks.settlements import settlements_for
from tasks.vocabulary import TaskKind, TaskState, TaxCode
from tests.services import drop_pg_database, fresh_pg_database

LEGACY = Path(__file__).resolve().parents[1] / "intake" / "legacy"

# A second done tax task, as a pre-issue-9 command line could leave it: approved, grosze
# that a float would lose, and a code that is no tax we know.
APPROVED = (
    '{"month": "2026-10", "reopen_count": 1, "done_by": 2, "done_by_name": "B", '
    '"amounts": {"VAT": "0.10", "CIT": "123456789012.34", "FP": "7.77"}, '
    '"due_dates": {"VAT": "2026-11-25", "CIT": "2026-11-20", "FP": "2026-11-20"}, '
    '"approval": {"required": true, "approved_at": "2026-11-03T08:15:00.123456+00:00", '
    '"by": "jan@firma.test"}}'
)
INSERT = (
    "INSERT INTO task (id, office_id, company_id, period_id, kind, title, assignee_id, status, "
    "due_on, done_at, data, created_at, key, parent_id) VALUES (3, 1, 1, NULL, "
    "'recalculate_tax', 'Przelicz podatki', 2, 'done', '2026-11-15', "
    "'2026-11-02 10:00:00+00', '{data}', '2026-11-01 10:00:00+00', 'legacy:3', NULL)"
)


def check_carried_over(url: str) -> None:
    database = Database(url)
    database.upgrade()
    with database.session() as session:
        tasks = {t.id: t for t in session.scalars(select(Task))}
        assert sorted(tasks) == [1, 2, 3]
        first, declaration, approved = tasks[1], tasks[2], tasks[3]
        assert (first.kind, first.status) == (TaskKind.CALCULATE_TAX, TaskState.DONE)
        assert first.month == declaration.month == Month(2026, 11)
        assert (first.done_by_id, first.note, first.reopen_count) == (2, "legacy note", 0)
        assert (first.approval_required, first.approved_at) == (True, None)
        assert [(a.code, a.amount, a.currency, a.due_on) for a in first.amounts] == [
            (TaxCode.VAT, Decimal("1234.56"), "PLN", dt.date(2026, 12, 28)),
            (TaxCode.PIT, Decimal("0.00"), "PLN", dt.date(2026, 12, 21)),
        ]
        assert declaration.amounts == [] and not declaration.approval_required

        assert approved.reopen_count == 1
        assert approved.approved_at == dt.datetime(2026, 11, 3, 8, 15, 0, 123456, tzinfo=dt.UTC)
        assert approved.approved_by == "jan@firma.test"
        amounts = {a.code: a.amount for a in approved.amounts}
        assert amounts == {TaxCode.VAT: Decimal("0.10"), TaxCode.CIT: Decimal("123456789012.34")}
        assert all(type(a) is Decimal for a in amounts.values())
        assert "FP: 7.77 (due 2026-11-20)" in (approved.note or "")

        rows = session.scalars(select(TaxAmount).order_by(TaxAmount.id)).all()
        assert {(r.task_id, r.month, r.company_id, r.office_id) for r in rows} == {
            (1, Month(2026, 11), 1, 1),
            (3, Month(2026, 10), 1, 1),
        }
        months = [s.month for s in settlements_for(session, 1)]
        assert months == [Month(2026, 11), Month(2026, 10)]
    database.dispose()


def test_legacy_sqlite_tasks_are_carried_into_columns_and_rows(tmp_path):
    path = tmp_path / "legacy.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript((LEGACY / "sqlite.sql").read_text(encoding="utf-8"))
        conn.execute(INSERT.replace("{data}", APPROVED))
    conn.close()
    check_carried_over(f"sqlite:///{path}")


@pytest.mark.slow
def test_legacy_postgresql_tasks_are_carried_into_columns_and_rows():
    import psycopg

    url = fresh_pg_database()
    try:
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute((LEGACY / "postgresql.sql").read_text(encoding="utf-8"))
            conn.execute(INSERT.replace("{data}", APPROVED))
        check_carried_over(url)
    finally:
        drop_pg_database(url)
