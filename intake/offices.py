"""Offices, their people and their client companies: the operator functions."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.exceptions import ValidationError
from stdnum.pl import nip as pl_nip

from intake.errors import InvalidInput, NotFound
from intake.models import ROLES, Company, Contact, Office, User
from intake.security import hash_secret

PIN_PATTERN = re.compile(r"\d{4,8}")
CODE_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,38}")


def create_office(session: Session, name: str, deadline_day: int = 10) -> Office:
    """Create an office (a tenant); names are unique."""
    name = name.strip()
    if not name:
        raise InvalidInput("an office needs a name")
    if session.scalar(select(Office).where(Office.name == name)):
        raise InvalidInput(f"office {name!r} already exists")
    office = Office(name=name, deadline_day=check_deadline_day(deadline_day))
    session.add(office)
    session.flush()
    return office


def get_office(session: Session, name: str) -> Office:
    """Return the office of a name or raise NotFound."""
    office = session.scalar(select(Office).where(Office.name == name))
    if office is None:
        raise NotFound(f"no office named {name!r}")
    return office


def normalize_nip(raw: str) -> str:
    """Return a Polish NIP as 10 digits, or raise InvalidInput when its checksum fails."""
    try:
        return pl_nip.validate(re.sub(r"^PL", "", raw.strip().upper()))
    except ValidationError as e:
        raise InvalidInput(f"NIP {raw!r} is not valid ({str(e).lower()})") from e


def add_company(
    session: Session,
    office: Office,
    name: str,
    nip: str,
    *,
    pin: str | None = None,
    inbox_code: str | None = None,
    accountant: User | None = None,
    deadline_day: int | None = None,
) -> Company:
    """Add a client company with its inbox code and (hashed) PIN."""
    nip = normalize_nip(nip)
    if session.scalar(select(Company).where(Company.office_id == office.id, Company.nip == nip)):
        raise InvalidInput(f"a company with NIP {nip} already exists in {office.name}")
    if pin is not None and not PIN_PATTERN.fullmatch(pin):
        raise InvalidInput("a PIN is 4 to 8 digits")
    code = (inbox_code or _new_code(name)).lower()
    if not CODE_PATTERN.fullmatch(code):
        raise InvalidInput(f"inbox code {code!r}: use 2-39 letters, digits or dashes")
    if session.scalar(select(Company).where(Company.inbox_code == code)):
        raise InvalidInput(f"inbox code {code!r} is taken")
    company = Company(
        office_id=office.id,
        name=name.strip(),
        nip=nip,
        inbox_code=code,
        pin_hash=hash_secret(pin) if pin else None,
        accountant_id=accountant.id if accountant else None,
        deadline_day=check_deadline_day(deadline_day) if deadline_day else None,
    )
    company.office = office
    session.add(company)
    session.flush()
    return company


def _new_code(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:20] or "firma"
    return f"{stem}-{secrets.token_hex(2)}"


def check_deadline_day(day: int) -> int:
    """Return a deadline day of the month (1-28) or raise InvalidInput."""
    if not 1 <= day <= 28:
        raise InvalidInput("a deadline day is between 1 and 28")
    return day


def add_user(
    session: Session,
    office: Office,
    email: str,
    name: str,
    role: str,
    password: str,
    *,
    company: Company | None = None,
    phone: str | None = None,
) -> User:
    """Add a person who logs in; a client belongs to one company."""
    email = email.strip().lower()
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    if (role == "client") != (company is not None):
        raise InvalidInput("a client user belongs to exactly one company; staff to none")
    if len(password) < 8:
        raise InvalidInput("a password has at least 8 characters")
    if session.scalar(select(User).where(User.email == email)):
        raise InvalidInput(f"user {email} already exists")
    user = User(
        office_id=office.id,
        company_id=company.id if company else None,
        email=email,
        name=name,
        role=role,
        password_hash=hash_secret(password),
        phone=phone,
    )
    session.add(user)
    session.flush()
    return user


def add_contact(
    session: Session, company: Company, name: str, email: str | None, phone: str | None
) -> Contact:
    """Add a person at a company who is told what is owed."""
    contact = Contact(company_id=company.id, name=name, email=email, phone=phone)
    session.add(contact)
    session.flush()
    return contact


def company_address(company: Company, mail_domain: str) -> str:
    """Return the company's inbox address on the catch-all mailbox (plus-addressing)."""
    local, _, domain = mail_domain.partition("@")
    return f"{local}+{company.inbox_code}@{domain}" if domain else f"{company.inbox_code}@{local}"
