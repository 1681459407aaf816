"""The incremental sync of one company, exactly as docs/przyrostowe-pobieranie-faktur.md says.

Per role (Subject2, the buyer, at every run no more often than INTAKE_KSEF_INTERVAL_MIN;
Subject3 and SubjectAuthorized once a day) adjacent windows start where the last one
ended: PermanentStorageHwmDate, or LastPermanentStorageDate of a truncated package. The
invoices of a window are stored (in small transactions, each skipping KSeF numbers the
company has) before the continuation point moves, in a transaction of its own: a crash
anywhere repeats at most part of a window, and the repeat is deduplicated by KSeF number.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.models import Company, utcnow
from intake.models.texts import Stored
from intake.runtime import Runtime
from ksef.auth import Connection
from ksef.client import Api
from ksef.credentials import open_credential, stored_credential
from ksef.errors import AccessDenied, KsefError, Reason
from ksef.limits import limiter_for
from ksef.models import KsefCompany, KsefCursor
from ksef.package import Fetched, export
from ksef.store import known_numbers, store
from ksef.vocabulary import BASE_URLS, Access, Environment, SubjectType

logger = logging.getLogger(__name__)

WINDOW = dt.timedelta(days=90)  # a filter spans at most 3 months (open-api.json)
DAILY = dt.timedelta(days=1)
CHUNK = 50
# A sync renews its lease at every package and chunk; a holder that died stops renewing.
LEASE = dt.timedelta(minutes=5)
MAX_PACKAGES = 500
ACCESS_OF = {
    "no_permission": Access.NO_PERMISSION,
    "no_credential": Access.NO_CREDENTIAL,
}
_apis: dict[tuple[str, Environment], Api] = {}
_apis_lock = threading.Lock()


@dataclass
class SyncReport:
    """What one pass did for one company."""

    company_id: int
    company: str
    nip: str
    fetched: int = 0
    already_known: int = 0
    packages: int = 0
    access: Access = Access.UNKNOWN
    error: KsefError | None = None
    roles: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """Return the report as plain JSON values."""
        return {
            "company_id": self.company_id,
            "company": self.company,
            "nip": self.nip,
            "fetched": self.fetched,
            "already_known": self.already_known,
            "packages": self.packages,
            "roles": self.roles,
            "access": self.access.value,
            "error": str(self.error) if self.error else None,
            "error_code": self.error.code if self.error else None,
        }


def owner() -> str:
    """Return who this process and thread are, for leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def api_for(rt: Runtime, environment: Environment) -> Api:
    """Return this process's client of an environment (or of INTAKE_KSEF_URL)."""
    section = rt.settings.section("ksef")
    base = section.url or BASE_URLS[environment]
    with _apis_lock:
        if (base, environment) not in _apis:
            _apis[(base, environment)] = Api(
                base,
                timeout_s=section.timeout_s,
                cafile=section.cafile,
                limiter=limiter_for(rt.settings.broker_url, environment),
            )
        return _apis[(base, environment)]


def connect(rt: Runtime, session: Session, company: Company) -> Connection:
    """Return the connection a company is reached with; raise AccessDenied without one."""
    row = stored_credential(session, company)
    if row is None:
        raise AccessDenied(Reason.NO_CREDENTIAL, company=company.name)
    credential = open_credential(rt.settings, row)
    section = rt.settings.section("ksef")
    return Connection(
        api_for(rt, credential.environment),
        credential,
        company.nip,
        company.name,
        poll_s=section.poll_s,
        max_wait_s=section.max_wait_s,
    )


def company_state(session: Session, company: Company) -> KsefCompany:
    """Return a company's KSeF state row, creating it."""
    state = session.get(KsefCompany, company.id)
    if state is None:
        state = KsefCompany(company_id=company.id, office_id=company.office_id)
        try:
            with session.begin_nested():
                session.add(state)
                session.flush()
        except IntegrityError:
            state = session.get_one(KsefCompany, company.id)
    return state


def dead_holder(holder: str | None) -> bool:
    """Tell whether a lease's holder was a process on this machine that is gone."""
    host, _, rest = (holder or "").partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def take_lease(rt: Runtime, company_id: int, me: str) -> bool:
    """Hold a company for this sync; False when another live sync holds it.

    A lease runs out unless renewed; one held by a process of this machine that died
    (killed mid-sync) is taken over at once.
    """
    now = utcnow()
    with rt.db.session() as session:
        state = company_state(session, session.get_one(Company, company_id))
        holder = state.lease_owner if state.lease_until and state.lease_until > now else None
    with rt.db.session() as session:
        holders = [me]
        if dead_holder(holder):
            logger.warning("taking over the KSeF sync of company %s from %s", company_id, holder)
            holders.append(str(holder))
        me_or_dead = KsefCompany.lease_owner.in_(holders)
        taken = session.execute(
            update(KsefCompany)
            .where(KsefCompany.company_id == company_id)
            .where(KsefCompany.lease_until.is_(None) | (KsefCompany.lease_until < now) | me_or_dead)
            .values(lease_owner=me, lease_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        return getattr(taken, "rowcount", 0) == 1


def renew_lease(rt: Runtime, company_id: int, me: str) -> None:
    """Keep holding a company while the sync works."""
    with rt.db.session() as session:
        session.execute(
            update(KsefCompany)
            .where(KsefCompany.company_id == company_id, KsefCompany.lease_owner == me)
            .values(lease_until=utcnow() + LEASE)
            .execution_options(synchronize_session=False)
        )


def give_lease_back(rt: Runtime, company_id: int, me: str) -> None:
    """Let the next sync of a company go."""
    with rt.db.session() as session:
        session.execute(
            update(KsefCompany)
            .where(KsefCompany.company_id == company_id, KsefCompany.lease_owner == me)
            .values(lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )


def record_outcome(rt: Runtime, report: SyncReport, checked: bool) -> None:
    """Write what staff see on the company: access, last sync, invoices, last error."""
    with rt.db.session() as session:
        state = company_state(session, session.get_one(Company, report.company_id))
        now = utcnow()
        state.access = report.access
        if checked:
            state.checked_at = now
        error: Stored | None = None
        if report.error is not None:
            error = report.error.reason.message(**report.error.params)
        state.last_error = error
        if report.error is None:
            state.last_sync_at = now
        state.fetched += report.fetched


def start_of(day: dt.date) -> dt.datetime:
    """Return the first moment of a day in Warsaw, in UTC."""
    return dt.datetime.combine(day, dt.time(), ZoneInfo("Europe/Warsaw")).astimezone(dt.UTC)


def roles_due(
    session: Session, company_id: int, interval: dt.timedelta, force: bool
) -> list[SubjectType]:
    """Return the roles whose next export may go now (the guide's minimum intervals)."""
    now = utcnow()
    cursors = {
        c.subject_type: c
        for c in session.scalars(select(KsefCursor).where(KsefCursor.company_id == company_id))
    }
    due = []
    for subject in SubjectType:
        every = interval if subject == SubjectType.BUYER else max(interval, DAILY)
        cursor = cursors.get(subject)
        last = cursor.last_export_at if cursor else None
        if force or last is None or now - last >= every:
            due.append(subject)
    return due


def sync_company(
    rt: Runtime,
    company_id: int,
    *,
    since: dt.date | None = None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> SyncReport:
    """Fetch a company's new invoices from KSeF, every role that is due; never raise."""
    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        report = SyncReport(company.id, company.name, company.nip)
    me = owner()
    if not take_lease(rt, company_id, me):
        report.error = KsefError(Reason.BUSY, company=report.company)
        return report
    checked = False
    try:
        with rt.db.session() as session:
            company = session.get_one(Company, company_id)
            conn = connect(rt, session, company)
            interval = dt.timedelta(minutes=rt.settings.section("ksef").interval_min)
            roles = roles_due(session, company_id, interval, force or since is not None)
        if roles:
            check_permission(conn)
            checked = True
        for subject in roles:
            fetch_role(rt, conn, company_id, subject, since, report, progress)
            report.roles.append(subject.value)
        report.access = Access.WORKING
    except AccessDenied as e:
        logger.info("KSeF access for %s: %s", report.company, e)
        report.error, checked = e, True
        report.access = ACCESS_OF.get(e.code, Access.REFUSED)
    except KsefError as e:
        logger.warning("KSeF sync of %s failed: %s", report.company, e)
        report.error, report.access = e, Access.FAILING
    except Exception as e:
        logger.exception("KSeF sync of %s failed", report.company)
        report.error = KsefError(Reason.UNREACHABLE, detail=type(e).__name__)
        report.access = Access.FAILING
    finally:
        record_outcome(rt, report, checked)
        give_lease_back(rt, company_id, me)
    return report


def check_permission(conn: Connection) -> None:
    """Raise AccessDenied unless the credential may read invoices in the context."""
    if "InvoiceRead" not in conn.permissions():
        raise AccessDenied(Reason.NO_PERMISSION, company=conn.company)


def fetch_role(
    rt: Runtime,
    conn: Connection,
    company_id: int,
    subject: SubjectType,
    since: dt.date | None,
    report: SyncReport,
    progress: Callable[[int], None] | None,
) -> None:
    """Export adjacent windows of one role until KSeF's high-water mark is reached."""
    section = rt.settings.section("ksef")
    start = cursor_start(rt, company_id, subject, since or section.start, since is not None)
    for _ in range(MAX_PACKAGES):
        now = utcnow()
        end = start + WINDOW if now - start > WINDOW else None
        package = export(
            conn, subject, start, end, poll_s=section.poll_s, max_wait_s=section.max_wait_s
        )
        report.packages += 1
        renew_lease(rt, company_id, owner())
        store_all(rt, company_id, package.invoices, subject, report, progress)
        following = package.continuation or (end if end is not None else start)
        move_cursor(rt, company_id, subject, following, now)
        if not package.truncated and (end is None or following < end):
            return
        if following <= start and package.truncated:
            logger.warning("KSeF package of %s did not move on from %s", conn.company, start)
            return
        start = following


def cursor_start(
    rt: Runtime, company_id: int, subject: SubjectType, first: dt.date, reset: bool
) -> dt.datetime:
    """Return where a role's next window starts (a new cursor starts on the first day)."""
    with rt.db.session() as session:
        cursor = session.get(KsefCursor, (company_id, subject))
        if cursor is None or reset:
            if cursor is None:
                cursor = KsefCursor(company_id=company_id, subject_type=subject)
                session.add(cursor)
            cursor.continuation = start_of(first)
        return cursor.continuation


def move_cursor(
    rt: Runtime, company_id: int, subject: SubjectType, to: dt.datetime, exported_at: dt.datetime
) -> None:
    """Save a role's continuation point, once its window's invoices are stored."""
    with rt.db.session() as session:
        cursor = session.get_one(KsefCursor, (company_id, subject))
        cursor.continuation = to
        cursor.last_export_at = exported_at


def store_all(
    rt: Runtime,
    company_id: int,
    invoices: list[Fetched],
    subject: SubjectType,
    report: SyncReport,
    progress: Callable[[int], None] | None,
) -> None:
    """Store a package's invoices in small transactions, skipping KSeF numbers known."""
    max_bytes = rt.settings.max_upload_mb * 1024 * 1024
    for offset in range(0, len(invoices), CHUNK):
        chunk = invoices[offset : offset + CHUNK]
        with rt.db.session() as session:
            company = session.get_one(Company, company_id)
            known = known_numbers(session, company_id, [f.number for f in chunk])
            for fetched in chunk:
                if fetched.number in known:
                    report.already_known += 1
                    continue
                known.add(fetched.number)
                if store(session, rt.storage, company, fetched, subject, max_bytes):
                    report.fetched += 1
                else:
                    report.already_known += 1
        if progress is not None:
            progress(len(chunk))
        renew_lease(rt, company_id, owner())
