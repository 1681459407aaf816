"""The office's templates run its chains: done -> next, time -> next, monthly, holidays."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from intake.models import Office
from intake.month import Month
from tasks.chains import advance_due, start_monthly
from tasks.deadlines import due_by_rule
from tasks.models import Task, TaskTemplate
from tasks.templates import export_templates, import_templates, template_named
from tasks.vocabulary import DueRule, TaskKind, TaskState, TaxCode
from tests.tasks.conftest import close_month, complete

UTC = dt.UTC


def tasks_by_kind(rt) -> dict[TaskKind, list[Task]]:
    found: dict[TaskKind, list[Task]] = {}
    with rt.db.session() as session:
        for task in session.scalars(select(Task).order_by(Task.id)):
            found.setdefault(task.kind, []).append(task)
    return found


def test_calculated_tax_makes_the_polish_offices_next_steps_on_their_deadlines(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"], month="2026-11")
    [calc] = tasks_by_kind(rt)[TaskKind.CALCULATE_TAX]
    assert calc.visible_to_client  # the shipped template's, before the office stored its own
    complete(rt, calc.id, data["staff"], {"VAT": "10"})

    found = tasks_by_kind(rt)
    dues = {kind: found[kind][0].due_on for kind in found if kind != TaskKind.CALCULATE_TAX}
    assert dues == {
        TaskKind.SEND_DECLARATION: dt.date(2026, 12, 28),  # the 25th is Christmas, a weekend
        TaskKind.PIT_ADVANCE: dt.date(2026, 12, 21),  # the 20th is a Sunday
        TaskKind.ZUS: dt.date(2026, 12, 21),
    }
    assert all(found[k][0].parent_id == calc.id for k in dues)
    assert found[TaskKind.SEND_DECLARATION][0].visible_to_client
    assert not found[TaskKind.PIT_ADVANCE][0].visible_to_client


def test_a_step_left_undone_is_escalated_to_the_owner_after_its_days(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"], month="2026-11")
    [calc] = tasks_by_kind(rt)[TaskKind.CALCULATE_TAX]
    assert calc.due_on is not None
    with rt.db.session() as session:
        day_one = dt.datetime.combine(calc.due_on + dt.timedelta(days=1), dt.time(9), UTC)
        assert advance_due(session, rt.settings, day_one) == []
        later = day_one + dt.timedelta(days=1)
        [escalation] = advance_due(session, rt.settings, later)
        assert (escalation.kind, escalation.assignee_id) == (TaskKind.ESCALATION, data["owner"])
        assert escalation.parent_id == calc.id
        assert escalation.title.startswith("Nie zrobione: Oblicz podatki: Firma Jeden, 11/2026")
        assert "Staff A" in escalation.title
        assert advance_due(session, rt.settings, later + dt.timedelta(days=3)) == []  # once


def test_a_follow_up_goes_to_the_same_person(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        template = template_named(session, data["office_a"], "calculate_tax")
        template.after_action = "follow_up"
        template.after_days = 1
    close_month(rt, data["c1"], month="2026-11")
    [calc] = tasks_by_kind(rt)[TaskKind.CALCULATE_TAX]
    with rt.db.session() as session:
        later = dt.datetime.combine(calc.due_on + dt.timedelta(days=1), dt.time(9), UTC)
        [follow_up] = advance_due(session, rt.settings, later)
        assert (follow_up.kind, follow_up.assignee_id) == (TaskKind.FOLLOW_UP, data["staff"])


def test_the_month_starts_on_the_templates_day_for_every_company_once(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        assert start_monthly(session, dt.date(2027, 1, 1)) != []
        made = session.scalars(
            select(Task).where(Task.kind == TaskKind.COLLECT_DOCUMENTS).order_by(Task.company_id)
        ).all()
        assert [t.company_id for t in made] == [data["c1"], data["c2"], data["c3"]]
        assert {t.month for t in made} == {Month(2026, 12)}
        assert {t.due_on for t in made} == {dt.date(2027, 1, 11)}  # the 10th is a Sunday
        assert start_monthly(session, dt.date(2027, 1, 2)) == []
        assert start_monthly(session, dt.date(2027, 2, 1)) != []  # the next month


def test_a_bimonthly_template_for_a_group_starts_after_even_months_only(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        office = session.get_one(Office, data["office_a"])
        for office_id in (data["office_a"], data["office_b"]):
            export_templates(session, office_id)  # installs the defaults
        for template in session.scalars(select(TaskTemplate)):
            template.active = False
        import_templates(
            session,
            office,
            [
                {
                    "name": "vat_two_months",
                    "kind": "vat_report",
                    "due": {"rule": "day_of_month", "days": 15},
                    "monthly": {"day": 1, "every_months": 2, "companies": ["7740001454"]},
                }
            ],
        )
        assert start_monthly(session, dt.date(2027, 2, 3)) == []  # January: the middle
        [task] = start_monthly(session, dt.date(2027, 3, 1))
        assert (task.company_id, task.month, task.kind) == (
            data["c2"],
            Month(2027, 2),
            TaskKind.VAT_REPORT,
        )
        assert task.due_on == dt.date(2027, 3, 15)


def test_a_deadline_on_a_public_holiday_moves_as_the_law_says():
    # 11 November, Independence Day: day 11 of the month moves to the 12th.
    assert due_by_rule(DueRule.DAY_OF_MONTH, 11, Month(2026, 10), "PL") == dt.date(2026, 11, 12)
    # Israel: the 21st of September 2026 is Yom Kippur.
    assert due_by_rule(DueRule.DAY_OF_MONTH, 21, Month(2026, 8), "IL") == dt.date(2026, 9, 22)
    # Two days before the VAT day of 11/2026 (moved to 28.12): the 26th is a holiday, the
    # 24th Wigilia (a day off since 2025): the working day before is the 23rd.
    before = due_by_rule(DueRule.BEFORE_DEADLINE, 2, Month(2026, 11), "PL", tax=TaxCode.VAT)
    assert before == dt.date(2026, 12, 23)
    after = due_by_rule(DueRule.AFTER_PREVIOUS, 3, None, "PL", after=dt.date(2026, 12, 22))
    assert after == dt.date(2026, 12, 28)


def test_collected_documents_done_by_hand_start_the_tax_the_closed_month_then_keeps(
    start_runtime,
):
    rt, data = start_runtime()
    with rt.db.session() as session:
        start_monthly(session, dt.date(2027, 1, 1))
        collect = session.scalar(
            select(Task).where(
                Task.kind == TaskKind.COLLECT_DOCUMENTS, Task.company_id == data["c1"]
            )
        )
        collect_id = collect.id
    complete(rt, collect_id, data["staff"])
    [calc] = tasks_by_kind(rt)[TaskKind.CALCULATE_TAX]
    assert (calc.parent_id, calc.month, calc.due_on) == (
        collect_id,
        Month(2026, 12),
        dt.date(2027, 1, 15),
    )
    period_id = close_month(rt, data["c1"], month="2026-12")
    [again] = tasks_by_kind(rt)[TaskKind.CALCULATE_TAX]
    assert (again.id, again.period_id) == (calc.id, period_id)


def test_a_month_already_delivered_is_not_collected_again(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"], month="2026-12")
    with rt.db.session() as session:
        made = start_monthly(session, dt.date(2027, 1, 1))
    assert data["c1"] not in {t.company_id for t in made}
    assert data["c2"] in {t.company_id for t in made}


def test_closing_the_month_marks_its_collecting_done(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        start_monthly(session, dt.date(2027, 1, 1))
    close_month(rt, data["c2"], month="2026-12")
    found = tasks_by_kind(rt)
    states = {t.company_id: t.status for t in found[TaskKind.COLLECT_DOCUMENTS]}
    assert states[data["c2"]] == TaskState.DONE and states[data["c1"]] == TaskState.OPEN
    assert [t.company_id for t in found[TaskKind.CALCULATE_TAX]] == [data["c2"]]


def test_templates_go_to_a_file_and_into_another_office(operator, tmp_path):
    rt, data, run = operator
    out = tmp_path / "templates.json"
    run("tasks", "templates", "export", str(out), "--office", "Biuro A")
    items = json.loads(out.read_text())
    assert [i["name"] for i in items][:2] == ["collect_documents", "calculate_tax"]
    items[1]["after"] = {"days": 5, "action": "follow_up"}
    items.append(
        {
            "name": "payroll",
            "title": "Listy płac",
            "kind": "other",
            "due": {"rule": "day_of_month", "days": 5},
            "monthly": {"day": 1},
        }
    )
    out.write_text(json.dumps(items))
    run("tasks", "templates", "import", str(out), "--office", "Biuro B")
    with rt.db.session() as session:
        again = export_templates(session, data["office_b"])
    assert again[1]["after"] == {"days": 5, "action": "follow_up"}
    assert again[-1]["title"] == "Listy płac" and again[-1]["monthly"]["day"] == 1
    out.write_text('[{"name": "x", "next": ["nowhere"]}]')
    bad = run("tasks", "templates", "import", str(out), "--office", "Biuro B", ok=False)
    assert bad.exit_code != 0 and "next" in bad.output
