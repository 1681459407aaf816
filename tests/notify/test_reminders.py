"""Reminders send themselves: on the office's days, once per slot, never on a day off."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
from click.testing import CliRunner
from sqlalchemy import select

from intake.cli import cli
from intake.models import Company
from intake.periods import confirm_delivered
from notify.models import Letter, Notification
from notify.reminders import pick, run_reminders, set_policy
from tests.conftest import wait_processed
from tests.environment import as_operator
from tests.notify.letters import contact

MONDAY = dt.date(2026, 12, 7)  # documents for 11/2026 are due Thursday 10.12.2026


def switch_on(rt, data, **values) -> None:  # type: ignore[no-untyped-def]
    with rt.db.session() as session:
        set_policy(
            session, data["office_a"], **{"days_before": [3, 1], "days_after": [1, 5], **values}
        )
        set_policy(session, data["office_a"], enabled=True)


def run(rt, day: dt.date, **options):  # type: ignore[no-untyped-def]
    with rt.db.session() as session:
        planned = run_reminders(session, rt.settings, day, **options)
    wait_processed(rt)
    return [(p.nip, str(p.kind), p.slot.rsplit(":", 1)[1]) for p in planned]


def test_the_slot_is_the_latest_day_reached_and_a_missed_day_is_caught_up_once():
    deadline = dt.date(2026, 12, 10)
    slots = [pick(deadline + dt.timedelta(days=d), deadline, [3, 1], [1, 5]) for d in range(-5, 8)]
    assert slots == [
        None,
        None,
        "before3",
        "before3",
        "before1",
        "before1",
        "after1",
        "after1",
        "after1",
        "after1",
        "after5",
        "after5",
        "after5",
    ]


def test_documents_are_reminded_before_the_deadline_once_per_slot(start_runtime):
    rt, data = start_runtime()
    switch_on(rt, data)
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    contact(rt, data["c2"], "Ola", "ola@firma.test")

    assert run(rt, MONDAY) == [
        ("5260250274", "documents", "before3"),
        ("7740001454", "documents", "before3"),
    ]
    assert run(rt, MONDAY) == []  # the same day again
    assert run(rt, MONDAY + dt.timedelta(days=1)) == []  # the same slot
    with rt.db.session() as session:
        confirm_delivered(session, data["c2"], "2026-11", "client2@a.test")
    assert run(rt, MONDAY + dt.timedelta(days=2)) == [("5260250274", "documents", "before1")]
    with rt.db.session() as session:
        sent = session.scalars(
            select(Notification).where(Notification.kind == "documents").order_by(Notification.id)
        ).all()
        assert sorted(n.recipient for n in sent) == ["jan@firma.test"] * 2 + ["ola@firma.test"]
        assert {n.kind for n in sent} == {"documents"}
        assert all(n.sender_id is None for n in sent)


def test_no_reminder_on_a_public_holiday_or_a_weekend(start_runtime):
    rt, data = start_runtime()
    switch_on(rt, data, days_after=[13, 16])
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    with rt.db.session() as session:
        session.get_one(Company, data["c2"]).reminders = False
    assert run(rt, dt.date(2026, 12, 23)) == [("5260250274", "documents", "after13")]
    assert run(rt, dt.date(2026, 12, 24)) == []  # Christmas Eve (a holiday since 2025)
    assert run(rt, dt.date(2026, 12, 25)) == []  # Christmas Day
    assert run(rt, dt.date(2026, 12, 26)) == []  # Saturday, and the Second Day of Christmas
    # The slot reached over the holidays is sent on the next working day, once.
    assert run(rt, dt.date(2026, 12, 28)) == [("5260250274", "documents", "after16")]


def test_some_documents_not_confirmed_is_a_confirmation_reminder_and_a_client_may_opt_out(
    start_runtime,
):
    from tests.intake.test_periods import ksef_invoice
    from tests.seeding import hand_in

    rt, data = start_runtime()
    switch_on(rt, data)
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    contact(rt, data["c2"], "Ola", "ola@firma.test")
    hand_in(rt, data["c1"], ksef_invoice("FV/9", "2026-11-05"), "fv.xml", month="2026-11")
    wait_processed(rt)
    with rt.db.session() as session:
        session.get_one(Company, data["c2"]).reminders = False
    assert run(rt, MONDAY) == [("5260250274", "confirm", "before3")]


def test_a_dry_run_says_whom_and_why_and_records_nothing(start_runtime):
    rt, data = start_runtime()
    switch_on(rt, data)
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    with rt.db.session() as session:
        [planned] = [
            p
            for p in run_reminders(session, rt.settings, MONDAY, dry_run=True)
            if p.nip == "5260250274"
        ]
        assert planned.letter_id is None
        assert planned.why.params["deadline"] == dt.date(2026, 12, 10)
    with rt.db.session() as session:
        assert session.scalars(select(Letter)).all() == []


def test_the_periodic_job_waits_for_the_office_hour(start_runtime):
    rt, data = start_runtime()
    switch_on(rt, data, hour=9)
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    eight = dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)  # 8:00 in Warsaw
    with rt.db.session() as session:
        assert run_reminders(session, rt.settings, check_hour=True, now=eight) == []
        assert run_reminders(
            session, rt.settings, check_hour=True, now=eight + dt.timedelta(hours=1)
        )


def test_amounts_waiting_for_approval_and_due_soon_are_reminded(start_runtime, smtp_sink):
    from tasks.models import Task
    from tasks.policy import set_policy as set_work_policy
    from tests.tasks.conftest import close_month, complete

    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url)
    switch_on(rt, data, approval_after=[3], due_before=[3])
    with rt.db.session() as session:
        set_work_policy(session, data["office_a"], approval_required=True)
        session.get_one(Company, data["c2"]).reminders = False
    close_month(rt, data["c1"])
    wait_processed(rt)
    with rt.db.session() as session:
        task_id = session.scalar(select(Task.id).where(Task.company_id == data["c1"]))
    task = complete(rt, task_id, data["staff"], {"VAT": Decimal("100.00"), "PIT": Decimal("0")})
    wait_processed(rt)
    contact(rt, data["c1"], "Jan", "jan@firma.test", locale="en", amounts="email")
    smtp_sink.envelopes.clear()
    sent_on = task.done_at.astimezone(ZoneInfo("Europe/Warsaw")).date()  # the office's day

    day = sent_on + dt.timedelta(days=3)
    while day.weekday() >= 5 or day in holidays.Poland(years=day.year):  # none are sent then
        day += dt.timedelta(days=1)
    found = run(rt, day)
    assert ("5260250274", "amounts", "after3") in found
    [mail] = smtp_sink.messages()
    assert "/client/approve/" in mail.get_payload(decode=True).decode()
    due = run(rt, dt.date(2027, 1, 22))  # VAT due Monday 25.01.2027; PIT is 0
    assert [d for d in due if d[1] == "amounts"] == [("5260250274", "amounts", "before3")]


def test_reminders_run_prints_whom_it_would_remind_as_json(start_runtime, tmp_path, monkeypatch):
    rt, data = start_runtime()
    switch_on(rt, data)
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    as_operator(monkeypatch, tmp_path / "var")

    result = CliRunner().invoke(
        cli, ["reminders", "run", "--date", "2026-12-07", "--dry-run", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["company"], r["kind"], r["sent"]) for r in rows] == [
        ("5260250274", "documents", False),
        ("7740001454", "documents", False),
    ]
    assert rows[0]["why"] == "No documents for 11/2026 yet; they are due 10.12.2026."
    sent = CliRunner().invoke(cli, ["reminders", "run", "--date", "2026-12-07", "--json"])
    assert [json.loads(line)["sent"] for line in sent.output.splitlines()] == [True, True]
    again = CliRunner().invoke(cli, ["reminders", "run", "--date", "2026-12-07", "--json"])
    assert again.output == ""
    bad = CliRunner().invoke(cli, ["reminders", "run", "--date", "7 grudnia"])
    assert bad.exit_code == 1 and "--date" in bad.output
