"""ksef's background jobs: thin actors over the sync."""

from __future__ import annotations

import logging

import dramatiq

from intake import runtime
from intake.broker import send_or_log
from ksef.errors import AccessDenied
from ksef.printed import fetch_printed, look_for_code
from ksef.service import connected_companies
from ksef.sync import sync_company

logger = logging.getLogger(__name__)

# Every quarter of an hour each connected company is looked at; the sync itself keeps the
# guide's minimum intervals (INTAKE_KSEF_INTERVAL_MIN for purchases, daily for the rest).
PERIODIC = {"sync_ksef": "*/15 * * * *"}


@dramatiq.actor(max_retries=0)
def sync_ksef() -> None:
    """Send one sync job per connected company."""
    with runtime.current().db.session() as session:
        ids = connected_companies(session)
    for company_id in ids:
        send_or_log("sync_ksef_company", company_id)


@dramatiq.actor(max_retries=0, time_limit=3_600_000)
def sync_ksef_company(company_id: int) -> None:
    """Fetch one company's new invoices from KSeF (a failure is recorded on the company)."""
    report = sync_company(runtime.current(), company_id)
    if report.error is not None:
        logger.info("KSeF sync of company %s: %s", company_id, report.error)


@dramatiq.actor(max_retries=3, min_backoff=10_000, throws=(AccessDenied,))
def ksef_printed_code(document_id: int) -> None:
    """Read a document's printed KSeF code and fetch the exact invoice it names."""
    rt = runtime.current()
    code = look_for_code(rt, document_id)
    if code is not None:
        fetch_printed(rt, document_id, code)
