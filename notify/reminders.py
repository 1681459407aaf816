"""Reminders that send themselves, by each office's settings: once per slot, never on a day off.

A rule looks at an office's clients on a day and says who is due a reminder, why, and
the slot it belongs to ('documents:12:2026-10:after5'). notify's own rule reminds of
a month's documents (none yet: DOCUMENTS; some, not confirmed: CONFIRM) on the days
before and after the deadline the office chose; a package above adds rules through the
`intake.reminders` entry points (tasks: approvals waiting, tax due dates). A due
reminder becomes a letter with that slot (unique), so a slot is sent once however many
workers or commands run; it is then written and sent as any letter. Nothing goes out on
a weekend or public holiday of the office's country (the `holidays` package), to a
client with reminders switched off, or for a month the client has confirmed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import unique
from functools import cache
from importlib.metadata import entry_points

import holidays
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.broker import enqueue
from intake.config import Settings
from intake.formats import zone
from intake.i18n import N_, Coded, Message
from intake.models import Company, Document, Office, Period, utcnow
from intake.month import Month
from intake.periods import deadline_for
from notify.errors import NotifyError, Problem
from notify.models import Letter, ReminderPolicy
from notify.vocabulary import Channel, Origin, Topic

logger = logging.getLogger(__name__)

MAX_DAYS = 60


@unique
class Why(Coded):
    """Why a reminder is due (printed by `intake reminders run`, kept on the letter)."""

    DOCUMENTS_BEFORE = N_("No documents for %(month)s yet; they are due %(deadline)s.")
    DOCUMENTS_AFTER = N_("No documents for %(month)s; they were due %(deadline)s.")
    CONFIRM_BEFORE = N_(
        "%(count)s documents for %(month)s, not confirmed; they are due %(deadline)s."
    )
    CONFIRM_AFTER = N_(
        "%(count)s documents for %(month)s, not confirmed; they were due %(deadline)s."
    )


@dataclass(frozen=True)
class Due:
    """A reminder a rule says is due: to whom, of what kind, in which slot, and why."""

    company_id: int
    slot: str
    kind: Topic
    month: Month | None
    why: Message


@dataclass(frozen=True)
class Planned:
    """A reminder of one pass: sent (a letter recorded) or, in a dry run, what would be."""

    office: str
    company_id: int
    company: str
    nip: str
    rule: str
    slot: str
    kind: Topic
    month: Month | None
    why: Message
    letter_id: int | None = None


Rule = Callable[[Session, Office, ReminderPolicy, dt.date], Iterable[Due]]


def policy_for(session: Session, office_id: int) -> ReminderPolicy:
    """Return an office's reminder settings (the defaults, switched off, if it has none)."""
    found = session.get(ReminderPolicy, office_id)
    if found is not None:
        return found
    return ReminderPolicy(
        office_id=office_id,
        enabled=False,
        hour=9,
        days_before=[3, 1],
        days_after=[1, 5],
        approval_after=[3, 7],
        due_before=[2],
        channels=[str(Channel.EMAIL)],
    )


def set_policy(
    session: Session,
    office_id: int,
    *,
    enabled: bool | None = None,
    hour: int | None = None,
    days_before: Sequence[int] | None = None,
    days_after: Sequence[int] | None = None,
    approval_after: Sequence[int] | None = None,
    due_before: Sequence[int] | None = None,
    channels: Sequence[str] | None = None,
) -> ReminderPolicy:
    """Change an office's reminder settings; what is not given stays as it is."""
    policy = session.get(ReminderPolicy, office_id)
    if policy is None:
        policy = policy_for(session, office_id)
        session.add(policy)
    if enabled is not None:
        policy.enabled = enabled
    if hour is not None:
        if not 0 <= hour <= 23:
            raise NotifyError(Problem.BAD_HOUR)
        policy.hour = hour
    for name, days in (
        ("days_before", days_before),
        ("days_after", days_after),
        ("approval_after", approval_after),
        ("due_before", due_before),
    ):
        if days is not None:
            setattr(policy, name, check_days(days))
    if channels is not None:
        chosen = [str(Channel(c)) for c in channels if c in Channel.values()]
        if not chosen or Channel.WHATSAPP in chosen:  # WhatsApp: one client at a time, by hand
            raise NotifyError(Problem.NO_CHANNELS)
        policy.channels = chosen
    session.flush()
    return policy


def check_days(days: Sequence[int]) -> list[int]:
    """Return days as a sorted list without repeats, or raise NotifyError."""
    if any(not isinstance(d, int) or not 0 <= d <= MAX_DAYS for d in days):
        raise NotifyError(Problem.BAD_DAYS)
    return sorted(set(days))


def parse_days(text: str) -> list[int]:
    """Return '3, 1' as [1, 3], or raise NotifyError."""
    try:
        return check_days([int(x) for x in text.replace(";", ",").split(",") if x.strip()])
    except ValueError:
        raise NotifyError(Problem.BAD_DAYS) from None


@cache
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country.upper(), years=year)


def is_day_off(day: dt.date, country: str) -> bool:
    """Tell whether a day is a weekend day or a public holiday in a country."""
    try:
        return not _calendar(country, day.year).is_working_day(day)
    except NotImplementedError:  # a country the package does not know: weekends only
        return day.weekday() >= 5


def pick(day: dt.date, mark: dt.date, before: Iterable[int], after: Iterable[int]) -> str | None:
    """Return the slot of a day around a date: the latest of its days before or after, or None.

    With days before [3, 1]: from 3 days before the date the slot is 'before3', from one
    day before 'before1'; after it, with [1, 5], 'after1' then 'after5'. A day passed
    without a run is caught up once, never piled up.
    """
    if day > mark:
        passed = [d for d in after if mark + dt.timedelta(days=d) <= day]
        return f"after{max(passed)}" if passed else None
    coming = [d for d in before if mark - dt.timedelta(days=d) <= day]
    return f"before{min(coming)}" if coming else None


def documents_rule(
    session: Session, office: Office, policy: ReminderPolicy, day: dt.date
) -> list[Due]:
    """Remind clients who have not confirmed last month's documents (none yet, or some)."""
    month = Month.of(day) - 1
    companies = session.scalars(
        select(Company).where(Company.office_id == office.id, Company.reminders.is_(True))
    ).all()
    confirmed = set(
        session.scalars(
            select(Period.company_id).where(
                Period.office_id == office.id,
                Period.month == month,
                Period.confirmed_at.is_not(None),
            )
        )
    )
    counts = dict(
        session.execute(
            select(Document.company_id, func.count(Document.id))
            .where(
                Document.office_id == office.id,
                Document.month == month,
                Document.duplicate_of_id.is_(None),
            )
            .group_by(Document.company_id)
        ).all()
    )
    found = []
    for company in companies:
        if company.id in confirmed:
            continue
        deadline = deadline_for(company, month)
        slot = pick(day, deadline, policy.days_before, policy.days_after)
        if slot is None:
            continue
        count = counts.get(company.id, 0)
        kind = Topic.CONFIRM if count else Topic.DOCUMENTS
        after = slot.startswith("after")
        if count:
            why = (Why.CONFIRM_AFTER if after else Why.CONFIRM_BEFORE).message(
                count=count, month=month, deadline=deadline
            )
        else:
            why = (Why.DOCUMENTS_AFTER if after else Why.DOCUMENTS_BEFORE).message(
                month=month, deadline=deadline
            )
        found.append(Due(company.id, f"{kind}:{company.id}:{month}:{slot}", kind, month, why))
    return found


@cache
def rules() -> dict[str, Rule]:
    """Return every reminder rule: notify's own and those of `intake.reminders` entry points."""
    found: dict[str, Rule] = {"documents": documents_rule}
    for ep in entry_points(group="intake.reminders"):
        found[ep.name] = ep.load()
    return found


def run_reminders(
    session: Session,
    settings: Settings,
    day: dt.date | None = None,
    *,
    office_id: int | None = None,
    dry_run: bool = False,
    check_hour: bool = False,
    now: dt.datetime | None = None,
) -> list[Planned]:
    """Run one pass: record (and queue after commit) every reminder due, once per slot.

    `day` is the date of the pass (default: today in each office's zone); `check_hour`
    waits for each office's hour (the periodic job); a dry run records nothing.
    """
    now = now or utcnow()
    query = select(ReminderPolicy).where(ReminderPolicy.enabled.is_(True))
    if office_id is not None:
        query = query.where(ReminderPolicy.office_id == office_id)
    planned: list[Planned] = []
    for policy in session.scalars(query.order_by(ReminderPolicy.office_id)).all():
        office = session.get_one(Office, policy.office_id)
        local = now.astimezone(zone(office.timezone))
        today = day or local.date()
        if check_hour and day is None and local.hour < policy.hour:
            continue
        if is_day_off(today, office.country):
            logger.info("office %s: %s is a day off, no reminders", office.id, today)
            continue
        planned += office_pass(session, office, policy, today, dry_run=dry_run)
    return planned


def office_pass(
    session: Session, office: Office, policy: ReminderPolicy, day: dt.date, *, dry_run: bool
) -> list[Planned]:
    """Run every rule for one office on one day."""
    planned = []
    for name, rule in rules().items():
        for due in rule(session, office, policy, day):
            company = session.get(Company, due.company_id)
            if company is None or company.office_id != office.id or not company.reminders:
                continue
            if session.scalar(select(Letter.id).where(Letter.slot == due.slot)):
                continue
            letter_id = None if dry_run else record_reminder(session, office, policy, due, day)
            if not dry_run and letter_id is None:
                continue
            planned.append(
                Planned(
                    office.name,
                    company.id,
                    company.name,
                    company.nip,
                    name,
                    due.slot,
                    due.kind,
                    due.month,
                    due.why,
                    letter_id,
                )
            )
    return planned


def record_reminder(
    session: Session, office: Office, policy: ReminderPolicy, due: Due, day: dt.date
) -> int | None:
    """Record a due reminder as a letter of its slot and queue it; None if the slot was taken."""
    letter = Letter(
        office_id=office.id,
        company_id=due.company_id,
        batch=f"reminders:{day.isoformat()}",
        kind=due.kind,
        month=due.month,
        channels=list(policy.channels),
        origin=Origin.REMINDER,
        slot=due.slot[:160],
        note=due.why,
    )
    try:
        with session.begin_nested():
            session.add(letter)
    except IntegrityError:  # another worker or command took the slot a moment ago
        return None
    enqueue(session, "compose_letter", letter.id)
    return letter.id
