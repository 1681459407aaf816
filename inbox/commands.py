"""`intake mail`: poll the inboxes, keep IMAP accounts and trusted senders, see problems."""

from __future__ import annotations

import logging
import signal

import click

from inbox.accounts import add_account, stored_accounts
from inbox.errors import InboxError, Reason
from inbox.models import MailAccount
from inbox.notes import codes
from inbox.poller import poll_all, start_background
from inbox.records import problems, retry
from inbox.trust import allow_sender
from intake import runtime
from intake.commands import cli_locale, emit, find_company
from intake.i18n import N_, gettext, translate
from intake.models.texts import code_of
from intake.offices import get_office

logger = logging.getLogger(__name__)

# An InboxError is an IntakeError: the `intake` group prints it translated, in one line.


@click.group()
def mail() -> None:
    """The IMAP inbox: poll mailboxes, accounts, trusted senders."""


@mail.command("poll")
@click.option("--once", is_flag=True, help="One pass over every mailbox, then exit (cron).")
@click.option("--interval", type=float, default=None, help="Seconds between passes.")
@click.option("--json", "as_json", is_flag=True)
def poll(once: bool, interval: float | None, as_json: bool) -> None:
    """Take e-mailed documents in: once, or until stopped (IDLE where offered)."""
    rt = runtime.start()
    if not once:
        poller = start_background(rt, interval)
        signal.signal(signal.SIGTERM, lambda *_: poller.stopping.set())
        try:
            while poller.is_alive():
                poller.join(1)
        except KeyboardInterrupt:
            poller.stop()
        return
    reports = poll_all(rt)
    locale = cli_locale()
    if not reports:
        text = N_("No mailbox is configured: set INTAKE_IMAP_URL or add an account.")
        click.echo(gettext(locale, text), err=True)
    for report in reports:
        text = (
            f"{report.account}: {report.messages} messages, {report.imported} imported, "
            f"{report.rejected} rejected, {report.errors} errors, {report.documents} documents"
        )
        failed = f" FAILED: {translate(report.failure, locale)}" if report.failure else ""
        emit(as_json, report.to_json(), text + failed)
    if any(r.failure for r in reports):
        raise SystemExit(1)


@mail.group()
def accounts() -> None:
    """IMAP accounts of an office or of one company (passwords encrypted at rest)."""


@accounts.command("add")
@click.option("--office", "office_name", required=True)
@click.option("--name", required=True)
@click.option("--url", required=True, help="imaps://USER:PASS@HOST:PORT/INBOX")
@click.option("--company", "company_nip", help="A company's own mailbox.")
@click.option("--address", help="The address clients write to (or a catch-all domain).")
@click.option("--json", "as_json", is_flag=True)
def accounts_add(
    office_name: str,
    name: str,
    url: str,
    company_nip: str | None,
    address: str | None,
    as_json: bool,
) -> None:
    """Store an IMAP account."""
    rt = runtime.start()
    with rt.db.session() as session:
        office = get_office(session, office_name)
        company = find_company(session, company_nip) if company_nip else None
        row = add_account(session, rt.settings, office, name, url, company=company, address=address)
        data = {"id": row.id, "name": row.name, "host": row.host, "security": row.security}
        emit(as_json, data, f"account {row.id}: {row.name} ({row.security} {row.host})")


@accounts.command("list")
@click.option("--json", "as_json", is_flag=True)
def accounts_list(as_json: bool) -> None:
    """List stored IMAP accounts (never their passwords)."""
    with runtime.start().db.session() as session:
        for row in stored_accounts(session):
            data = {
                "id": row.id,
                "office_id": row.office_id,
                "company_id": row.company_id,
                "name": row.name,
                "host": row.host,
                "port": row.port,
                "security": row.security,
                "username": row.username,
                "folder": row.folder,
                "last_polled_at": row.last_polled_at,
                "last_error": translate(row.last_error, "en") or None,
                "last_error_code": code_of(row.last_error),
            }
            emit(as_json, data, f"{row.id:4} {row.name:20} {row.username}@{row.host}:{row.port}")


@accounts.command("remove")
@click.argument("account_id", type=int)
def accounts_remove(account_id: int) -> None:
    """Stop polling a stored account (its history stays)."""
    with runtime.start().db.session() as session:
        row = session.get(MailAccount, account_id)
        if row is None:
            raise InboxError(Reason.NO_ACCOUNT, id=account_id)
        row.active = False
    click.echo(f"account {account_id} is no longer polled")


@mail.command("allow")
@click.option("--company", "company_nip", required=True)
@click.argument("address")
def allow(company_nip: str, address: str) -> None:
    """Let a sender ('kasia@firma.pl') or a domain ('@firma.pl') skip a company's PIN.

    Only when the receiving server's Authentication-Results (INTAKE_INBOX_AUTHSERV_IDS)
    say DKIM or DMARC passed for the sender; a free-mail domain cannot be listed whole.
    """
    with runtime.start().db.session() as session:
        company = find_company(session, company_nip)
        allow_sender(session, company.id, address)
    click.echo(f"{address} may send documents for {company.name} without the PIN")


@mail.command("problems")
@click.option("--json", "as_json", is_flag=True)
def problems_list(as_json: bool) -> None:
    """List messages that failed, for staff to look at."""
    locale = cli_locale()
    with runtime.start().db.session() as session:
        for row in problems(session):
            data = {
                "id": row.id,
                "account": row.account,
                "uid": row.uid,
                "sender": row.sender,
                "subject": row.subject,
                "status": row.status,
                "attempts": row.attempts,
                "note": translate(row.note, "en") or None,
                "note_codes": codes(row.note),
            }
            note = translate(row.note, locale)
            emit(as_json, data, f"{row.id:6} {row.sender or '-':30} {note}")


@mail.command("retry")
@click.argument("inbound_email_id", type=int)
def retry_message(inbound_email_id: int) -> None:
    """Let the poller try a failed message again."""
    with runtime.start().db.session() as session:
        row = retry(session, inbound_email_id)
    click.echo(f"message {row.id}: {row.status}")
