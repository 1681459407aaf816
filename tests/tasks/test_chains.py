"""Chains: done -> next task; no approval within N days -> a reminder; deadlines, overdue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from intake.models import User, utcnow
from notify.models import Notification
from tasks.approval import approval_token, verify_approval
from tasks.board import tasks_for
from tasks.deadlines import overdue_tasks
from tasks.errors import InvalidToken, TaskStateError
from tasks.models import Task
from tasks.policy import set_policy
from tasks.vocabulary import TaskKind, TaskState
from tests.tasks.conftest import add_contacts, advance, approve, close_month, complete


def tasks_of_kind(rt, kind):
    with rt.db.session() as session:
        return list(session.scalars(select(Task).where(Task.kind == kind).order_by(Task.id)))


def test_calculated_tax_creates_the_declaration_task_once(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"])
    [task] = tasks_of_kind(rt, TaskKind.CALCULATE_TAX)
    complete(rt, task.id, data["staff"], {"VAT": Decimal("10.00")})

    [declaration] = tasks_of_kind(rt, TaskKind.SEND_DECLARATION)
    assert declaration.parent_id == task.id
    assert declaration.assignee_id == data["staff"]
    assert declaration.due_on == dt.date(2027, 1, 25)
    assert declaration.title == "Wyślij deklaracje (JPK_V7): Firma Jeden, 12/2026"
    complete(rt, declaration.id, data["staff"])  # no amounts, no chain after it
    assert len(tasks_of_kind(rt, TaskKind.SEND_DECLARATION)) == 1


def test_an_unapproved_month_gets_a_reminder_after_the_policy_days(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        set_policy(session, data["office_a"], approval_required=True, remind_after_days=3)
    add_contacts(rt, data["c1"])
    close_month(rt, data["c1"])
    [task] = tasks_of_kind(rt, TaskKind.CALCULATE_TAX)
    done = complete(rt, task.id, data["staff"], {"VAT": Decimal("10.00")})
    assert (done.approval_required, done.approved_at) == (True, None)
    with rt.db.session() as session:
        sms = session.scalar(
            select(Notification).where(
                Notification.kind == "tax_due", Notification.channel == "sms"
            )
        )
    assert "Prosimy o akceptację: http://127.0.0.1:8000/client/approve/" in sms.body

    assert advance(rt, utcnow() + dt.timedelta(days=2)) == []
    later = utcnow() + dt.timedelta(days=3, minutes=1)
    [reminder_id] = advance(rt, later)
    assert advance(rt, later) == []  # once
    [reminder] = tasks_of_kind(rt, TaskKind.REMIND_CLIENT)
    assert (reminder.id, reminder.parent_id, reminder.status) == (reminder_id, task.id, "open")

    token = sms.body.split("/client/approve/")[1].split()[0]
    assert verify_approval(rt.settings, token) == (task.id, data["c1"])
    approved = approve(rt, token, by="jan@firma.test")
    approve(rt, token, by="someone else")  # approving twice changes nothing
    with rt.db.session() as session:
        again = session.get_one(Task, task.id)
        assert (again.approved_by, again.approved_at) == ("jan@firma.test", approved.approved_at)
    [reminder] = tasks_of_kind(rt, TaskKind.REMIND_CLIENT)
    assert reminder.status == TaskState.CANCELLED
    assert advance(rt, later + dt.timedelta(days=5)) == []


def test_a_task_that_asks_for_no_approval_cannot_be_approved(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"])
    [task] = tasks_of_kind(rt, TaskKind.CALCULATE_TAX)
    token = approval_token(rt.settings, task.id, data["c1"])
    with pytest.raises(TaskStateError) as open_task:
        approve(rt, token, by="jan@firma.test")
    complete(rt, task.id, data["staff"], {"VAT": "1"})
    with pytest.raises(TaskStateError) as not_asked:
        approve(rt, token, by="jan@firma.test")
    assert open_task.value.code == not_asked.value.code == "no_approval_waiting"


def test_a_forged_or_expired_approval_link_is_refused(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"])
    [task] = tasks_of_kind(rt, TaskKind.CALCULATE_TAX)
    token = approval_token(rt.settings, task.id, data["c1"])
    with pytest.raises(InvalidToken) as forged:
        verify_approval(rt.settings, token[:-2] + "xx")
    assert forged.value.code == "link_invalid"
    with pytest.raises(InvalidToken) as expired:
        verify_approval(rt.settings, token, max_age_s=-1)
    assert expired.value.code == "link_expired"


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


def test_the_hourly_job_creates_due_reminders_and_tells_the_accountant(start_runtime):
    from intake.schedule import periodic_jobs
    from tasks.jobs import advance_chains
    from tests.conftest import wait_processed

    assert "advance_chains" in {job.actor for job in periodic_jobs()}
    rt, data = start_runtime()
    with rt.db.session() as session:
        set_policy(session, data["office_a"], approval_required=True, remind_after_days=1)
    close_month(rt, data["c1"])
    [task] = tasks_of_kind(rt, TaskKind.CALCULATE_TAX)
    complete(rt, task.id, data["staff"], {"VAT": "1"})
    with rt.db.session() as session:
        session.get_one(Task, task.id).done_at = utcnow() - dt.timedelta(days=2)

    advance_chains.send()
    wait_processed(rt)
    [reminder] = tasks_of_kind(rt, TaskKind.REMIND_CLIENT)
    with rt.db.session() as session:
        told = session.scalar(
            select(Notification).where(
                Notification.key == f"task_created:{reminder.id}:{data['staff']}"
            )
        )
    assert (told.recipient, told.status) == ("staff@a.test", "sent")
