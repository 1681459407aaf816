"""The office's own messages: written once, sent to one client or many, each signed.

`send_letters` records one letter per client (a batch for many) and queues the job that
writes it (`compose_letter`) after the commit; the job writes each contact's message in
their language, on the channels the sender chose that the contact receives the kind on,
and queues one notification per contact and channel, keyed by letter, contact and
channel, so a job run twice (a crash, a retry) sends nothing twice. Every message has
one fixed format: the kind's text, the sender's note, the attachment's name, and the
signature of the person who sends it (name, office, phone, e-mail). WhatsApp goes to
one client at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.broker import enqueue
from intake.config import Settings
from intake.i18n import N_, gettext
from intake.models import Company, Contact, User, utcnow
from intake.month import Month
from intake.runtime import Runtime
from intake.storage import Storage
from intake.vocabulary import OFFICE_ROLES
from notify.compose import Rendered, render
from notify.contacts import Preferences, address_for, preferences_of
from notify.delivery import queue_notification
from notify.errors import LetterError, NotifyError, Problem
from notify.kinds import Body, compose_body
from notify.messages import recipient_locale
from notify.models import Letter, Notification
from notify.outgoing import Attachment
from notify.segments import Segments, count
from notify.vocabulary import LETTER_TOPICS, Channel, Origin, Topic

logger = logging.getLogger(__name__)

TEXT_LIMIT = 5000


@dataclass(frozen=True)
class Draft:
    """What the sender wrote: the kind, the channels, a text, the month, an attachment."""

    kind: Topic
    channels: tuple[Channel, ...]
    text: str | None = None
    month: Month | None = None
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Signature:
    """Who signs a message: a person of the office (or only the office, for a reminder)."""

    name: str | None
    office: str
    phone: str | None = None
    email: str | None = None

    def lines(self) -> list[str]:
        """Return the signature's lines, in its fixed order."""
        return [x for x in (self.name, self.office, self.phone, self.email) if x]


@dataclass(frozen=True)
class Preview:
    """One message as a contact would get it, with its SMS parts."""

    contact: str
    channel: Channel
    recipient: str
    subject: str | None
    body: str
    segments: Segments | None = None


def check_draft(draft: Draft, clients: int, max_upload_mb: int) -> Draft:
    """Return a draft that can be sent to this many clients, or raise LetterError."""
    if clients < 1:
        raise LetterError(Problem.NO_CLIENTS)
    if not draft.channels:
        raise LetterError(Problem.NO_CHANNELS)
    if draft.kind not in LETTER_TOPICS:
        raise LetterError(Problem.UNKNOWN_TOPIC, topic=draft.kind, topics=list(LETTER_TOPICS))
    if Channel.WHATSAPP in draft.channels and clients > 1:
        raise LetterError(Problem.WHATSAPP_ONE_CLIENT)
    text = (draft.text or "").strip() or None
    if draft.kind == Topic.TEXT and not text:
        raise LetterError(Problem.TEXT_MISSING)
    if text and len(text) > TEXT_LIMIT:
        raise LetterError(Problem.TEXT_TOO_LONG, limit=TEXT_LIMIT)
    if draft.attachment is not None:
        if not draft.attachment.data.startswith(b"%PDF-"):
            raise LetterError(Problem.ATTACHMENT_NOT_PDF)
        if len(draft.attachment.data) > max_upload_mb * 1024 * 1024:
            raise LetterError(Problem.ATTACHMENT_TOO_LARGE, limit=max_upload_mb)
    return replace(draft, text=text, channels=tuple(dict.fromkeys(draft.channels)))


def office_clients(session: Session, office_id: int, company_ids: Iterable[int]) -> list[Company]:
    """Return an office's clients by id, in the order given; raise LetterError for a stranger."""
    ids = list(dict.fromkeys(company_ids))
    found = {
        c.id: c
        for c in session.scalars(
            select(Company).where(Company.id.in_(ids), Company.office_id == office_id)
        )
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise LetterError(Problem.CLIENT_NOT_FOUND, client=missing[0])
    return [found[i] for i in ids]


def store_attachment(storage: Storage, office_id: int, attachment: Attachment) -> str:
    """Store an attachment once (its key is its content's hash) and return the key."""
    digest = hashlib.sha256(attachment.data).hexdigest()
    key = f"{office_id}/letters/{digest}.pdf"
    storage.put(key, attachment.data, attachment.media_type)
    return key


def send_letters(
    session: Session,
    storage: Storage,
    settings: Settings,
    sender: User,
    company_ids: Iterable[int],
    draft: Draft,
    *,
    origin: Origin = Origin.PORTAL,
) -> list[Letter]:
    """Record a message to each client; each is written and sent once the session commits."""
    ids = list(dict.fromkeys(company_ids))
    draft = check_draft(draft, len(ids), settings.max_upload_mb)
    companies = office_clients(session, sender.office_id, ids)
    key = (
        store_attachment(storage, sender.office_id, draft.attachment) if draft.attachment else None
    )
    batch = uuid.uuid4().hex
    letters = [
        Letter(
            office_id=company.office_id,
            company_id=company.id,
            batch=batch,
            kind=draft.kind,
            month=draft.month,
            text=draft.text,
            channels=[str(c) for c in draft.channels],
            attachment_key=key,
            attachment_name=draft.attachment.filename[:255] if draft.attachment else None,
            attachment_size=len(draft.attachment.data) if draft.attachment else None,
            sender_id=sender.id,
            origin=origin,
        )
        for company in companies
    ]
    session.add_all(letters)
    session.flush()
    for letter in letters:
        enqueue(session, "compose_letter", letter.id)
    logger.info("user %s sends %s to %d clients (%s)", sender.id, draft.kind, len(ids), batch)
    return letters


def signature_for(company: Company, sender: User | None) -> Signature:
    """Return who signs a client's message: its sender, else the client's accountant."""
    person = sender if sender is not None and sender.role in OFFICE_ROLES else None
    person = person or company.accountant
    office = company.office.name
    if person is None:
        return Signature(None, office)
    return Signature(person.name, office, person.phone, person.email)


def write(
    body: Body,
    *,
    company: Company,
    locale: str,
    signature: Signature,
    note: str | None,
    attachment: str | None,
    kind: Topic,
) -> Rendered:
    """Write a kind's message for one locale in the fixed, signed format."""
    values: dict[str, Any] = {
        "company": company.name,
        "office": signature.office,
        "text": note or "",
        **body.context,
    }
    text = render(body.package, body.template, locale, **values)
    extra = note if note and kind != Topic.TEXT else None
    parts = [text.body.rstrip()]
    if extra:
        parts.append(extra)
    if attachment:
        parts.append(gettext(locale, N_("Attachment: %(name)s"), name=attachment))
    lines = "\n".join(signature.lines())
    mail = "\n\n".join(parts) + f"\n\n-- \n{lines}\n"
    short = " ".join(x for x in (text.sms or text.subject, extra) if x)
    sign = ", ".join(x for x in (signature.name, signature.office, signature.phone) if x)
    return Rendered(text.subject, mail, f"{short} - {sign}", text.locale)


def compose(session: Session, settings: Settings, letter_id: int) -> list[Notification]:
    """Write a letter for each of its client's contacts and queue it; safe to run twice."""
    letter = session.get(Letter, letter_id)
    if letter is None:
        return []
    company = session.get_one(Company, letter.company_id)
    sender = session.get(User, letter.sender_id) if letter.sender_id else None
    try:
        body = compose_body(session, settings, letter.kind, company, letter.month)
    except NotifyError as e:
        letter.note, letter.composed_at = e.reason.message(**e.params), utcnow()
        return []
    letter.month = letter.month or body.month
    signature = signature_for(company, sender)
    rows: list[Notification] = []
    written: dict[str, Rendered] = {}
    prefs = preferences_of(session, [c.id for c in company.contacts])
    for contact, channel, address in recipients(letter, company.contacts, prefs):
        locale = recipient_locale(session, contact)
        if locale not in written:
            written[locale] = write(
                body,
                company=company,
                locale=locale,
                signature=signature,
                note=letter.text,
                attachment=letter.attachment_name,
                kind=letter.kind,
            )
        row = queue_letter(session, letter, contact, channel, address, written[locale], sender)
        if row is not None:
            rows.append(row)
    sent_before = session.scalar(
        select(func.count(Notification.id)).where(Notification.letter_id == letter.id)
    )
    if not sent_before:
        letter.note = Problem.NO_RECIPIENTS.message(company=company.name)
    letter.composed_at = utcnow()
    return rows


def recipients(
    letter: Letter, contacts: Iterable[Contact], prefs: dict[int, Preferences]
) -> list[tuple[Contact, Channel, str]]:
    """Return each contact and channel a letter goes to, with the address."""
    found = []
    for contact in contacts:
        for name in letter.channels:
            channel = Channel(name)
            address = address_for(contact, channel)
            if address and channel in prefs[contact.id][Topic(letter.kind)]:
                found.append((contact, channel, address))
    return found


def queue_letter(
    session: Session,
    letter: Letter,
    contact: Contact,
    channel: Channel,
    address: str,
    text: Rendered,
    sender: User | None,
) -> Notification | None:
    """Queue one contact's copy of a letter on one channel (once: its key)."""
    data: dict[str, Any] = {"locale": text.locale}
    if channel == Channel.EMAIL:
        subject, body = text.subject, text.body
        headers = {"Content-Language": text.locale}
        if sender is not None:
            headers["Reply-To"] = sender.email
        data["headers"] = headers
        if letter.attachment_key:
            data["attachment"] = {"key": letter.attachment_key, "name": letter.attachment_name}
    else:  # plain spaces keep an SMS in the GSM alphabet (Babel writes no-break ones)
        subject, body = None, (text.sms or text.subject).replace("\xa0", " ")
        parts = count(body)
        data["segments"] = {"encoding": parts.encoding, "parts": parts.parts}
    return queue_notification(
        session,
        office_id=letter.office_id,
        company_id=letter.company_id,
        channel=channel,
        recipient=address,
        subject=subject,
        body=body,
        kind=str(letter.kind),
        key=f"letter:{letter.id}:{contact.id}:{channel}",
        about=f"letter:{letter.id}",
        data=data,
        sender_id=letter.sender_id,
        contact_id=contact.id,
        letter_id=letter.id,
    )


def preview(
    session: Session, settings: Settings, sender: User, company_id: int, draft: Draft
) -> list[Preview]:
    """Return a client's messages as its contacts would get them; raise NotifyError if none."""
    [company] = office_clients(session, sender.office_id, [company_id])
    body = compose_body(session, settings, draft.kind, company, draft.month)
    signature = signature_for(company, sender)
    letter = Letter(kind=draft.kind, channels=[str(c) for c in draft.channels])
    found = []
    contacts = company.contacts
    for contact, channel, address in recipients(
        letter, contacts, preferences_of(session, [c.id for c in contacts])
    ):
        text = write(
            body,
            company=company,
            locale=recipient_locale(session, contact),
            signature=signature,
            note=draft.text,
            attachment=draft.attachment.filename if draft.attachment else None,
            kind=draft.kind,
        )
        if channel == Channel.EMAIL:
            found.append(Preview(contact.name, channel, address, text.subject, text.body))
        else:
            sms = (text.sms or text.subject).replace("\xa0", " ")
            found.append(Preview(contact.name, channel, address, None, sms, count(sms)))
    if not found:
        raise LetterError(Problem.NO_RECIPIENTS, company=company.name)
    return found


def unwritten_letters(rt: Runtime, older_than: dt.timedelta) -> list[int]:
    """Return letters whose writing job was lost (recorded, never composed)."""
    with rt.db.session() as session:
        query = select(Letter.id).where(
            Letter.composed_at.is_(None), Letter.created_at < utcnow() - older_than
        )
        return list(session.scalars(query.order_by(Letter.id)))
