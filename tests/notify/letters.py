"""Helpers of the letters' tests: contacts with their channels, letters sent as a person."""

from __future__ import annotations

from sqlalchemy import select

from intake.models import Company, User
from notify.contacts import save_contact
from notify.letters import Draft, send_letters
from notify.models import Letter, Notification
from notify.outgoing import Attachment
from notify.vocabulary import Channel, Topic
from tests.conftest import wait_processed

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def contact(rt, company_id: int, name: str, email=None, phone=None, locale=None, **receives):  # type: ignore[no-untyped-def]
    """Add a contact who receives the topics given ({'text': 'email,sms'}), or the defaults."""
    chosen = {Topic(k): v.split(",") for k, v in receives.items()} or None
    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        found = save_contact(
            session, company, name=name, email=email, phone=phone, locale=locale, receives=chosen
        )
        return found.id


def send(rt, user_id: int, company_ids, kind="text", channels="email", text=None, **extra):  # type: ignore[no-untyped-def]
    """Send a letter as a person, commit, let the workers deliver; return the letters' ids."""
    draft = Draft(
        kind=Topic(kind),
        channels=tuple(Channel(c) for c in channels.split(",")),
        text=text,
        attachment=Attachment("pismo.pdf", PDF) if extra.pop("attach", False) else None,
        **extra,
    )
    with rt.db.session() as session:
        sender = session.get_one(User, user_id)
        letters = send_letters(session, rt.storage, rt.settings, sender, company_ids, draft)
        ids = [letter.id for letter in letters]
    wait_processed(rt)
    return ids


def deliveries(rt, letter_id: int) -> list[Notification]:
    """Return a letter's notifications, oldest first."""
    with rt.db.session() as session:
        query = select(Notification).where(Notification.letter_id == letter_id)
        return list(session.scalars(query.order_by(Notification.id)))


def letter(rt, letter_id: int) -> Letter:
    """Return a letter."""
    with rt.db.session() as session:
        return session.get_one(Letter, letter_id)
