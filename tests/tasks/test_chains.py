"""Chains: done -> next task; no approval within N days -> a reminder; deadlines, overdue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from intake.models import User, utcnow
from intake.models.work import Notification, Task
from tasks.approval import approval_of, approval_token, approve_task, verify_approval
from tasks.board import tasks_for
from tasks.chains import advance_due
from tasks.completion import complete_task
from tasks.deadlines import overdue_tasks, payment_due
from tasks.errors import InvalidToken
from tasks.policy import set_policy
from tests.tasks.conftest import add_contacts, close_month


def tasks_of_kind(rt, kind):
    with rt.db.session() as session:
        return list(session.scalars(select(Task).where(Task.kind == kind).order_by(Task.id)))


def test_calculated_tax_creates_the_declaration_task_once(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"])
    [task] = tasks_of_kind(rt, "calculate_tax")
    complete_task(rt, task.id, data["staff"], {"VAT": Decimal("10.00")})

    [declaration] = tasks_of_kind(rt, "send_declaration")
    assert declaration.parent_id == task.id
    assert declaration.assignee_id == data["staff"]
    assert declaration.due_on == dt.date(2027, 1, 25)
    assert declaration.title == "Wyślij deklaracje (JPK_V7): Firma Jeden, 12/2026"
    complete_task(rt, declaration.id, data["staff"])  # no amounts, no chain after it
    assert len(tasks_of_kind(rt, "send_declaration")) == 1


def test_an_unapproved_month_gets_a_reminder_after_the_policy_days(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        set_policy(session, data["office_a"], approval_required=True, remind_after_days=3)
    add_contacts(rt, data["c1"])
    close_month(rt, data["c1"])
    [task] = tasks_of_kind(rt, "calculate_tax")
    done = complete_task(rt, task.id, data["staff"], {"VAT": Decimal("10.00")})
    assert approval_of(done) == {"required": True, "approved_at": None}
    with rt.db.session() as session:
        sms = session.scalar(
            select(Notification).where(
                Notification.kind == "tax_due", Notification.channel == "sms"
            )
        )
    assert "Prosimy o akceptację: http://127.0.0.1:8000/client/approve/" in sms.body

    assert advance_due(rt, utcnow() + dt.timedelta(days=2)) == []
    later = utcnow() + dt.timedelta(days=3, minutes=1)
    [reminder_id] = advance_due(rt, later)
    assert advance_due(rt, later) == []  # once
    [reminder] = tasks_of_kind(rt, "remind_client")
    assert (reminder.id, reminder.parent_id, reminder.status) == (reminder_id, task.id, "open")

    token = sms.body.split("/client/approve/")[1].split()[0]
    assert verify_approval(rt.settings, token) == (task.id, data["c1"])
    approved = approve_task(rt, token, by="jan@firma.test")
    approve_task(rt, token, by="jan@firma.test")
    assert approval_of(approved)["by"] == "jan@firma.test"
    [reminder] = tasks_of_kind(rt, "remind_client")
    assert reminder.status == "cancelled"
    assert advance_due(rt, later + dt.timedelta(days=5)) == []


def test_a_forged_approval_link_is_refused(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"])
    [task] = tasks_of_kind(rt, "calculate_tax")
    token = approval_token(rt.settings, task)
    with pytest.raises(InvalidToken):
        verify_approval(rt.settings, token[:-2] + "xx")
    with pytest.raises(InvalidToken, match="expired"):
        verify_approval(rt.settings, token, max_age_s=-1)


def test_overdue_tasks_and_who_sees_what(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"], month="2026-01")
    close_month(rt, data["c2"], month="2030-12")
    close_month(rt, data["c3"], month="2026-01")  # office B's: never in office A's lists
    today = dt.date.today() + dt.timedelta(days=10)  # a month closed late gets a few days
    with rt.db.session() as session:
        overdue = overdue_tasks(session, data["office_a"], today)
        assert [t.company_id for t in overdue] == [data["c1"]]
        assert [t.company_id for t in overdue_tasks(session, data["office_b"], today)] == [
            data["c3"]
        ]
        staff = session.get_one(User, data["staff"])
        owner = session.get_one(User, data["owner"])
        client = session.get_one(User, data["client1"])
        staff_b = session.get_one(User, data["staff_b"])
        assert {t.company_id for t in tasks_for(session, staff)} == {data["c1"], data["c2"]}
        assert {t.company_id for t in tasks_for(session, owner)} == {data["c1"], data["c2"]}
        assert tasks_for(session, client) == []
        assert [t.company_id for t in tasks_for(session, staff_b)] == [data["c3"]]  # unassigned
        mine = tasks_for(session, staff)
        assert [t.due_on for t in mine] == sorted(t.due_on for t in mine)


@pytest.mark.parametrize(
    ("month", "tax", "due"),
    [
        ("2026-10", "VAT", dt.date(2026, 11, 25)),
        ("2026-10", "PIT", dt.date(2026, 11, 20)),
        ("2026-05", "ZUS", dt.date(2026, 6, 22)),  # the 20th is a Saturday
        ("2026-11", "VAT", dt.date(2026, 12, 28)),  # Christmas, then a weekend
        ("2026-12", "CIT", dt.date(2027, 1, 20)),
    ],
)
def test_payment_days_move_past_weekends_and_holidays(month, tax, due):
    assert payment_due(month, tax) == due


def test_the_ticker_sends_the_chain_and_notification_sweeps():
    from intake.schedule import periodic_jobs

    jobs = periodic_jobs()
    assert jobs["advance_chains"] == 3600
    assert jobs["sweep_notifications"] == 300
