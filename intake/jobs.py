"""intake's background jobs: thin actors that call the domain functions."""

from __future__ import annotations

import datetime as dt
import logging

import dramatiq
from dramatiq.middleware import CurrentMessage

from intake import runtime
from intake.accept import enqueue_extract
from intake.processing import process_document, stale_documents

logger = logging.getLogger(__name__)

PERIODIC = {"sweep_documents": 60}


@dramatiq.actor(max_retries=3, min_backoff=2_000, max_backoff=60_000, time_limit=600_000)
def extract_document(document_id: int) -> None:
    """Read one stored document and record what was found."""
    message = CurrentMessage.get_current_message()
    process_document(runtime.current(), document_id, message.message_id if message else None)


@dramatiq.actor(max_retries=0)
def sweep_documents(older_than_s: int = 120) -> None:
    """Re-enqueue documents that a lost message or a crashed worker left behind."""
    for document_id in stale_documents(runtime.current(), dt.timedelta(seconds=older_than_s)):
        logger.warning("re-enqueueing stale document %s", document_id)
        enqueue_extract(document_id)
