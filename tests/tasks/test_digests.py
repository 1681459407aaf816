"""The daily digests: overdue tasks per person to the owner, today's to each person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from intake.models import Company, Office, User
from notify.models import Notification
from tasks.digests import send_digests
from tasks.handwork import add_task
from tasks.policy import set_policy

TODAY = dt.date(2027, 1, 20)


def seed(rt, data) -> None:
    with rt.db.session() as session:
        owner = session.get_one(User, data["owner"])
        staff = session.get_one(User, data["staff"])
        c1 = session.get_one(Company, data["c1"])
        add_task(session, rt.settings, owner, company=c1, title="Leasing", due_on=TODAY)
        add_task(
            session, rt.settings, owner, company=c1, title="Old one", due_on=dt.date(2027, 1, 11)
        )
        add_task(
            session,
            rt.settings,
            owner,
            title="Insurance",
            due_on=dt.date(2027, 1, 12),
            assignee=owner,
        )
        add_task(
            session,
            rt.settings,
            owner,
            title="Next week",
            due_on=dt.date(2027, 1, 27),
            assignee=staff,
        )


def digests(rt, data) -> dict[tuple[str, str], Notification]:
    with rt.db.session() as session:
        office = session.get_one(Office, data["office_a"])
        send_digests(session, rt.settings, office, TODAY)
        send_digests(session, rt.settings, office, TODAY)  # once a day
    with rt.db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.kind.like("digest_%"))).all()
        return {(n.kind, n.recipient): n for n in rows}


def test_the_owner_hears_of_overdue_tasks_per_person_and_each_person_of_today(start_runtime):
    rt, data = start_runtime()
    seed(rt, data)
    sent = digests(rt, data)
    assert set(sent) == {
        ("digest_overdue", "owner@a.test"),
        ("digest_today", "staff@a.test"),
        ("digest_today", "owner@a.test"),
    }
    overdue = sent[("digest_overdue", "owner@a.test")]
    assert overdue.subject == "Zadania po terminie w dniu 20.01.2027"
    body = overdue.body
    assert "Staff A (1)" in body and "- Old one (termin 11.01.2027)" in body
    assert "Owner A (1)" in body and "- Insurance (termin 12.01.2027)" in body
    assert "Leasing" not in body and "Next week" not in body
    today = sent[("digest_today", "staff@a.test")]
    assert today.subject == "Twoje zadania na 20.01.2027: 2"
    assert "- Old one" in today.body and "- Leasing (termin 20.01.2027)" in today.body
    assert "Next week" not in today.body and "Insurance" not in today.body


def test_digests_can_be_switched_off(start_runtime):
    rt, data = start_runtime()
    seed(rt, data)
    with rt.db.session() as session:
        set_policy(session, data["office_a"], digest_owner=False)
    assert {kind for kind, _ in digests(rt, data)} == {"digest_today"}
    with rt.db.session() as session:
        set_policy(session, data["office_a"], digest_staff=False)
        session.execute(Notification.__table__.delete())
    assert digests(rt, data) == {}
