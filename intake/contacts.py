"""A client company's contacts: the people messages go to, with their language.

A company has many contacts. An e-mail is kept lower-cased; a phone number in E.164
('+48600100200'), read the way the office's country writes national numbers
(phonenumbers). Which messages a contact receives on which channel is notify's
(its preferences are keyed by the contact's id); intake keeps the person.
"""

from __future__ import annotations

import re

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import InvalidInput, NotFound, Problem
from intake.i18n import pick_locale
from intake.models import Company, Contact

EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")


def normal_email(raw: str | None) -> str | None:
    """Return an e-mail address lower-cased, None for none, or raise InvalidInput."""
    value = (raw or "").strip()
    if not value:
        return None
    if not EMAIL.fullmatch(value) or len(value) > 254:
        raise InvalidInput(Problem.EMAIL_INVALID, email=value)
    return value.lower()


def normal_phone(raw: str | None, country: str = "PL") -> str | None:
    """Return a phone number in E.164, None for none, or raise InvalidInput."""
    value = (raw or "").strip()
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, (country or "PL").upper())
    except phonenumbers.NumberParseException:
        raise InvalidInput(Problem.PHONE_INVALID, phone=value) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(Problem.PHONE_INVALID, phone=value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def add_contact(
    session: Session,
    company: Company,
    name: str,
    email: str | None,
    phone: str | None,
    locale: str | None = None,
) -> Contact:
    """Add a person at a company who receives messages (in their language, if given)."""
    contact = Contact()
    fill(contact, company, name, email, phone, locale)
    company.contacts.append(contact)
    session.add(contact)
    session.flush()
    return contact


def update_contact(
    session: Session,
    contact: Contact,
    name: str,
    email: str | None,
    phone: str | None,
    locale: str | None = None,
) -> Contact:
    """Change a contact's name, addresses and language."""
    fill(contact, contact.company, name, email, phone, locale)
    session.flush()
    return contact


def fill(
    contact: Contact,
    company: Company,
    name: str,
    email: str | None,
    phone: str | None,
    locale: str | None,
) -> None:
    """Write checked values on a contact: a name, and an e-mail or a phone at least."""
    email_ = normal_email(email)
    phone_ = normal_phone(phone, company.office.country)
    if not email_ and not phone_:
        raise InvalidInput(Problem.CONTACT_NEEDS_ADDRESS)
    contact.name = (name or "").strip()[:200] or (email_ or phone_ or "")
    contact.email, contact.phone = email_, phone_
    contact.locale = pick_locale(locale) if locale else None


def get_contact(session: Session, office_id: int, contact_id: int) -> Contact:
    """Return a contact of an office's client, or raise NotFound."""
    contact = session.scalar(
        select(Contact)
        .join(Company, Company.id == Contact.company_id)
        .where(Contact.id == contact_id, Company.office_id == office_id)
    )
    if contact is None:
        raise NotFound(f"contact {contact_id}")
    return contact


def remove_contact(session: Session, contact: Contact) -> None:
    """Remove a contact (what was sent to them stays in the history)."""
    contact.company.contacts.remove(contact)
    session.delete(contact)
    session.flush()
