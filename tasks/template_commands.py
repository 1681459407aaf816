"""`intake tasks templates export|import FILE`: an office's task templates as a JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import runtime
from intake.models import Office
from intake.offices import get_office
from tasks.errors import TaskError, Why
from tasks.templates import export_templates, import_templates


def pick_office(session: Session, name: str | None) -> Office:
    """Return the office named, or the only one there is."""
    if name:
        return get_office(session, name)
    offices = session.scalars(select(Office).limit(2)).all()
    if len(offices) != 1:
        raise click.UsageError("give --office NAME")
    return offices[0]


@click.group("templates")
def templates() -> None:
    """The office's task templates (what follows what, when, for whom)."""


@templates.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--office", "office_name", help="The office (needed where there are several).")
def export(file: str, office_name: str | None) -> None:
    """Write the office's templates to FILE as JSON ('-' for standard output)."""
    with runtime.start().db.session() as session:
        items = export_templates(session, pick_office(session, office_name).id)
    text = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if file == "-":
        click.echo(text, nl=False)
    else:
        Path(file).write_text(text, encoding="utf-8")
        click.echo(f"{len(items)} template(s) written to {file}")


@templates.command("import")
@click.argument("file", type=click.File(encoding="utf-8"))
@click.option("--office", "office_name", help="The office (needed where there are several).")
def import_(file: IO[str], office_name: str | None) -> None:
    """Create or update the office's templates from a JSON FILE (matched by name)."""
    try:
        items = json.load(file)
    except ValueError:
        raise TaskError(Why.TEMPLATE_FILE) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise TaskError(Why.TEMPLATE_FILE)
    with runtime.start().db.session() as session:
        office = pick_office(session, office_name)
        export_templates(session, office.id)  # the defaults first, so names match them
        rows = import_templates(session, office, items)
        count = len(rows)
    click.echo(f"{count} template(s) imported")
