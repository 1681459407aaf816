"""Short answers to senders, written from templates in their language and handed to notify.

The texts are `inbox/templates/messages/<kind>.txt`, rendered with notify's composer (the
one gettext catalogue, locale-aware filters). A sender the company knows (a contact or a
login with that address) is answered in their language; anyone else in the office's
language followed by English. Times are shown in the office's time zone.

The inbox decides what to say and in which languages, so it renders the reply itself; it
then publishes REPLY_TO_SENDER after its commit and notify queues exactly that e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.letter import Letter
from intake import events
from intake.i18n import N_, gettext, pick_locale
from intake.models import Company, Contact, Office, User
from notify.compose import render

FALLBACK_LOCALE = "en"


class ReplyKind(StrEnum):
    """Why a sender is answered; each has its template `messages/<kind>.txt`."""

    MISSING_PIN = "missing_pin"
    WRONG_PIN = "wrong_pin"
    NO_PIN_SET = "no_pin_set"
    BLOCKED = "blocked"
    TOO_LARGE = "too_large"
    REFUSED = "refused"
    NO_MONTH = "no_month"
    SEVERAL_PINS = "several_pins"


@dataclass(frozen=True)
class Reply:
    """An answer to one sender about one message."""

    to: str
    subject: str
    body: str
    in_reply_to: str | None
    locales: tuple[str, ...]


def reader_locales(
    session: Session, office: Office, company: Company | None, sender: str
) -> tuple[str, ...]:
    """Return the languages to answer in: the sender's when known, else the office's and English.

    A contact's own language comes first, then that of the company's login with the
    address; a known person without either reads the office's language. Nobody is known
    at an inbox code no company uses.
    """
    office_locale = pick_locale(office.locale)
    address = sender.strip().lower()
    contacts: list[Contact] = []
    user = None
    if company is not None:
        contacts = list(
            session.scalars(
                select(Contact)
                .where(Contact.company_id == company.id, func.lower(Contact.email) == address)
                .order_by(Contact.id)
            )
        )
        user = session.scalar(
            select(User).where(User.company_id == company.id, func.lower(User.email) == address)
        )
    if not contacts and user is None:
        return tuple(dict.fromkeys((office_locale, FALLBACK_LOCALE)))
    chosen = [c.locale for c in contacts if c.locale]
    return (pick_locale(*chosen, user.locale if user else None, office_locale),)


def compose(
    session: Session,
    company: Company | None,
    letter: Letter,
    kind: ReplyKind,
    *,
    office: Office | None = None,
    **context: Any,
) -> Reply:
    """Write the answer of a kind to a letter's sender, in the languages they read.

    `office` signs the reply (default: the company's). Replies about the door (a PIN
    missing or wrong) name no company, so an inbox code no company uses is answered
    exactly as a valid one.
    """
    office = office or (company.office if company is not None else None)
    if office is None:
        raise ValueError("a reply needs an office to sign it")
    locales = reader_locales(session, office, company, letter.sender)
    subject = letter.subject.strip() or gettext(locales[0], N_("(no subject)"))
    if not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    bodies = [
        render(
            "inbox",
            kind.value,
            locale,
            subject=subject,
            company=company.name if company is not None else "",
            office=office.name,
            timezone=office.timezone,
            **context,
        ).body.strip()
        for locale in locales
    ]
    body = "\n\n".join(bodies) + f"\n\n-- \n{office.name}\n"
    return Reply(letter.sender, subject[:250], body, letter.message_id, locales)


def send(
    session: Session,
    company: Company | None,
    letter: Letter,
    kind: ReplyKind,
    *,
    office: Office | None = None,
    **context: Any,
) -> Reply:
    """Compose a reply and hand it to notify once the session commits."""
    office = office or (company.office if company is not None else None)
    reply = compose(session, company, letter, kind, office=office, **context)
    assert office is not None  # compose refuses a reply nobody signs
    events.announce(
        session,
        events.REPLY_TO_SENDER,
        office_id=office.id,
        to=reply.to,
        subject=reply.subject,
        body=reply.body,
        in_reply_to=reply.in_reply_to,
    )
    return reply
