"""A notice to many clients at once (new opening hours, a change in the law), with files.

Each client gets it as a new conversation of its own, started by the office, so its
people read it (and answer it) where they read everything else; the files are stored
once. The conversations share a batch id.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from conversations.errors import ConversationError, Why
from conversations.files import Upload, store_files
from conversations.models import Thread
from conversations.threads import new_thread, post
from conversations.vocabulary import Side, Via
from intake.config import Settings
from intake.errors import NotFound
from intake.models import Company, User
from intake.storage import Storage
from intake.vocabulary import OFFICE_ROLES

logger = logging.getLogger(__name__)


def send_notice(
    session: Session,
    storage: Storage,
    settings: Settings,
    author: User,
    company_ids: Iterable[int],
    subject: str,
    body: str,
    uploads: Sequence[Upload] = (),
) -> list[Thread]:
    """Start the same conversation with each client; each is told after commit."""
    if author.role not in OFFICE_ROLES:
        raise NotFound("notice")
    ids = list(dict.fromkeys(company_ids))
    if not ids:
        raise ConversationError(Why.NO_CLIENTS)
    companies = session.scalars(
        select(Company).where(Company.id.in_(ids), Company.office_id == author.office_id)
    ).all()
    if len(companies) != len(ids):
        raise NotFound("client")
    stored = store_files(storage, author.office_id, uploads, settings.max_upload_mb)
    batch = uuid.uuid4().hex
    threads = []
    for company in sorted(companies, key=lambda c: ids.index(c.id)):
        thread = new_thread(session, company, subject, Side.OFFICE, batch)
        post(session, settings, thread, author=author, body=body, files=stored, via=Via.NOTICE)
        threads.append(thread)
    logger.info("notice %s to %d clients by user %s", batch, len(threads), author.id)
    return threads
