"""Tasks by hand, reassigned, postponed, commented; the board's groups and filters."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from intake.models import Company, User
from intake.month import Month
from tasks.board import BoardFilter, board, board_query
from tasks.errors import TaskError
from tasks.handwork import add_task, assign_task, comment_task, postpone_task
from tasks.models import Task
from tasks.vocabulary import BoardState, CommentKind, TaskKind, TaskState
from tests.tasks.conftest import complete

TODAY = dt.date(2027, 1, 20)


def test_a_hand_made_task_from_a_template_starts_its_chain(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        owner = session.get_one(User, data["owner"])
        company = session.get_one(Company, data["c1"])
        task = add_task(
            session,
            rt.settings,
            owner,
            company=company,
            template="calculate_tax",
            month=Month(2026, 12),
        )
        assert (task.kind, task.assignee_id, task.template_id is not None) == (
            TaskKind.CALCULATE_TAX,
            data["staff"],
            True,
        )
        task_id = task.id
    complete(rt, task_id, data["staff"], {"VAT": "5"})
    with rt.db.session() as session:
        kinds = {t.kind for t in session.scalars(select(Task).where(Task.parent_id == task_id))}
    assert kinds == {TaskKind.SEND_DECLARATION, TaskKind.PIT_ADVANCE, TaskKind.ZUS}


def test_a_free_task_for_the_office_is_reassigned_postponed_and_commented(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        owner = session.get_one(User, data["owner"])
        try:
            add_task(session, rt.settings, owner, title="  ")
            raise AssertionError("a task without a title was made")
        except TaskError as e:
            assert e.code == "title_missing"
        task = add_task(
            session,
            rt.settings,
            owner,
            title="Renew the office's insurance",
            due_on=dt.date(2027, 1, 10),
        )
        assert (task.company_id, task.kind, task.assignee_id) == (None, TaskKind.OTHER, owner.id)
        assign_task(session, rt.settings, owner, task.id, "staff@a.test")
        postpone_task(session, owner, task.id, dt.date(2027, 2, 1), "waiting for the offer")
        comment_task(session, owner, task.id, "Call the agent")
        assert task.assignee_id == data["staff"] and task.due_on == dt.date(2027, 2, 1)
        assert [(c.kind, c.body) for c in task.comments] == [
            (CommentKind.ASSIGNED, "staff@a.test"),
            (CommentKind.POSTPONED, "2027-01-10 → 2027-02-01: waiting for the offer"),
            (CommentKind.COMMENT, "Call the agent"),
        ]
        for bad in (
            lambda: postpone_task(session, owner, task.id, TODAY, " "),
            lambda: assign_task(session, rt.settings, owner, task.id, "staff@b.test"),
        ):
            try:
                bad()
                raise AssertionError("refused change was made")
            except TaskError:
                pass


def test_the_board_groups_overdue_first_and_filters(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        owner = session.get_one(User, data["owner"])
        staff = session.get_one(User, data["staff"])
        c1, c2 = session.get_one(Company, data["c1"]), session.get_one(Company, data["c2"])
        late = add_task(
            session, rt.settings, owner, company=c2, title="Late one", due_on=dt.date(2027, 1, 5)
        )
        soon = add_task(
            session, rt.settings, owner, company=c1, template="zus", month=Month(2026, 12)
        )
        mine = add_task(
            session, rt.settings, owner, title="Owner's own", due_on=dt.date(2027, 1, 25)
        )
        planned = add_task(
            session, rt.settings, owner, company=c1, title="Later", due_on=dt.date(2027, 3, 1)
        )
        planned.starts_on = dt.date(2027, 2, 20)
        done = add_task(session, rt.settings, owner, company=c1, title="Done one")
        done.status = TaskState.DONE
        session.flush()

        groups = board(session, staff, BoardFilter(), TODAY)
        assert list(groups) == [TaskKind.OTHER, TaskKind.ZUS]  # the overdue group first
        assert [t.id for t in groups[TaskKind.OTHER]] == [late.id, planned.id]
        assert mine.id not in [t.id for ts in groups.values() for t in ts]  # the owner's
        everyone = board(session, owner, BoardFilter(), TODAY)
        assert mine.id in [t.id for t in everyone[TaskKind.OTHER]]

        def ids(**wanted):
            return [t.id for t in session.scalars(board_query(owner, BoardFilter(**wanted), TODAY))]

        assert ids(state=BoardState.OVERDUE) == [late.id]
        assert ids(state=BoardState.PLANNED) == [planned.id]
        assert ids(state=BoardState.DONE) == [done.id]
        assert set(ids(state=BoardState.OPEN)) == {soon.id, mine.id}
        assert ids(company_id=c2.id) == [late.id]
        assert ids(kind=TaskKind.ZUS) == [soon.id]
        assert ids(person_id=owner.id) == [mine.id]
        assert ids(due_from=dt.date(2027, 1, 21), due_to=dt.date(2027, 1, 31)) == [mine.id]
        assert ids(words="late one") == [late.id]


def test_tasks_are_added_assigned_and_listed_from_the_command_line(operator):
    _rt, data, invoke = operator

    def run(*args):
        output = invoke(*args).output
        return [json.loads(line) for line in output.splitlines() if line.startswith("{")]

    [made] = run(
        "tasks",
        "add",
        "--company",
        "5260250274",
        "--title",
        "Check the leasing",
        "--due",
        "2026-11-05",
        "--json",
    )
    assert (made["title"], made["due_on"], made["assignee_id"]) == (
        "Check the leasing",
        "2026-11-05",
        data["staff"],
    )
    [chained] = run(
        "tasks", "add", "--company", "7740001454", "--template", "calculate_tax", "--json"
    )
    assert chained["kind"] == "calculate_tax" and chained["template_id"]
    run("tasks", "assign", str(made["id"]), "owner@a.test")
    listed = run(
        "tasks",
        "list",
        "--office",
        "Biuro A",
        "--person",
        "owner@a.test",
        "--state",
        "overdue",
        "--json",
    )
    assert [t["id"] for t in listed] == [made["id"]]
    listed = run("tasks", "list", "--office", "Biuro A", "--company", "7740001454", "--json")
    assert [t["id"] for t in listed] == [chained["id"]]
    bad = invoke("tasks", "add", "--company", "0000000000", "--title", "x", ok=False)
    assert bad.exit_code != 0
