"""The door: a blocked sender, a missing, wrong or guessed PIN, or a sender the office trusts.

An inbox code no company uses is a door no PIN opens: its sender is answered and counted
exactly as at a valid code with a wrong PIN, so nobody can tell the codes apart by mail.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox import replies
from inbox.accounts import Account
from inbox.letter import Letter, Outcome, finish
from inbox.notes import MailNote
from inbox.pin import find_pin, pin_matches
from inbox.replies import ReplyKind
from inbox.senders import Block, blocked_until, claim_reply, is_automatic, note_wrong_pin
from inbox.settings import InboxSettings
from inbox.trust import is_trusted
from inbox.vocabulary import InboxMessageKind, MailStatus
from intake import events
from intake.config import Settings
from intake.i18n import Message
from intake.models import Company, Office
from notify.compose import render
from notify.messages import queue_rendered, recipient_locale, staff_for
from notify.vocabulary import Channel


def pin_needed(session: Session, company: Company, letter: Letter, rules: InboxSettings) -> bool:
    """Tell whether a sender's PIN is to be checked: not blocked, not trusted, a PIN is set."""
    if not company.pin_hash or blocked_until(session, company.id, letter.sender) is not None:
        return False
    return not is_trusted(session, company.id, letter.msg, letter.sender, rules.authserv_ids)


def pin_given(company: Company, letter: Letter) -> bool:
    """Tell whether the letter carries the company's PIN, once (a hash takes a third of a
    second, so callers check it outside any transaction; several PINs are never checked)."""
    found = find_pin(letter.subject, letter.lines)
    return not found.several and pin_matches(company.pin_hash, found.pin)


def door_office(session: Session, account: Account, company: Company | None) -> Office | None:
    """Return the office that answers at the door: the mailbox's, else the only one there is.

    Never simply the company's, or a reply would tell a valid inbox code from an unknown one.
    """
    if account.office_id is not None:
        return session.get(Office, account.office_id)
    offices = session.scalars(select(Office).order_by(Office.id).limit(2)).all()
    if len(offices) == 1:
        return offices[0]
    return company.office if company is not None else None


def check_sender(
    session: Session,
    company: Company | None,
    letter: Letter,
    email_id: int,
    *,
    pin_ok: bool,
    rules: InboxSettings,
    settings: Settings,
    office: Office | None,
) -> Outcome | None:
    """Return a rejection when the sender is blocked or the PIN is missing or wrong.

    `company` None is an inbox code no company uses. The rejection, a wrong PIN's count,
    a block and the reply are the caller's unit of work.
    """
    company_id = company.id if company is not None else None
    blocked = blocked_until(session, company_id, letter.sender)
    block: Block | None = None
    found = find_pin(letter.subject, letter.lines)
    kind: ReplyKind
    note: Message
    if blocked is not None:
        kind, note = ReplyKind.BLOCKED, MailNote.BLOCKED.message(until=blocked)
    elif company is not None and is_trusted(
        session, company.id, letter.msg, letter.sender, rules.authserv_ids
    ):
        return None
    elif company is not None and not company.pin_hash:
        kind, note = ReplyKind.NO_PIN_SET, MailNote.NO_PIN_SET.message()
    elif pin_ok:
        return None
    elif found.pin is None:
        kind, note = ReplyKind.MISSING_PIN, MailNote.MISSING_PIN.message()
    else:
        kind = ReplyKind.SEVERAL_PINS if found.several else ReplyKind.WRONG_PIN
        note = (MailNote.SEVERAL_PINS if found.several else MailNote.WRONG_PIN).message()
        block = note_wrong_pin(
            session,
            company_id,
            letter.sender,
            email_id,
            per_sender=rules.sender_wrong_pins,
            per_company=rules.company_wrong_pins,
        )
        if block is not None:
            kind = ReplyKind.BLOCKED
            blocked_note = MailNote.INBOX_LOCKED if block.everyone else MailNote.WRONG_PIN_BLOCKED
            note = blocked_note.message(until=block.until)
            tell_office(session, settings, company, letter.sender, block)
    if company is None:
        note = MailNote.NO_COMPANY.message()  # for staff; the sender reads a PIN reply
    outcome = finish(session, email_id, MailStatus.REJECTED, note)
    if office is not None and may_answer(session, letter, company_id, email_id):
        held = block.until if block is not None else blocked
        context = {"until": held} if held else {}
        replies.send(session, company, letter, kind, office=office, **context)
    return outcome


def tell_office(
    session: Session, settings: Settings, company: Company | None, sender: str, block: Block
) -> None:
    """Tell the company's accountant about a block: one sender's, or the whole inbox's lock."""
    if company is None:
        return
    if not block.everyone:
        events.announce(
            session, events.SENDER_BLOCKED, company_id=company.id, sender=sender, until=block.until
        )
        return
    for person in staff_for(session, company):
        text = render(
            "inbox",
            InboxMessageKind.INBOX_LOCKED,
            recipient_locale(session, person),
            company=company.name,
            count=block.count,
            until=block.until,
            timezone=company.office.timezone,
            portal_url=f"{settings.base_url}/staff/mail",
        )
        queue_rendered(
            session,
            text,
            channel=Channel.EMAIL,
            recipient=person.email,
            office_id=company.office_id,
            company_id=company.id,
            kind=InboxMessageKind.INBOX_LOCKED,
            key=f"inbox_locked:{company.id}:{block.until.isoformat(timespec='minutes')}:{person.id}",
            about=f"company:{company.id}",
        )


def may_answer(session: Session, letter: Letter, company_id: int | None, email_id: int) -> bool:
    """Tell whether this sender may get a reply now (a person, not answered this hour)."""
    if is_automatic(letter.msg, letter.sender):
        return False
    return claim_reply(session, letter.sender, company_id, email_id)
