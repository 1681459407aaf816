"""What the commands, the jobs and the portal ask of ksef: status, syncs, one invoice."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Company, Office
from intake.models.texts import Stored
from intake.runtime import Runtime
from ksef.credentials import stored_credential
from ksef.errors import AccessDenied, KsefError, Reason
from ksef.models import KsefCompany, KsefCredential, KsefCursor, KsefInvoice
from ksef.package import Fetched
from ksef.store import known_numbers, store
from ksef.sync import (
    SyncReport,
    check_permission,
    company_state,
    connect,
    record_outcome,
    sync_company,
)
from ksef.vocabulary import Access
from ocr.qr import is_ksef_number

logger = logging.getLogger(__name__)


@dataclass
class CompanyStatus:
    """What staff see about a company's KSeF connection."""

    company_id: int
    company: str
    nip: str
    credential: str | None
    environment: str | None
    access: Access
    checked_at: object
    last_sync_at: object
    continuation: dict[str, str]
    fetched: int
    last_error: Stored | None

    def to_json(self, locale: str = "en") -> dict[str, object]:
        """Return the status as plain JSON values (the error in a locale, and its code)."""
        from intake.i18n import translate
        from intake.models.texts import code_of

        return {
            "company_id": self.company_id,
            "company": self.company,
            "nip": self.nip,
            "credential": self.credential,
            "environment": self.environment,
            "access": self.access.value,
            "checked_at": iso_or_none(self.checked_at),
            "last_sync_at": iso_or_none(self.last_sync_at),
            "continuation": self.continuation,
            "fetched": self.fetched,
            "last_error": translate(self.last_error, locale) or None,
            "last_error_code": code_of(self.last_error) if self.last_error else None,
        }


def iso_or_none(value: object) -> str | None:
    """Return a moment as ISO 8601, or None."""
    return value.isoformat() if hasattr(value, "isoformat") else None


def status_of(session: Session, company: Company) -> CompanyStatus:
    """Return a company's KSeF status."""
    state = session.get(KsefCompany, company.id)
    credential = stored_credential(session, company)
    cursors = session.scalars(select(KsefCursor).where(KsefCursor.company_id == company.id))
    return CompanyStatus(
        company.id,
        company.name,
        company.nip,
        credential.label if credential else None,
        credential.environment.value if credential else None,
        state.access if state else (Access.UNKNOWN if credential else Access.NO_CREDENTIAL),
        state.checked_at if state else None,
        state.last_sync_at if state else None,
        {c.subject_type.value: c.continuation.isoformat() for c in cursors},
        state.fetched if state else 0,
        state.last_error if state else None,
    )


def office_companies(session: Session, office_id: int) -> list[Company]:
    """Return an office's companies by name."""
    query = select(Company).where(Company.office_id == office_id).order_by(Company.name)
    return list(session.scalars(query))


def connected_companies(session: Session) -> list[int]:
    """Return the companies that have a credential (their own or their office's)."""
    offices = set(
        session.scalars(select(KsefCredential.office_id).where(KsefCredential.company_id.is_(None)))
    )
    own = set(
        session.scalars(
            select(KsefCredential.company_id).where(KsefCredential.company_id.is_not(None))
        )
    )
    query = select(Company.id).where(Company.office_id.in_(offices) | Company.id.in_(own))
    return list(session.scalars(query.order_by(Company.id)))


def sync_all(
    rt: Runtime,
    company_ids: list[int] | None = None,
    *,
    force: bool = False,
    since: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[SyncReport]:
    """Sync each company in turn; one company's failure stops nothing else."""
    if company_ids is None:
        with rt.db.session() as session:
            company_ids = connected_companies(session)
    reports = []
    for company_id in company_ids:
        reports.append(sync_company(rt, company_id, force=force, since=since, progress=progress))
    return reports


def check_access(rt: Runtime, company_id: int) -> SyncReport:
    """Sign in in a company's context and ask KSeF for the permissions held there."""
    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        report = SyncReport(company.id, company.name, company.nip)
        try:
            conn = connect(rt, session, company)
        except AccessDenied as e:
            report.error, report.access = e, Access.NO_CREDENTIAL
            conn = None
    if conn is not None:
        try:
            check_permission(conn)
            report.access = Access.WORKING
        except AccessDenied as e:
            report.error = e
            report.access = Access.NO_PERMISSION if e.code == "no_permission" else Access.REFUSED
        except KsefError as e:
            report.error, report.access = e, Access.FAILING
    with rt.db.session() as session:
        state = company_state(session, session.get_one(Company, company_id))
        last_sync, fetched = state.last_sync_at, state.fetched
    record_outcome(rt, report, checked=True)
    with rt.db.session() as session:  # a check is not a sync: keep the last sync's time
        state = company_state(session, session.get_one(Company, company_id))
        state.last_sync_at, state.fetched = last_sync, fetched
    return report


def get_invoice(rt: Runtime, company_id: int, number: str) -> KsefInvoice:
    """Fetch one invoice by its KSeF number into a company (GET /invoices/ksef/{number})."""
    number = number.strip()
    if not is_ksef_number(number):
        raise KsefError(Reason.NOT_A_KSEF_NUMBER, value=number)
    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        if known_numbers(session, company_id, [number]):
            return session.scalars(
                select(KsefInvoice).where(
                    KsefInvoice.company_id == company_id, KsefInvoice.ksef_number == number
                )
            ).one()
        conn = connect(rt, session, company)
    from ksef.errors import ApiError

    try:
        answer = conn.request("GET", f"/invoices/ksef/{number}", group="invoiceDownload")
    except ApiError as e:
        if 21164 in e.codes or 21165 in e.codes:
            raise KsefError(Reason.INVOICE_NOT_FOUND, number=number, nip=conn.nip) from e
        raise
    metadata = metadata_by_number(conn, number, answer.data)
    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        max_bytes = rt.settings.max_upload_mb * 1024 * 1024
        row = store(session, rt.storage, company, Fetched(metadata, answer.data), None, max_bytes)
        if row is None:
            raise KsefError(Reason.INVOICE_NOT_FOUND, number=number, nip=conn.nip)
        return row


def metadata_by_number(conn: object, number: str, xml: bytes) -> dict[str, object]:
    """Return an invoice's metadata as far as the number and the XML tell it."""
    from lxml import etree

    from ksef.crypto import sha256_b64
    from ocr.ksef import parse

    root = parse(xml)
    ns = {"f": etree.QName(root).namespace}
    kind = (root.findtext("f:Fa/f:RodzajFaktury", namespaces=ns) or "VAT").strip()
    types = {"VAT": "Vat", "KOR": "Kor", "ZAL": "Zal", "ROZ": "Roz", "UPR": "Upr"}
    types |= {"KOR_ZAL": "KorZal", "KOR_ROZ": "KorRoz"}
    day = number.split("-")[1]
    received = f"{day[:4]}-{day[4:6]}-{day[6:]}T00:00:00+00:00"
    return {
        "ksefNumber": number,
        "invoiceNumber": (root.findtext("f:Fa/f:P_2", namespaces=ns) or "").strip(),
        "issueDate": (root.findtext("f:Fa/f:P_1", namespaces=ns) or "").strip() or None,
        "acquisitionDate": received,
        "permanentStorageDate": received,
        "seller": {"nip": number.split("-")[0]},
        "invoiceType": types.get(kind, "Vat"),
        "invoiceHash": sha256_b64(xml),
    }


def office_of(session: Session, name: str) -> Office:
    """Return an office by name (intake's get_office)."""
    from intake.offices import get_office

    return get_office(session, name)
