"""notify's operator commands: contacts, messages to clients, their history, reminders.

The same functions the portal calls. Without INTAKE_BROKER_URL a command that sends
runs the jobs itself before it ends (as `intake ingest` does); with one, the running
service's workers deliver at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import runtime
from intake.commands import cli_locale, emit, find_company
from intake.errors import InvalidInput, NotFound, Problem
from intake.formats import parse_day
from intake.i18n import LOCALES, translate
from intake.models import Company, Contact, Office, User
from intake.offices import get_office
from intake.passwords import invite_client
from intake.periods import parse_month
from intake.runtime import Runtime
from intake.vocabulary import OFFICE_ROLES, Role
from notify.accounts import send_invitation
from notify.contacts import channel_of, drop_contact, parse_receives, preferences_of, save_contact
from notify.history import Entry, history_of
from notify.letters import Draft, send_letters
from notify.models import Letter, Notification
from notify.outgoing import Attachment
from notify.reminders import parse_days, policy_for, run_reminders, set_policy
from notify.vocabulary import Origin, Topic


def drain(rt: Runtime) -> None:
    """Run the queued jobs in this process when there is no broker (embedded)."""
    if rt.settings.broker_url is None:
        rt.start_worker()
        rt.broker.join("default", timeout=300_000)
        rt.worker.join()  # type: ignore[union-attr]
        rt.stop_worker()  # its threads would outlive the command's work


def contact_json(contact: Contact, prefs: dict[Topic, set[Any]]) -> dict[str, Any]:
    """Return a contact as JSON: addresses, language and what they receive on which channel."""
    return {
        "id": contact.id,
        "company": contact.company.nip,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "locale": contact.locale,
        "receives": {str(t): sorted(str(c) for c in chs) for t, chs in prefs.items() if chs},
    }


@click.group()
def contacts() -> None:
    """A client's contacts: who receives which messages on which channel."""


@contacts.command("add")
@click.option("--company", "nip", required=True, help="The client's NIP.")
@click.option("--name", required=True)
@click.option("--email")
@click.option("--phone", help="Any common form; kept as E.164.")
@click.option("--locale", type=click.Choice(LOCALES))
@click.option(
    "--receives",
    multiple=True,
    help="TOPIC=CHANNELS, e.g. amounts=email,sms (topics: amounts documents confirm text "
    "conversation; default: all by e-mail, amounts also by SMS).",
)
@click.option("--invite", is_flag=True, help="Also invite them to the portal by e-mail.")
@click.option("--json", "as_json", is_flag=True)
def contacts_add(
    nip: str,
    name: str,
    email: str | None,
    phone: str | None,
    locale: str | None,
    receives: tuple[str, ...],
    invite: bool,
    as_json: bool,
) -> None:
    """Add a contact to a client."""
    rt = runtime.start()
    with rt.db.session() as session:
        company = find_company(session, nip)
        contact = save_contact(
            session,
            company,
            name=name,
            email=email,
            phone=phone,
            locale=locale,
            receives=parse_receives(receives) if receives else None,
        )
        if invite:
            if not contact.email:
                raise InvalidInput(Problem.EMAIL_INVALID, email="-")
            user = invite_client(session, company, contact.email, contact.name, locale)
            inviter = operator(session, company, None)
            send_invitation(session, rt.settings, user, inviter)
        prefs = preferences_of(session, [contact.id])[contact.id]
        row = contact_json(contact, prefs)
    drain(rt)
    emit(as_json, row, f"contact {row['id']}: {row['name']} ({company.name})")


@contacts.command("list")
@click.option("--company", "nip", help="Only this client's contacts.")
@click.option("--json", "as_json", is_flag=True)
def contacts_list(nip: str | None, as_json: bool) -> None:
    """List contacts and what they receive."""
    with runtime.start().db.session() as session:
        query = select(Contact).order_by(Contact.company_id, Contact.id)
        if nip:
            query = query.where(Contact.company_id == find_company(session, nip).id)
        found = session.scalars(query).all()
        prefs = preferences_of(session, [c.id for c in found])
        for contact in found:
            row = contact_json(contact, prefs[contact.id])
            text = f"{contact.id:6} {row['company']} {contact.name} {contact.email or ''} "
            emit(as_json, row, text + (contact.phone or ""))


@contacts.command("remove")
@click.argument("contact_id", type=int)
def contacts_remove(contact_id: int) -> None:
    """Remove a contact (what was sent to them stays in the history)."""
    with runtime.start().db.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"contact {contact_id}")
        drop_contact(session, contact)
    click.echo(f"contact {contact_id} removed")


def operator(session: Session, company: Company, email: str | None) -> User:
    """Return who a command sends on behalf of: the person named, else the client's
    accountant, else an owner (or anyone) of its office."""
    if email:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None or user.role not in OFFICE_ROLES or user.office_id != company.office_id:
            raise NotFound(f"office user {email}")
        return user
    if company.accountant is not None and company.accountant.active:
        return company.accountant
    person = session.scalar(
        select(User)
        .where(User.office_id == company.office_id, User.role.in_(OFFICE_ROLES), User.active)
        .order_by(User.role != Role.OWNER, User.id)
    )
    if person is None:
        raise NotFound(f"a person of office {company.office_id}")
    return person


def letter_json(session: Session, letter: Letter) -> dict[str, Any]:
    """Return a letter and its deliveries as JSON."""
    rows = session.scalars(
        select(Notification).where(Notification.letter_id == letter.id).order_by(Notification.id)
    ).all()
    company = session.get_one(Company, letter.company_id)
    return {
        "letter": letter.id,
        "batch": letter.batch,
        "company": company.nip,
        "kind": str(letter.kind),
        "month": str(letter.month) if letter.month else None,
        "note": translate(letter.note, cli_locale()) or None,
        "deliveries": [
            {
                "id": row.id,
                "channel": str(row.channel),
                "recipient": row.recipient,
                "status": str(row.status),
                "error": translate(row.error, cli_locale()) or None,
                "segments": row.data.get("segments"),
            }
            for row in rows
        ],
    }


@click.group()
def message() -> None:
    """Write to clients."""


@message.command("send")
@click.option("--company", "nips", multiple=True, required=True, help="A client's NIP (repeat).")
@click.option("--kind", type=click.Choice([str(t) for t in Topic if t != Topic.CONVERSATION]))
@click.option("--channel", "channels", required=True, help="email,sms[,whatsapp]")
@click.option("--text", help="The text (free text), or a note added to another kind.")
@click.option("--month", help="The month it is about (YYYY-MM); default: the latest.")
@click.option("--attach", type=click.Path(dir_okay=False, exists=True), help="A PDF file.")
@click.option("--sender", "sender_email", help="Who signs it (default: the accountant).")
@click.option("--json", "as_json", is_flag=True)
def message_send(
    nips: tuple[str, ...],
    kind: str | None,
    channels: str,
    text: str | None,
    month: str | None,
    attach: str | None,
    sender_email: str | None,
    as_json: bool,
) -> None:
    """Send a message to one client or many, by e-mail, SMS or WhatsApp."""
    rt = runtime.start()
    path = Path(attach) if attach else None
    draft = Draft(
        kind=Topic(kind or Topic.TEXT),
        channels=tuple(channel_of(c) for c in channels.split(",") if c.strip()),
        text=text,
        month=parse_month(month) if month else None,
        attachment=Attachment(path.name, path.read_bytes()) if path else None,
    )
    with rt.db.session() as session:
        companies = [find_company(session, nip) for nip in nips]
        sender = operator(session, companies[0], sender_email)
        letters = send_letters(
            session,
            rt.storage,
            rt.settings,
            sender,
            [c.id for c in companies],
            draft,
            origin=Origin.CLI,
        )
        ids = [letter.id for letter in letters]
    drain(rt)
    with rt.db.session() as session:
        for letter_id in ids:
            row = letter_json(session, session.get_one(Letter, letter_id))
            states = ", ".join(f"{d['channel']} {d['status']}" for d in row["deliveries"])
            emit(as_json, row, f"{row['company']}: {row['kind']} {states or row['note'] or ''}")


def entry_json(entry: Entry, locale: str) -> dict[str, Any]:
    """Return a history entry as JSON."""
    return {
        "at": entry.at.isoformat(),
        "direction": entry.direction,
        "kind": translate(entry.kind, locale),
        "channel": str(entry.channel) if entry.channel else None,
        "party": entry.party,
        "subject": entry.subject,
        "text": entry.text,
        "by": entry.by,
        "state": str(entry.state) if entry.state else None,
        "error": translate(entry.error, locale) or None,
        "attachments": list(entry.attachments),
        "ref": entry.ref,
    }


@click.group()
def messages() -> None:
    """What was sent to clients and received from them."""


@messages.command("list")
@click.option("--company", "nip", required=True, help="The client's NIP.")
@click.option("--search", help="Only entries with all these words.")
@click.option("--json", "as_json", is_flag=True)
def messages_list(nip: str, search: str | None, as_json: bool) -> None:
    """List a client's history, newest first."""
    locale = cli_locale()
    with runtime.start().db.session() as session:
        company = find_company(session, nip)
        for entry in history_of(session, company, search=search, locale=locale):
            row = entry_json(entry, locale)
            text = f"{row['at'][:16]} {row['direction']:3} {row['channel'] or '-':8} "
            emit(
                as_json, row, text + f"{row['state'] or '':9} {row['subject'] or row['text'][:60]}"
            )


@click.group()
def reminders() -> None:
    """Reminders that send themselves."""


@reminders.command("run")
@click.option("--date", "day", help="The day of the pass (YYYY-MM-DD); default: today.")
@click.option("--office", "office_name", help="Only this office.")
@click.option("--dry-run", is_flag=True, help="Only say whom it would remind and why.")
@click.option("--json", "as_json", is_flag=True)
def reminders_run(day: str | None, office_name: str | None, dry_run: bool, as_json: bool) -> None:
    """Run one pass of the reminders for a day (for cron and tests)."""
    rt = runtime.start()
    try:
        when = parse_day(day) if day else None
    except ValueError:
        raise InvalidInput(Problem.NOT_A_DAY, field="--date", value=day) from None
    locale = cli_locale()
    with rt.db.session() as session:
        office_id = get_office(session, office_name).id if office_name else None
        planned = run_reminders(session, rt.settings, when, office_id=office_id, dry_run=dry_run)
    if not dry_run:
        drain(rt)
    for item in planned:
        row = {
            "office": item.office,
            "company": item.nip,
            "company_name": item.company,
            "rule": item.rule,
            "kind": str(item.kind),
            "month": str(item.month) if item.month else None,
            "slot": item.slot,
            "why": translate(item.why, locale),
            "letter": item.letter_id,
            "sent": item.letter_id is not None,
        }
        emit(as_json, row, f"{item.nip} {item.company}: {row['why']}")


@reminders.command("settings")
@click.option("--office", "office_name", required=True)
@click.option("--on/--off", "enabled", default=None)
@click.option("--hour", type=int, help="Hour of the day they go out (0-23).")
@click.option("--before", help="Days before the documents deadline, e.g. 3,1")
@click.option("--after", help="Days after the documents deadline, e.g. 1,5")
@click.option("--approval-after", help="Days after amounts were sent, e.g. 3,7")
@click.option("--due-before", help="Days before a tax's due date, e.g. 2")
@click.option("--channels", help="email,sms")
def reminders_settings(
    office_name: str,
    enabled: bool | None,
    hour: int | None,
    before: str | None,
    after: str | None,
    approval_after: str | None,
    due_before: str | None,
    channels: str | None,
) -> None:
    """Show or change an office's reminder settings."""
    with runtime.start().db.session() as session:
        office: Office = get_office(session, office_name)
        if any(x is not None for x in (enabled, hour, before, after, approval_after, due_before)):
            policy = set_policy(
                session,
                office.id,
                enabled=enabled,
                hour=hour,
                days_before=parse_days(before) if before is not None else None,
                days_after=parse_days(after) if after is not None else None,
                approval_after=parse_days(approval_after) if approval_after else None,
                due_before=parse_days(due_before) if due_before is not None else None,
                channels=channels.split(",") if channels else None,
            )
        elif channels:
            policy = set_policy(session, office.id, channels=channels.split(","))
        else:
            policy = policy_for(session, office.id)
        row = {
            "office": office.name,
            "enabled": policy.enabled,
            "hour": policy.hour,
            "days_before": policy.days_before,
            "days_after": policy.days_after,
            "approval_after": policy.approval_after,
            "due_before": policy.due_before,
            "channels": policy.channels,
        }
    click.echo(json.dumps(row))
