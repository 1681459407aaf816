"""A client's whole history: everything sent to it and received from it, newest first.

notify knows what it sent (every notification, grouped by the office's letters); the
packages above add what they keep (conversations: messages both ways; tasks: approvals;
the inbox: e-mail received) through `intake.history` entry points, each a function
`(session, company_id, since) -> list[Entry]`. A search matches any of an entry's
words; the client's own part leaves out what went to the office's people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from intake.i18n import translate
from intake.models import Company, Contact, User
from intake.models.texts import Stored
from notify.models import Letter, Notification
from notify.vocabulary import kind_label

OUT, IN = "out", "in"


@dataclass(frozen=True)
class Entry:
    """One thing in a client's history."""

    at: dt.datetime
    direction: str  # OUT (to the client) or IN (from the client)
    kind: str  # a label (an English msgid) to translate where shown
    text: str
    channel: str | None = None
    party: str | None = None  # the recipient (out) or the sender (in)
    subject: str | None = None
    by: str | None = None  # who sent it (a person's name), None for Intake itself
    state: str | None = None  # a delivery state's value ('delivered'), where there is one
    error: Stored | None = None
    attachments: tuple[str, ...] = ()
    source: str = "notify"
    ref: str = ""  # what the entry is ('notification:12'), unique across sources
    client_side: bool = True  # False: something the client's own people must not see
    extra: dict[str, str] = field(default_factory=dict)

    def words(self, locale: str = "en") -> str:
        """Return the entry's searchable text."""
        return " ".join(
            x
            for x in (
                self.text,
                self.subject,
                self.party,
                self.by,
                self.channel,
                translate(self.kind, locale),
                *self.attachments,
            )
            if x
        ).lower()


Source = Callable[[Session, int, dt.datetime | None], list[Entry]]


def sent(session: Session, company_id: int, since: dt.datetime | None = None) -> list[Entry]:
    """Return what notify sent about a client: each message, its recipient and its state."""
    query = select(Notification).where(Notification.company_id == company_id)
    if since is not None:
        query = query.where(Notification.created_at >= since)
    rows = session.scalars(query.order_by(Notification.id.desc()).limit(2000)).all()
    letters = {
        letter.id: letter
        for letter in session.scalars(
            select(Letter).where(Letter.id.in_({r.letter_id for r in rows if r.letter_id}))
        )
    }
    people = _names(session, {r.sender_id for r in rows if r.sender_id})
    theirs = _client_addresses(session, company_id)
    found = []
    for row in rows:
        letter = letters.get(row.letter_id) if row.letter_id else None
        found.append(
            Entry(
                at=row.created_at,
                direction=OUT,
                kind=kind_label(row.kind),
                text=row.body,
                channel=row.channel,
                party=row.recipient,
                subject=row.subject,
                by=people.get(row.sender_id) if row.sender_id else None,
                state=row.status,
                error=row.error,
                attachments=(letter.attachment_name,) if letter and letter.attachment_name else (),
                ref=f"notification:{row.id}",
                client_side=row.recipient.lower() in theirs,
            )
        )
    return found


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def _client_addresses(session: Session, company_id: int) -> set[str]:
    """Return the addresses of a client's own people (contacts and logins)."""
    contacts = session.execute(
        select(Contact.email, Contact.phone).where(Contact.company_id == company_id)
    ).all()
    logins = session.scalars(select(User.email).where(User.company_id == company_id))
    found = {x.lower() for row in contacts for x in row if x} | {x.lower() for x in logins}
    return found


@cache
def sources() -> dict[str, Source]:
    """Return every history source: notify's own and those of `intake.history` entry points."""
    found: dict[str, Source] = {"notify": sent}
    for ep in entry_points(group="intake.history"):
        found[ep.name] = ep.load()
    return found


def history_of(
    session: Session,
    company: Company,
    *,
    search: str | None = None,
    client_side: bool = False,
    since: dt.datetime | None = None,
    locale: str = "en",
    limit: int = 500,
) -> list[Entry]:
    """Return a client's history, newest first; searched, or only the client's own part."""
    entries = [e for source in sources().values() for e in source(session, company.id, since)]
    if client_side:
        entries = [e for e in entries if e.client_side]
    if search:
        words = search.lower().split()
        entries = [e for e in entries if all(w in e.words(locale) for w in words)]
    entries.sort(key=lambda e: (e.at, e.ref), reverse=True)
    return entries[:limit]


def last_messages(
    session: Session, company_ids: list[int], office_id: int | None = None
) -> dict[int, Notification]:
    """Return each client's newest message to its own people (for the client table).

    With an office, its clients are found by office (no list of ids to send).
    """
    if not company_ids:
        return {}
    newest = select(func.max(Notification.id)).where(Notification.contact_id.is_not(None))
    if office_id is not None:
        newest = newest.where(Notification.office_id == office_id)
    else:
        newest = newest.where(Notification.company_id.in_(company_ids))
    rows = session.scalars(
        select(Notification)
        .options(defer(Notification.body), defer(Notification.data))  # a row shows neither
        .where(Notification.id.in_(newest.group_by(Notification.company_id).scalar_subquery()))
    )
    wanted = set(company_ids)
    return {row.company_id: row for row in rows if row.company_id in wanted}
