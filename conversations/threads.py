"""Conversations: a thread per subject between the office and a client's people.

Either side starts one; every message is written by a person of one side (or arrives by
e-mail, or as a bulk notice) and the other side is told by e-mail. Each side has a
watermark of what it has read (the newest message id it saw), so unread counts are one
query for a whole client table.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from conversations.errors import ConversationError, ThreadNotFound, Why
from conversations.files import StoredFile, Upload, store_files
from conversations.models import Thread, ThreadAttachment, ThreadMessage
from conversations.notices import tell_other_side
from conversations.vocabulary import Side, Via
from intake.config import Settings
from intake.models import Company, User, utcnow
from intake.storage import Storage
from intake.vocabulary import Role

logger = logging.getLogger(__name__)

BODY_LIMIT = 20_000


def side_of(user: User) -> Side:
    """Return the side a person writes for."""
    return Side.CLIENT if user.role == Role.CLIENT else Side.OFFICE


def visible_threads(user: User) -> Select[Thread]:
    """Return the query of conversations a person may see: the office's, or the client's own."""
    query = select(Thread).where(Thread.office_id == user.office_id)
    if user.role == Role.CLIENT:
        query = query.where(Thread.company_id == user.company_id)
    return query


def get_thread(session: Session, user: User, thread_id: int) -> Thread:
    """Return a conversation the person may see, or raise ThreadNotFound."""
    thread = session.scalar(visible_threads(user).where(Thread.id == thread_id))
    if thread is None:
        raise ThreadNotFound()
    return thread


def client_of(session: Session, user: User, company_id: int) -> Company:
    """Return a client the person may write to (a client user: only their own company)."""
    company = session.get(Company, company_id)
    if company is None or company.office_id != user.office_id:
        raise ThreadNotFound()
    if user.role == Role.CLIENT and user.company_id != company.id:
        raise ThreadNotFound()
    return company


def start_thread(
    session: Session,
    storage: Storage,
    settings: Settings,
    author: User,
    company: Company,
    subject: str,
    body: str,
    uploads: Sequence[Upload] = (),
) -> Thread:
    """Start a conversation with a first message; the other side is told after commit."""
    company = client_of(session, author, company.id)
    stored = store_files(storage, company.office_id, uploads, settings.max_upload_mb)
    thread = new_thread(session, company, subject, side_of(author))
    post(session, settings, thread, author=author, body=body, files=stored, via=Via.PORTAL)
    return thread


def new_thread(
    session: Session, company: Company, subject: str, side: Side, batch: str | None = None
) -> Thread:
    """Record a new, empty conversation with a subject."""
    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise ConversationError(Why.SUBJECT_MISSING)
    thread = Thread(
        office_id=company.office_id,
        company_id=company.id,
        subject=subject,
        started_by=side,
        batch=batch,
    )
    session.add(thread)
    session.flush()
    return thread


def reply(
    session: Session,
    storage: Storage,
    settings: Settings,
    author: User,
    thread: Thread,
    body: str,
    uploads: Sequence[Upload] = (),
) -> ThreadMessage:
    """Add a person's message to a conversation; the other side is told after commit."""
    get_thread(session, author, thread.id)
    stored = store_files(storage, thread.office_id, uploads, settings.max_upload_mb)
    return post(session, settings, thread, author=author, body=body, files=stored, via=Via.PORTAL)


def post(
    session: Session,
    settings: Settings,
    thread: Thread,
    *,
    body: str,
    files: Sequence[StoredFile],
    via: Via,
    author: User | None = None,
    side: Side | None = None,
    author_name: str | None = None,
    author_email: str | None = None,
    email_message_id: str | None = None,
    tell: bool = True,
) -> ThreadMessage:
    """Write a message to a conversation (checked), mark it read by its own side, tell the
    other side."""
    body = (body or "").strip()
    if not body and not files:
        raise ConversationError(Why.EMPTY_MESSAGE)
    if len(body) > BODY_LIMIT:
        raise ConversationError(Why.MESSAGE_TOO_LONG, limit=BODY_LIMIT)
    side = side or (side_of(author) if author else Side.CLIENT)
    message = ThreadMessage(
        side=side,
        via=via,
        author_id=author.id if author else None,
        author_name=(author.name if author else author_name or author_email or "?")[:200],
        author_email=author.email if author else author_email,
        body=body,
        email_message_id=email_message_id,
        attachments=[
            ThreadAttachment(
                filename=f.filename,
                media_type=f.media_type,
                size=f.size,
                sha256=f.sha256,
                storage_key=f.key,
            )
            for f in files
        ],
    )
    thread.messages.append(message)
    session.flush()
    thread.last_message_at = utcnow()
    if side == Side.OFFICE:
        thread.office_seen_id = max(thread.office_seen_id, message.id)
    else:
        thread.client_seen_id = max(thread.client_seen_id, message.id)
    if tell:
        tell_other_side(session, settings, thread, message)
    return message


def mark_read(session: Session, user: User, thread: Thread) -> int:
    """Mark a conversation read for the person's side; return how many were unread."""
    side = side_of(user)
    newest = session.scalar(
        select(func.max(ThreadMessage.id)).where(ThreadMessage.thread_id == thread.id)
    )
    newest = newest or 0
    if side == Side.OFFICE:
        unread = unread_in(session, thread.id, Side.CLIENT, thread.office_seen_id)
        thread.office_seen_id = max(thread.office_seen_id, newest)
    else:
        unread = unread_in(session, thread.id, Side.OFFICE, thread.client_seen_id)
        thread.client_seen_id = max(thread.client_seen_id, newest)
    return unread


def unread_in(session: Session, thread_id: int, side: Side, seen: int) -> int:
    """Count one side's messages in a conversation newer than a watermark."""
    query = select(func.count(ThreadMessage.id)).where(
        ThreadMessage.thread_id == thread_id, ThreadMessage.side == side, ThreadMessage.id > seen
    )
    return session.scalar(query) or 0


def unread_for_office(
    session: Session, office_id: int, company_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Return, per client, how many of its people's messages the office has not read."""
    query = (
        select(Thread.company_id, func.count(ThreadMessage.id))
        .join(ThreadMessage, ThreadMessage.thread_id == Thread.id)
        .where(
            Thread.office_id == office_id,
            ThreadMessage.side == Side.CLIENT,
            ThreadMessage.id > Thread.office_seen_id,
        )
        .group_by(Thread.company_id)
    )
    if company_ids is not None:
        query = query.where(Thread.company_id.in_(list(company_ids)))
    return {company_id: count for company_id, count in session.execute(query)}


def unread_for_client(session: Session, company_id: int) -> int:
    """Return how many of the office's messages a client's people have not read."""
    query = (
        select(func.count(ThreadMessage.id))
        .join(Thread, ThreadMessage.thread_id == Thread.id)
        .where(
            Thread.company_id == company_id,
            ThreadMessage.side == Side.OFFICE,
            ThreadMessage.id > Thread.client_seen_id,
        )
    )
    return session.scalar(query) or 0


def unread_of(user: User, session: Session) -> int:
    """Return a person's unread count: a client's company's, or the whole office's."""
    if user.role == Role.CLIENT and user.company_id is not None:
        return unread_for_client(session, user.company_id)
    return sum(unread_for_office(session, user.office_id).values())


def threads_for(
    session: Session, user: User, company_id: int | None = None
) -> list[tuple[Thread, int]]:
    """Return the conversations a person sees (of one client, if given), newest first, each
    with its unread count for the person's side."""
    query = visible_threads(user)
    if company_id is not None:
        query = query.where(Thread.company_id == company_id)
    threads = session.scalars(query.order_by(Thread.last_message_at.desc()).limit(300)).all()
    side = side_of(user)
    other = Side.CLIENT if side == Side.OFFICE else Side.OFFICE
    counts: dict[int, int] = {}
    if threads:
        seen = Thread.office_seen_id if side == Side.OFFICE else Thread.client_seen_id
        rows = session.execute(
            select(Thread.id, func.count(ThreadMessage.id))
            .join(ThreadMessage, ThreadMessage.thread_id == Thread.id)
            .where(
                Thread.id.in_([t.id for t in threads]),
                ThreadMessage.side == other,
                ThreadMessage.id > seen,
            )
            .group_by(Thread.id)
        )
        counts = {thread_id: count for thread_id, count in rows}
    return [(thread, counts.get(thread.id, 0)) for thread in threads]


def get_attachment(session: Session, user: User, attachment_id: int) -> ThreadAttachment:
    """Return a file of a conversation the person may see, or raise ThreadNotFound."""
    found = session.scalar(
        select(ThreadAttachment)
        .join(ThreadMessage, ThreadAttachment.message_id == ThreadMessage.id)
        .where(
            ThreadAttachment.id == attachment_id,
            ThreadMessage.thread_id.in_(visible_threads(user).with_only_columns(Thread.id)),
        )
    )
    if found is None:
        raise ThreadNotFound()
    return found
