"""Which channels each contact receives each topic on, and the contacts with them.

A contact without preference rows gets the defaults: everything by e-mail, amounts due
also by SMS (what the office sent before contacts could choose). A channel needs its
address: e-mail an e-mail address, SMS and WhatsApp a phone number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from intake.contacts import add_contact, remove_contact, update_contact
from intake.models import Company, Contact
from notify.errors import NotifyError, Problem
from notify.models import ContactChannel
from notify.vocabulary import PHONE_CHANNELS, Channel, Topic

Preferences = dict[Topic, set[Channel]]

DEFAULTS: Mapping[Topic, frozenset[Channel]] = {
    Topic.AMOUNTS: frozenset({Channel.EMAIL, Channel.SMS}),
    Topic.DOCUMENTS: frozenset({Channel.EMAIL}),
    Topic.CONFIRM: frozenset({Channel.EMAIL}),
    Topic.TEXT: frozenset({Channel.EMAIL}),
    Topic.CONVERSATION: frozenset({Channel.EMAIL}),
}


def defaults() -> Preferences:
    """Return the preferences of a contact who chose none."""
    return {topic: set(channels) for topic, channels in DEFAULTS.items()}


def preferences_of(session: Session, contact_ids: Iterable[int]) -> dict[int, Preferences]:
    """Return the preferences of many contacts at once (one query), by contact id."""
    ids = list(contact_ids)
    chosen: dict[int, Preferences] = defaultdict(dict)
    if ids:
        rows = session.execute(
            select(ContactChannel.contact_id, ContactChannel.topic, ContactChannel.channel).where(
                ContactChannel.contact_id.in_(ids)
            )
        )
        for contact_id, topic, channel in rows:
            chosen[contact_id].setdefault(Topic(topic), set()).add(Channel(channel))
    return {
        i: ({t: chosen[i].get(t, set()) for t in Topic} if i in chosen else defaults()) for i in ids
    }


def set_preferences(
    session: Session, contact: Contact, chosen: Mapping[Topic, Iterable[str]]
) -> None:
    """Replace a contact's preferences (a topic left out is received on no channel)."""
    session.execute(delete(ContactChannel).where(ContactChannel.contact_id == contact.id))
    rows = {(Topic(t), channel_of(c)) for t, channels in chosen.items() for c in channels}
    if not rows:  # no rows means the defaults: someone who wants nothing is removed instead
        raise NotifyError(Problem.RECEIVES_NOTHING)
    session.add_all(ContactChannel(contact_id=contact.id, topic=t, channel=c) for t, c in rows)
    session.flush()


def channel_of(raw: str) -> Channel:
    """Return the channel a word names ('e-mail', 'SMS', 'whatsapp'), or raise NotifyError."""
    word = raw.strip().lower().replace("-", "")
    try:
        return Channel(word)
    except ValueError:
        raise NotifyError(Problem.UNKNOWN_CHANNEL, channel=raw) from None


def address_for(contact: Contact, channel: Channel) -> str | None:
    """Return where a channel reaches a contact: an e-mail address or a phone number."""
    return contact.phone if channel in PHONE_CHANNELS else contact.email


def parse_receives(pairs: Iterable[str]) -> dict[Topic, set[str]]:
    """Return 'amounts=email,sms' command-line pairs as preferences."""
    chosen: dict[Topic, set[str]] = {}
    for pair in pairs:
        name, _, channels = pair.partition("=")
        try:
            topic = Topic(name.strip().lower())
        except ValueError:
            raise NotifyError(Problem.UNKNOWN_TOPIC, topic=name, topics=Topic.values()) from None
        chosen[topic] = {str(channel_of(c)) for c in channels.split(",") if c.strip()}
    return chosen


def save_contact(
    session: Session,
    company: Company,
    *,
    name: str,
    email: str | None,
    phone: str | None,
    locale: str | None = None,
    receives: Mapping[Topic, Iterable[str]] | None = None,
    contact: Contact | None = None,
) -> Contact:
    """Add a contact (or change one) with the channels they receive each topic on."""
    if contact is None:
        contact = add_contact(session, company, name, email, phone, locale)
    else:
        update_contact(session, contact, name, email, phone, locale)
    if receives is not None:
        set_preferences(session, contact, receives)
    return contact


def drop_contact(session: Session, contact: Contact) -> None:
    """Remove a contact and their preferences; what was sent to them stays."""
    session.execute(delete(ContactChannel).where(ContactChannel.contact_id == contact.id))
    remove_contact(session, contact)
