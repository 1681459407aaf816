"""A task's title is written for whoever reads it, from its kind's message id."""

from __future__ import annotations

from sqlalchemy import select

from intake.models import Office, User
from notify.models import Notification
from tasks.models import Task
from tasks.vocabulary import TaskKind
from tests.tasks.conftest import close_month, complete


def test_a_title_is_in_the_readers_language_and_the_stored_one_in_the_offices(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        session.get_one(Office, data["office_a"]).locale = "en"
    close_month(rt, data["c1"])
    with rt.db.session() as session:
        task = session.scalar(select(Task))
        assert task.title == "Calculate tax: Firma Jeden, 12/2026"
        assert task.title_in("pl") == "Oblicz podatki: Firma Jeden, 12/2026"
        assert task.title_in("en") == "Calculate tax: Firma Jeden, 12/2026"
        assert task.title_in("he") == "חישוב מס: Firma Jeden, 12/2026"


def test_a_task_without_a_kinds_title_shows_its_own(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        task = Task(
            office_id=data["office_a"], kind=TaskKind.REMIND_CLIENT, title="Zadzwoń do klienta"
        )
        session.add(task)
        session.flush()
        assert task.title_in("en") == "Zadzwoń do klienta"  # no company, no month


def test_each_person_hears_of_a_new_task_in_their_own_language(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        session.get_one(User, data["staff"]).locale = "he"
    close_month(rt, data["c1"])
    with rt.db.session() as session:
        task = session.scalar(select(Task))
    complete(rt, task.id, data["staff"], {"VAT": "1"})
    with rt.db.session() as session:
        told = session.scalars(
            select(Notification)
            .where(Notification.kind == "task_created")
            .order_by(Notification.id)
        ).all()
    assert [n.subject for n in told] == [
        "משימה חדשה: חישוב מס: Firma Jeden, 12/2026",
        "משימה חדשה: הגשת הדוחות (JPK_V7): Firma Jeden, 12/2026",
        "משימה חדשה: מקדמת PIT עד ה-20: Firma Jeden, 12/2026",
        "משימה חדשה: דמי ZUS עד ה-20: Firma Jeden, 12/2026",
    ]
    assert "מועד אחרון: 15.01.2027." in told[0].body
