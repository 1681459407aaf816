"""`intake ksef`: credentials, status per company, a sync pass, one invoice by number."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from sqlalchemy.orm import Session
from tqdm import tqdm

from intake import runtime
from intake.commands import cli_locale, emit, find_company
from intake.errors import InvalidInput, Problem
from intake.i18n import translate
from intake.models import Company
from ksef.credentials import set_certificate, set_token
from ksef.errors import CredentialError, Reason
from ksef.service import check_access, get_invoice, office_companies, office_of, status_of, sync_all
from ksef.vocabulary import Environment

# A KsefError is an IntakeError: the `intake` group prints it translated, in one line.


@click.group()
def ksef() -> None:
    """KSeF: the office's credential, each client's invoices from the national system."""


@ksef.group()
def credentials() -> None:
    """The office's (or one company's) KSeF credential, encrypted at rest."""


def read_file(path: str | None) -> bytes | None:
    """Read a file named on the command line; raise CredentialError when it cannot be read."""
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise CredentialError(Reason.KEY_UNREADABLE, path=path, detail=e.strerror or "") from e


@credentials.command("set")
@click.option("--office", "office_name", required=True)
@click.option("--certificate", "certificate_file", help="The KSeF certificate (PEM or DER).")
@click.option("--key", "key_file", help="Its private key (PEM or DER).")
@click.option("--password-file", help="A file holding the key's password.")
@click.option("--token-file", help="A file holding a KSeF token.")
@click.option("--env", "environment", type=click.Choice(Environment.values()), default="prod")
@click.option("--company", "company_nip", help="A company's own credential.")
@click.option("--json", "as_json", is_flag=True)
def credentials_set(
    office_name: str,
    certificate_file: str | None,
    key_file: str | None,
    password_file: str | None,
    token_file: str | None,
    environment: str,
    company_nip: str | None,
    as_json: bool,
) -> None:
    """Store a certificate and key, or a token; it is never shown again."""
    by_certificate = certificate_file is not None or key_file is not None
    if by_certificate == (token_file is not None) or (
        by_certificate and not (certificate_file and key_file)
    ):
        raise click.UsageError("give --certificate and --key, or --token-file")
    rt = runtime.start()
    with rt.db.session() as session:
        office = office_of(session, office_name)
        company = find_company(session, company_nip) if company_nip else None
        env = Environment(environment)
        if token_file is not None:
            token = (read_file(token_file) or b"").decode("utf-8", "replace")
            row = set_token(session, rt.settings, office, token, environment=env, company=company)
        else:
            password = read_file(password_file)
            row = set_certificate(
                session,
                rt.settings,
                office,
                read_file(certificate_file) or b"",
                read_file(key_file) or b"",
                password=password.strip() if password else None,
                environment=env,
                company=company,
            )
        data = {
            "office": office.name,
            "company": company.nip if company else None,
            "kind": row.kind.value,
            "environment": row.environment.value,
            "label": row.label,
            "valid_until": row.valid_until.isoformat() if row.valid_until else None,
        }
        emit(as_json, data, f"{office.name}: {row.kind.value} stored ({row.label})")


@ksef.command("status")
@click.option("--company", "company_nip", help="Only this company.")
@click.option("--office", "office_name", help="Only this office's companies.")
@click.option("--check", is_flag=True, help="Ask KSeF now whether access works.")
@click.option("--json", "as_json", is_flag=True)
def status(company_nip: str | None, office_name: str | None, check: bool, as_json: bool) -> None:
    """Show per company: access, last sync, continuation point, invoices, last error."""
    rt = runtime.start()
    locale = cli_locale()
    with rt.db.session() as session:
        companies = chosen(session, company_nip, office_name)
        ids = [c.id for c in companies]
    if check:
        for company_id in ids:
            check_access(rt, company_id)
    with rt.db.session() as session:
        for company_id in ids:
            found = status_of(session, session.get_one(Company, company_id))
            row = found.to_json(locale)
            error = f" · {row['last_error']}" if row["last_error"] else ""
            text = (
                f"{found.nip} {found.company}: {translate(found.access.label, locale)}"
                f"{error}; last sync {row['last_sync_at'] or '-'}, {found.fetched} invoices"
            )
            emit(as_json, row, text)


def chosen(session: Session, company_nip: str | None, office_name: str | None) -> list[Company]:
    """Return the companies a command is about."""
    if company_nip:
        return [find_company(session, company_nip)]
    if office_name:
        return office_companies(session, office_of(session, office_name).id)
    from sqlalchemy import select

    return list(session.scalars(select(Company).order_by(Company.office_id, Company.name)))


@ksef.command("sync")
@click.option("--company", "company_nip", help="Only this company.")
@click.option("--since", help="Fetch again from this day, YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True)
def sync(company_nip: str | None, since: str | None, as_json: bool) -> None:
    """One pass: every connected company's new invoices; counts per company."""
    rt = runtime.start()
    first = None
    if since:
        try:
            first = dt.date.fromisoformat(since)
        except ValueError:
            raise InvalidInput(Problem.NOT_A_DAY, field="--since", value=since) from None
    ids = None
    if company_nip:
        with rt.db.session() as session:
            ids = [find_company(session, company_nip).id]
    if rt.settings.broker_url is None:
        rt.start_worker()  # embedded: read the invoices before the command ends
    show = sys.stderr.isatty() and not as_json
    locale = cli_locale()
    failed = False
    with tqdm(desc="KSeF", unit="invoice", disable=not show, file=sys.stderr) as bar:
        reports = sync_all(rt, ids, force=True, since=first, progress=bar.update)
    for report in reports:
        error = f" FAILED: {report.error.translate(locale)}" if report.error else ""
        failed = failed or report.error is not None
        text = (
            f"{report.nip} {report.company}: {report.fetched} new, "
            f"{report.already_known} already here, {report.packages} packages{error}"
        )
        emit(as_json, report.to_json(), text)
    if rt.worker is not None:
        rt.broker.join("default")
        rt.stop()
    if failed:
        sys.exit(1)


@ksef.command("get")
@click.argument("number")
@click.option("--company", "company_nip", required=True, help="In whose context (NIP).")
@click.option("--json", "as_json", is_flag=True)
def get(number: str, company_nip: str, as_json: bool) -> None:
    """Fetch one invoice by its KSeF number into a company."""
    rt = runtime.start()
    with rt.db.session() as session:
        company_id = find_company(session, company_nip).id
    if rt.settings.broker_url is None:
        rt.start_worker()
    try:
        row = get_invoice(rt, company_id, number)
    except BaseException:
        rt.stop_worker()  # its threads would outlive the command
        raise
    data = {"ksef_number": row.ksef_number, "document_id": row.document_id, "company": company_nip}
    emit(as_json, data, f"{row.ksef_number}: document {row.document_id}")
    if rt.worker is not None:
        rt.broker.join("default")
        rt.stop()
