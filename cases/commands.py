"""`intake cases`: the desk's cases for operators: list, assign, report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from sqlalchemy import select

from cases.models import Case
from cases.reports import as_csv, as_xlsx, build_report, parse_day
from cases.vocabulary import CaseState
from cases.work import assign
from intake import runtime
from intake.commands import emit
from intake.errors import NotFound
from intake.models import Office
from intake.offices import get_office


@click.group()
def cases() -> None:
    """The case desk: clients' questions worked by the office."""


def case_row(case: Case) -> dict[str, object]:
    """Return what the list prints of a case."""
    return {
        "id": case.id,
        "office": case.office_id,
        "title": case.title,
        "client": case.who,
        "source": str(case.source),
        "state": str(case.state),
        "priority": str(case.priority),
        "assignee": case.assignee.email if case.assignee else None,
        "labels": [label.name for label in case.labels],
        "created_at": case.created_at.isoformat(),
    }


@cases.command("list")
@click.option("--state", type=click.Choice(CaseState.values()), help="Only cases in this state.")
@click.option("--office", "office_name", help="Only this office's cases.")
@click.option("--limit", default=500, show_default=True, help="At most this many, newest first.")
@click.option("--json", "as_json", is_flag=True)
def cases_list(state: str | None, office_name: str | None, limit: int, as_json: bool) -> None:
    """List cases, newest first."""
    with runtime.start().db.session() as session:
        query = select(Case).order_by(Case.id.desc()).limit(limit)
        if state:
            query = query.where(Case.state == state)
        if office_name:
            query = query.where(Case.office_id == get_office(session, office_name).id)
        for case in session.scalars(query):
            row = case_row(case)
            text = f"{case.id:6} {row['state']:10} {row['priority']:7} {case.title}"
            emit(as_json, row, text)


@cases.command("assign")
@click.argument("case_id", type=int)
@click.argument("email")
def cases_assign(case_id: int, email: str) -> None:
    """Assign a case to a person of its office's desk; they are told by e-mail."""
    rt = runtime.start()
    with rt.db.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"case {case_id}")
        person = assign(session, rt.settings, None, case, email)
        click.echo(f"case {case.id} assigned to {person.email}")


@cases.command("report")
@click.option("--from", "start", required=True, help="First day, YYYY-MM-DD.")
@click.option("--to", "end", required=True, help="Last day, YYYY-MM-DD.")
@click.option("--office", "office_name", help="The office (needed when there are several).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="json")
@click.option("--output", type=click.Path(dir_okay=False), help="Write here (XLSX needs it).")
def cases_report(
    start: str, end: str, office_name: str | None, fmt: str, output: str | None
) -> None:
    """Report the desk's cases opened in a period: counts, answer times, returned answers."""
    first, last = parse_day(start), parse_day(end)
    with runtime.start().db.session() as session:
        if office_name:
            office = get_office(session, office_name)
        else:
            offices = session.scalars(select(Office).limit(2)).all()
            if len(offices) != 1:
                raise click.UsageError("name the office with --office")
            office = offices[0]
        report = build_report(session, office.id, first, last)
    if fmt == "json":
        data = json.dumps(report.as_dict(), ensure_ascii=False).encode() + b"\n"
    elif fmt == "csv":
        data = as_csv(report)
    else:
        data = as_xlsx(report)
    if output:
        Path(output).write_bytes(data)
    elif fmt == "xlsx":
        raise click.UsageError("write XLSX to a file with --output")
    else:
        sys.stdout.buffer.write(data)
