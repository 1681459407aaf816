"""Offices, their people and their client companies: the operator functions."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.exceptions import ValidationError
from stdnum.pl import nip as pl_nip

from intake.contacts import add_contact as add_contact  # its home moved; callers keep this
from intake.errors import InvalidInput, NotFound, Problem
from intake.formats import DEFAULT_TIMEZONE, zone
from intake.i18n import DEFAULT_LOCALE, pick_locale
from intake.models import Company, Office, User
from intake.security import hash_secret
from intake.vocabulary import Role

PIN_PATTERN = re.compile(r"\d{4,8}")
# How far back a month may be confirmed at all (intake.periods keeps the same number).
CONFIRMABLE_BACK = 24
CODE_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,38}")


def create_office(
    session: Session,
    name: str,
    deadline_day: int = 10,
    *,
    locale: str = DEFAULT_LOCALE,
    timezone: str = DEFAULT_TIMEZONE,
    country: str = "PL",
) -> Office:
    """Create an office (a tenant) with its language and time zone; names are unique."""
    name = name.strip()
    if not name:
        raise InvalidInput(Problem.OFFICE_NAME_MISSING)
    if session.scalar(select(Office).where(Office.name == name)):
        raise InvalidInput(Problem.OFFICE_EXISTS, name=name)
    office = Office(
        name=name,
        deadline_day=check_deadline_day(deadline_day),
        locale=pick_locale(locale),
        timezone=zone(timezone).key,
        country=country.upper()[:2],
    )
    session.add(office)
    session.flush()
    return office


def get_office(session: Session, name: str) -> Office:
    """Return the office of a name or raise NotFound."""
    office = session.scalar(select(Office).where(Office.name == name))
    if office is None:
        raise NotFound(f"office {name!r}")
    return office


def normalize_nip(raw: str) -> str:
    """Return a Polish NIP as 10 digits, or raise InvalidInput when its checksum fails."""
    try:
        return pl_nip.validate(re.sub(r"^PL", "", raw.strip().upper()))
    except ValidationError as e:
        raise InvalidInput(Problem.NIP_INVALID, nip=raw.strip()) from e


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
        raise InvalidInput(Problem.COMPANY_EXISTS, nip=nip)
    if pin is not None and not PIN_PATTERN.fullmatch(pin):
        raise InvalidInput(Problem.PIN_FORM)
    code = (inbox_code or _new_code(name)).lower()
    if not CODE_PATTERN.fullmatch(code):
        raise InvalidInput(Problem.INBOX_CODE_FORM, code=code)
    holder = session.scalar(select(Company.office_id).where(Company.inbox_code == code))
    if holder is not None:
        # Codes are one namespace for every office: another office's is not named.
        if holder == office.id:
            raise InvalidInput(Problem.INBOX_CODE_TAKEN, code=code)
        raise InvalidInput(Problem.CHOOSE_ANOTHER_CODE, code=code)
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


def check_months_back(raw: str | int) -> int:
    """Return how many months back clients may confirm (0-24), or raise InvalidInput."""
    text = str(raw).strip()
    if not text.isdigit() or int(text) > CONFIRMABLE_BACK:
        raise InvalidInput(Problem.MONTHS_BACK, limit=CONFIRMABLE_BACK)
    return int(text)


def check_deadline_day(day: int) -> int:
    """Return a deadline day of the month (1-28) or raise InvalidInput."""
    if not 1 <= day <= 28:
        raise InvalidInput(Problem.DEADLINE_DAY)
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
    locale: str | None = None,
) -> User:
    """Add a person who logs in; a client belongs to one company."""
    email = email.strip().lower()
    if role not in Role.values():
        raise InvalidInput(Problem.UNKNOWN_ROLE, roles=", ".join(Role.values()))
    if (role == Role.CLIENT) != (company is not None):
        raise InvalidInput(Problem.CLIENT_NEEDS_COMPANY)
    if len(password) < 8:
        raise InvalidInput(Problem.PASSWORD_TOO_SHORT)
    holder = session.scalar(select(User.office_id).where(User.email == email))
    if holder is not None:
        # Logins are one namespace for every office: another office's user is not named.
        if holder == office.id:
            raise InvalidInput(Problem.USER_EXISTS, email=email)
        raise InvalidInput(Problem.EMAIL_UNUSABLE, email=email)
    user = User(
        office_id=office.id,
        company_id=company.id if company else None,
        email=email,
        name=name,
        role=Role(role),
        password_hash=hash_secret(password),
        phone=phone,
        locale=pick_locale(locale) if locale else None,
    )
    session.add(user)
    session.flush()
    return user
