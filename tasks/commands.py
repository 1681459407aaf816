"""The `intake tasks` commands: the same functions the portal calls."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import runtime
from intake.commands import cli_locale
from intake.formats import office_day
from intake.models import Company, User
from intake.month import Month
from intake.offices import get_office
from tasks.amounts import parse_pairs
from tasks.board import BoardFilter, board_query, tasks_for
from tasks.chains import advance_due, first_owner, start_monthly
from tasks.completion import complete_task
from tasks.deadlines import overdue_tasks
from tasks.errors import TaskError, TaskNotFound, Why
from tasks.handwork import add_task, assign_task, company_by_nip, office_person
from tasks.models import Task
from tasks.policy import set_policy
from tasks.settlements import settlement_of
from tasks.template_commands import templates
from tasks.vocabulary import BoardState, TaskKind


def task_json(task: Task, locale: str) -> dict[str, Any]:
    """Return a task as plain JSON values (amounts as '1234.56', dates ISO 8601)."""
    settlement = settlement_of(task)
    return {
        "id": task.id,
        "kind": str(task.kind),
        "title": task.title_in(locale),
        "company_id": task.company_id,
        "month": str(task.month) if task.month else None,
        "assignee_id": task.assignee_id,
        "status": str(task.status),
        "due_on": task.due_on.isoformat() if task.due_on else None,
        "done_by_id": task.done_by_id,
        "note": task.note,
        "visible_to_client": task.visible_to_client,
        "template_id": task.template_id,
        "parent_id": task.parent_id,
        "amounts": [
            {
                "code": str(a.code),
                "amount": f"{a.amount:.2f}",
                "currency": a.currency,
                "due_on": a.due_on.isoformat(),
            }
            for a in (settlement.amounts if settlement else ())
        ],
        "approval": {
            "required": task.approval_required,
            "approved_at": task.approved_at.isoformat() if task.approved_at else None,
            "approved_by": task.approved_by,
        },
    }


def show(rows: list[dict[str, Any]], as_json: bool) -> None:
    """Print tasks as JSON lines or a table for people."""
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            due = row["due_on"] or "-"
            click.echo(f"{row['id']:>6}  {due:<10}  {row['status']:<9}  {row['title']}")


def get_user(session: Session, email: str) -> User:
    """Return a user by e-mail or raise TaskNotFound."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise TaskNotFound(Why.USER_NOT_FOUND, email=email)
    return user


@click.group()
def tasks() -> None:
    """The office's tasks."""


@tasks.command("list")
@click.option("--user", "email", help="Tasks this person sees (staff: own and unassigned).")
@click.option("--office", "office_name", help="An office's tasks (its owner's board).")
@click.option("--company", "nip", help="Only this company's (NIP).")
@click.option("--kind", type=click.Choice(TaskKind.values()))
@click.option("--person", help="Only this person's (e-mail).")
@click.option("--state", type=click.Choice(BoardState.values()))
@click.option("--from", "due_from", type=click.DateTime(["%Y-%m-%d"]), help="Due on or after.")
@click.option("--to", "due_to", type=click.DateTime(["%Y-%m-%d"]), help="Due on or before.")
@click.option("--json", "as_json", is_flag=True)
def list_tasks(
    email: str | None,
    office_name: str | None,
    nip: str | None,
    kind: str | None,
    person: str | None,
    state: str | None,
    due_from: dt.datetime | None,
    due_to: dt.datetime | None,
    as_json: bool,
) -> None:
    """List a person's open tasks, or an office's overdue ones; filtered like the board."""
    if bool(email) == bool(office_name):
        raise click.UsageError("give --user EMAIL or --office NAME")
    locale = cli_locale()
    filtered = any((nip, kind, person, state, due_from, due_to))
    with runtime.start().db.session() as session:
        if email:
            user = get_user(session, email)
        else:
            office = get_office(session, str(office_name))
            if not filtered:
                found = overdue_tasks(session, office.id)
                show([task_json(task, locale) for task in found], as_json)
                return
            owner = first_owner(session, office.id)
            if owner is None:
                raise click.UsageError("the office has no owner")
            user = owner
        if not filtered:
            found = tasks_for(session, user)
        else:
            wanted = BoardFilter(
                company_id=company_by_nip(session, user.office_id, nip).id if nip else None,
                kind=TaskKind(kind) if kind else None,
                person_id=office_person(session, user.office_id, person).id if person else None,
                state=BoardState(state) if state else None,
                due_from=due_from.date() if due_from else None,
                due_to=due_to.date() if due_to else None,
            )
            query = board_query(user, wanted, office_day(user.office.timezone))
            found = list(session.scalars(query))
        rows = [task_json(task, locale) for task in found]
    show(rows, as_json)


@tasks.command("add")
@click.option("--company", "nip", help="The company's NIP (none: the office's own work).")
@click.option("--office", "office_name", help="The office (needed without --company).")
@click.option("--template", help="The template's name (its chain follows).")
@click.option("--title", help="The title of a free task.")
@click.option("--assignee", help="Who does it (e-mail).")
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--month", help="The month it is for (YYYY-MM; default: last month).")
@click.option("--json", "as_json", is_flag=True)
def add(
    nip: str | None,
    office_name: str | None,
    template: str | None,
    title: str | None,
    assignee: str | None,
    due: dt.datetime | None,
    month: str | None,
    as_json: bool,
) -> None:
    """Make a task by hand, from a template or free; its person is told."""
    if not (template or title):
        raise click.UsageError("give --template NAME or --title TEXT")
    rt = runtime.start()
    with rt.db.session() as session:
        if nip:
            company = session.scalar(select(Company).where(Company.nip == nip.strip()))
            if company is None:
                raise TaskError(Why.NO_COMPANY, nip=nip)
            office_id = company.office_id
        elif office_name:
            company, office_id = None, get_office(session, office_name).id
        else:
            raise click.UsageError("give --company NIP or --office NAME")
        owner = first_owner(session, office_id)
        if owner is None:
            raise click.UsageError("the office has no owner")
        task = add_task(
            session,
            rt.settings,
            owner,
            company=company,
            template=template,
            title=title,
            month=Month.parse(month) if month else None,
            assignee=office_person(session, office_id, assignee) if assignee else None,
            due_on=due.date() if due else None,
        )
        rows = [task_json(task, cli_locale())]
    show(rows, as_json)


@tasks.command("assign")
@click.argument("task_id", type=int)
@click.argument("email")
def assign(task_id: int, email: str) -> None:
    """Give a task to another person of its office, who is told."""
    rt = runtime.start()
    with rt.db.session() as session:
        task = session.get(Task, task_id)
        if task is None:
            raise TaskNotFound(task_id=task_id)
        owner = first_owner(session, task.office_id)
        if owner is None:
            raise click.UsageError("the office has no owner")
        assign_task(session, rt.settings, owner, task_id, email)
    click.echo(f"task {task_id} assigned to {email.strip().lower()}")


@tasks.command("done")
@click.argument("task_id", type=int)
@click.option("--user", "email", required=True, help="Who did it (staff or owner).")
@click.option("--amount", "amounts", multiple=True, help="CODE=AMOUNT, e.g. VAT=1234,56")
@click.option("--due", "dues", multiple=True, help="CODE=DD.MM.YYYY (default: statutory day)")
@click.option("--account", "accounts", multiple=True, help="CODE=IBAN, the account to pay to")
@click.option("--note")
@click.option("--json", "as_json", is_flag=True)
def done(
    task_id: int,
    email: str,
    amounts: tuple[str, ...],
    dues: tuple[str, ...],
    accounts: tuple[str, ...],
    note: str | None,
    as_json: bool,
) -> None:
    """Mark a task done; a tax task's amounts go to every contact of the client."""
    rt = runtime.start()
    with rt.db.session() as session:
        task = complete_task(
            session,
            rt.settings,
            get_user(session, email),
            task_id,
            parse_pairs(list(amounts)),
            parse_pairs(list(dues)),
            note=note,
            accounts=parse_pairs(list(accounts)),
        )
        rows = [task_json(task, cli_locale())]
    show(rows, as_json)


@tasks.command("advance")
@click.option("--monthly", is_flag=True, help="Also start the month's work of monthly templates.")
def advance(monthly: bool) -> None:
    """Create the reminders, follow-ups and monthly tasks whose time has come."""
    rt = runtime.start()
    with rt.db.session() as session:
        created = len(advance_due(session, rt.settings))
        started = len(start_monthly(session)) if monthly else None
    click.echo(f"{created} reminder task(s) created")
    if started is not None:
        click.echo(f"{started} monthly task(s) created")


@tasks.command("policy")
@click.option("--office", "office_name", required=True)
@click.option("--approval/--no-approval", default=None, help="Clients approve their amounts.")
@click.option("--remind-days", type=int, help="Remind the client after this many days.")
@click.option("--digest-owner/--no-digest-owner", default=None, help="The owner's overdue digest.")
@click.option("--digest-staff/--no-digest-staff", default=None, help="Each person's daily digest.")
def policy(
    office_name: str,
    approval: bool | None,
    remind_days: int | None,
    digest_owner: bool | None,
    digest_staff: bool | None,
) -> None:
    """Show or change an office's work policy."""
    with runtime.start().db.session() as session:
        office = get_office(session, office_name)
        row = set_policy(
            session,
            office.id,
            approval_required=approval,
            remind_after_days=remind_days,
            digest_owner=digest_owner,
            digest_staff=digest_staff,
        )
        line = (
            f"{office.name}: approval {'required' if row.approval_required else 'not required'}, "
            f"remind after {row.remind_after_days} days"
        )
        if digest_owner is not None or digest_staff is not None:
            line += (
                f"\ndigests: owner {'on' if row.digest_owner else 'off'}, "
                f"staff {'on' if row.digest_staff else 'off'}"
            )
    click.echo(line)


tasks.add_command(templates)
