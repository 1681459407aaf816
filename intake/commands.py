"""intake's operator commands; each calls the same functions the portal calls."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from intake import runtime
from intake.accept import Upload, accept
from intake.addresses import company_address
from intake.errors import InvalidInput, NotFound, Problem, Refused
from intake.exports import FORMATS, export
from intake.i18n import LOCALES, translate
from intake.models import Company, Document, Period
from intake.offices import add_company, add_user, create_office, get_office, normalize_nip
from intake.periods import parse_month
from intake.vocabulary import Role, Source


def emit(as_json: bool, data: object, text: str) -> None:
    """Print JSON for machines or a line for people."""
    click.echo(json.dumps(data, ensure_ascii=False, default=str) if as_json else text)


@click.group()
def db() -> None:
    """Database commands."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Run the migrations (SQLite or PostgreSQL)."""
    rt = runtime.start(check=False)
    rt.db.check()
    rt.db.upgrade()
    click.echo("database is up to date")


@click.group()
def office() -> None:
    """Office (tenant) commands."""


@office.command("create")
@click.argument("name")
@click.option("--deadline-day", type=int, default=10, show_default=True)
@click.option("--locale", type=click.Choice(LOCALES), default="pl", show_default=True)
@click.option("--timezone", default="Europe/Warsaw", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def office_create(name: str, deadline_day: int, locale: str, timezone: str, as_json: bool) -> None:
    """Create an office (its language and time zone: pl/Europe/Warsaw, he/Asia/Jerusalem)."""
    with runtime.start().db.session() as session:
        new = create_office(session, name, deadline_day, locale=locale, timezone=timezone)
        emit(as_json, {"id": new.id, "name": new.name}, f"office {new.id}: {new.name}")


@click.group()
def company() -> None:
    """Client company commands."""


@company.command("add")
@click.option("--office", "office_name", required=True)
@click.option("--name", required=True)
@click.option("--nip", required=True)
@click.option("--pin")
@click.option("--inbox-code")
@click.option("--json", "as_json", is_flag=True)
def company_add(
    office_name: str, name: str, nip: str, pin: str | None, inbox_code: str | None, as_json: bool
) -> None:
    """Add a client company; prints its id and inbox address."""
    rt = runtime.start()
    with rt.db.session() as session:
        new = add_company(
            session, get_office(session, office_name), name, nip, pin=pin, inbox_code=inbox_code
        )
        address = company_address(new.inbox_code, rt.settings.inbox_address)
        emit(
            as_json,
            {"id": new.id, "name": new.name, "nip": new.nip, "inbox": address},
            f"company {new.id}: {new.name} (NIP {new.nip}), inbox {address}",
        )


@click.group()
def user() -> None:
    """User commands."""


@user.command("add")
@click.option("--office", "office_name", required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(Role.values()), required=True)
@click.option("--company", "company_nip", help="NIP of the client's company.")
@click.option("--locale", type=click.Choice(LOCALES), help="The person's language.")
@click.password_option(envvar="INTAKE_NEW_PASSWORD")
def user_add(
    office_name: str,
    email: str,
    name: str,
    role: str,
    company_nip: str | None,
    locale: str | None,
    password: str,
) -> None:
    """Add a person who logs in."""
    with runtime.start().db.session() as session:
        the_office = get_office(session, office_name)
        the_company = find_company(session, company_nip) if company_nip else None
        new = add_user(
            session, the_office, email, name, role, password, company=the_company, locale=locale
        )
        click.echo(f"user {new.id}: {new.email} ({new.role})")


def find_company(session: Session, nip: str) -> Company:
    """Return the company of a NIP (any common spelling) or raise NotFound."""
    found = session.scalars(select(Company).where(Company.nip == normalize_nip(nip))).all()
    if not found:
        raise NotFound(f"company with NIP {nip}")
    if len(found) > 1:
        raise InvalidInput(Problem.NIP_IN_SEVERAL_OFFICES, nip=nip)
    return found[0]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--company", "company_nip", required=True, help="The company's NIP.")
@click.option("--month", help="The documents' month, YYYY-MM.")
@click.option("--json", "as_json", is_flag=True)
def ingest(files: tuple[str, ...], company_nip: str, month: str | None, as_json: bool) -> None:
    """Hand files in for a company through the same door as an upload."""
    rt = runtime.start()
    with rt.db.session() as session:
        company_id = find_company(session, company_nip).id
    if rt.settings.broker_url is None:
        rt.start_worker()  # embedded: read the files before the command ends
    chosen = parse_month(month) if month else None
    limit = rt.settings.max_upload_mb * 1024 * 1024
    refused = 0
    show = sys.stderr.isatty() and len(files) > 1
    for name in tqdm(files, desc="ingest", unit="file", disable=not show, file=sys.stderr):
        try:
            upload = Upload(company_id, Path(name).read_bytes(), name, Source.CLI, limit)
            with rt.db.session() as session:
                done = accept(session, rt.storage, replace(upload, month=chosen))
            row = {
                "file": name,
                "document_id": done.document_id,
                "status": done.status,
                "duplicate_of": done.duplicate_of,
                "error": None,
                "code": None,
            }
        except Refused as e:
            refused += 1
            row = {**refused_row(name, e.translate(cli_locale())), "code": e.code}
        except OSError as e:
            refused += 1
            row = {**refused_row(name, e.strerror or str(e)), "code": "unreadable"}
        text = f"{name}: {row['status']}" + (f" ({row['error']})" if row["error"] else "")
        if as_json or not show or row["error"]:
            tqdm.write(json.dumps(row, ensure_ascii=False) if as_json else text)
    if rt.worker is not None:
        rt.broker.join("default")
        rt.stop()
    if refused:
        sys.exit(1)


@click.group()
def documents() -> None:
    """Document commands."""


@documents.command("list")
@click.option("--company", "company_nip", help="Only this company's documents.")
@click.option("--json", "as_json", is_flag=True)
def documents_list(company_nip: str | None, as_json: bool) -> None:
    """List documents with their status and fields."""
    with runtime.start().db.session() as session:
        query = select(Document).order_by(Document.id)
        if company_nip:
            query = query.where(Document.company_id == find_company(session, company_nip).id)
        for doc in session.scalars(query):
            row = document_row(doc)
            emit(as_json, row, f"{doc.id:6} {doc.status:13} {doc.company.nip} {doc.filename}")


def document_row(doc: Document) -> dict[str, object]:
    """Return a document as the JSON row of `intake documents list`."""
    return {
        "id": doc.id,
        "company": doc.company.nip,
        "company_name": doc.company.name,
        "source": doc.source,
        "filename": doc.filename,
        "sha256": doc.sha256,
        "status": doc.status,
        "month": str(doc.month) if doc.month else None,
        "duplicate_of": doc.duplicate_of_id,
        "error": translate(doc.error, "en") or None,
        "created_at": doc.created_at.isoformat(),
        "fields": doc.extraction.fields if doc.extraction else None,
    }


@click.command()
@click.option("--processes", type=int, default=2, show_default=True)
@click.option("--threads", type=int, default=4, show_default=True)
def worker(processes: int, threads: int) -> None:
    """Run job worker processes against INTAKE_BROKER_URL."""
    rt = runtime.start()
    if rt.settings.broker_url is None:
        raise InvalidInput(Problem.NO_BROKER)
    args = [
        sys.executable,
        "-m",
        "dramatiq",
        "intake.worker",
        "--processes",
        str(processes),
        "--threads",
        str(threads),
    ]
    os.execv(sys.executable, args)


@click.command()
@click.option("--month", required=True, help="YYYY-MM or MM/YYYY")
@click.option("--office", "office_name", help="Only this office.")
@click.option("--json", "as_json", is_flag=True, help="The late documents, one JSON line each.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Every table: json, csv or xlsx.")
@click.option("--table", "only", help="Only this table (documents, tax_results, ...).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE (xlsx needs one).")
def stats(
    month: str,
    office_name: str | None,
    as_json: bool,
    fmt: str | None,
    only: str | None,
    out: str | None,
) -> None:
    """Print a month's statistics: late documents per company, and (with --format) every
    table of the owner's report."""
    from intake.models import Office
    from intake.stats import month_stats, report_tables

    with runtime.start().db.session() as session:
        offices = (
            [get_office(session, office_name)]
            if office_name
            else session.scalars(select(Office).order_by(Office.name)).all()
        )
        if fmt:
            if len(offices) != 1:
                raise click.UsageError("give --office NAME with --format")
            tables = report_tables(session, offices[0].id, parse_month(month))
            if only:
                if only not in tables:
                    raise click.UsageError(f"--table is one of {', '.join(tables)}")
                tables = {only: tables[only]}
            data = export(tables, fmt, office=offices[0].name, month=str(parse_month(month)))
            if out:
                Path(out).write_bytes(data)
            elif fmt == "xlsx":
                raise click.UsageError("give --out FILE for xlsx")
            else:
                click.echo(data.decode("utf-8").lstrip("\ufeff"), nl=False)
            return
        for one in offices:
            for row in month_stats(session, one.id, parse_month(month)):
                data_row = {"office": one.name, **row.to_json()}
                text = (
                    f"{one.name:25} {row.company:35} docs {row.documents:3} late {row.late:3} "
                    f"reopened {row.reopen_count} state {row.state}"
                    + "".join(f" {kind} {n}" for kind, n in sorted(row.kinds.items()))
                )
                emit(as_json, data_row, text)


@click.group()
def period() -> None:
    """A company's month: the 'documents delivered' step."""


@period.command("confirm")
@click.option("--company", "company_nip", required=True)
@click.option("--month", required=True, help="YYYY-MM or MM/YYYY")
def period_confirm(company_nip: str, month: str) -> None:
    """Record 'all documents for the month sent' for a company (as the office)."""
    from intake.periods import CONFIRMABLE_BACK, confirm_delivered

    rt = runtime.start()
    with rt.db.session() as session:
        company_id = find_company(session, company_nip).id
        period = confirm_delivered(
            session, company_id, month, "operator", months_back=CONFIRMABLE_BACK
        )
        period_id = period.id
    with rt.db.session() as session:  # the commit above may have closed the month
        done = session.get_one(Period, period_id)
        click.echo(f"{done.month}: {done.state}")


def cli_locale() -> str:
    """Return the operator's language: INTAKE_LOCALE, else the environment's, else English."""
    for name in ("INTAKE_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            short = value.split(".")[0].split("_")[0].lower()
            return short if short in LOCALES else "en"
    return "en"


def refused_row(name: str, error: str) -> dict[str, object]:
    """Return the JSON line of a file that was not taken."""
    return {"file": name, "document_id": None, "status": "refused", "error": error}


def register(group: click.Group) -> None:
    """Add intake's own commands to the CLI group."""
    from intake.demo import demo

    for command in (db, office, company, user, ingest, documents, worker, demo, stats, period):
        group.add_command(command)
