"""The `intake tasks` commands: the same functions the portal calls."""

from __future__ import annotations

import json

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import runtime
from intake.errors import NotFound
from intake.models import User
from intake.models.work import Task
from intake.offices import get_office
from tasks.board import tasks_for
from tasks.chains import advance_due
from tasks.completion import complete_task
from tasks.deadlines import overdue_tasks
from tasks.policy import set_policy
from tasks.tax import parse_pairs


def task_json(task: Task) -> dict[str, object]:
    """Return a task as plain JSON values."""
    return {
        "id": task.id,
        "kind": task.kind,
        "title": task.title,
        "company_id": task.company_id,
        "assignee_id": task.assignee_id,
        "status": task.status,
        "due_on": task.due_on.isoformat() if task.due_on else None,
        "data": task.data,
    }


def show(rows: list[Task], as_json: bool) -> None:
    """Print tasks as JSON lines or a table for people."""
    for task in rows:
        if as_json:
            click.echo(json.dumps(task_json(task), ensure_ascii=False))
        else:
            click.echo(f"{task.id:>6}  {task.due_on or '-':<10}  {task.status:<9}  {task.title}")


def get_user(session: Session, email: str) -> User:
    """Return a user by e-mail or raise NotFound."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"no user {email}")
    return user


@click.group()
def tasks() -> None:
    """The office's tasks."""


@tasks.command("list")
@click.option("--user", "email", help="Tasks this person sees (staff: own and unassigned).")
@click.option("--office", "office_name", help="Overdue tasks of an office.")
@click.option("--json", "as_json", is_flag=True)
def list_tasks(email: str | None, office_name: str | None, as_json: bool) -> None:
    """List a person's open tasks, or an office's overdue ones."""
    if bool(email) == bool(office_name):
        raise click.UsageError("give --user EMAIL or --office NAME")
    with runtime.start().db.session() as session:
        if email:
            show(tasks_for(session, get_user(session, email)), as_json)
        else:
            show(overdue_tasks(session, get_office(session, str(office_name)).id), as_json)


@tasks.command("done")
@click.argument("task_id", type=int)
@click.option("--user", "email", required=True, help="Who did it (staff or owner).")
@click.option("--amount", "amounts", multiple=True, help="CODE=AMOUNT, e.g. VAT=1234.56")
@click.option("--due", "dues", multiple=True, help="CODE=YYYY-MM-DD (default: statutory day)")
@click.option("--note")
@click.option("--json", "as_json", is_flag=True)
def done(
    task_id: int,
    email: str,
    amounts: tuple[str, ...],
    dues: tuple[str, ...],
    note: str | None,
    as_json: bool,
) -> None:
    """Mark a task done; a tax task's amounts go to every contact of the client."""
    rt = runtime.start()
    with rt.db.session() as session:
        user_id = get_user(session, email).id
    task = complete_task(
        rt,
        task_id,
        user_id,
        parse_pairs(list(amounts)),
        parse_pairs(list(dues)),
        note=note,
    )
    show([task], as_json)


@tasks.command("advance")
def advance() -> None:
    """Create the reminder tasks whose time has come (run it daily, e.g. from cron)."""
    created = advance_due(runtime.start())
    click.echo(f"{len(created)} reminder task(s) created")


@tasks.command("policy")
@click.option("--office", "office_name", required=True)
@click.option("--approval/--no-approval", default=None, help="Clients approve their amounts.")
@click.option("--remind-days", type=int, help="Remind the client after this many days.")
def policy(office_name: str, approval: bool | None, remind_days: int | None) -> None:
    """Show or change an office's work policy."""
    with runtime.start().db.session() as session:
        office = get_office(session, office_name)
        row = set_policy(
            session, office.id, approval_required=approval, remind_after_days=remind_days
        )
        click.echo(
            f"{office.name}: approval {'required' if row.approval_required else 'not required'}, "
            f"remind after {row.remind_after_days} days"
        )
