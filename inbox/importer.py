"""One message into intake: record it, check the sender and PIN, accept each file once.

Each step is one unit of work: the message is recorded (and its original stored) and
committed before any file is taken; each file's document and its InboundPart row are
committed together, so a poller killed at any point takes up where it was and never
doubles a document; the final status, a month's confirmation and the reply go last.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from conversations.files import Upload as ConversationFile
from conversations.replies import take_reply
from inbox import replies
from inbox.accounts import Account
from inbox.archive import Limits
from inbox.gate import check_sender, door_office, may_answer, pin_given, pin_needed
from inbox.letter import Letter, Outcome, finish
from inbox.mime import Part, Walk, first_lines, walk
from inbox.models import InboundEmail, InboundPart
from inbox.months import confirmation, month_of
from inbox.notes import MailNote, about, as_message
from inbox.records import find_message, find_same
from inbox.replies import ReplyKind
from inbox.routing import find_company, find_thread
from inbox.settings import of as inbox_settings
from inbox.vocabulary import TAKEN, TERMINAL, MailStatus, PartOutcome
from intake.accept import Upload, accept
from intake.errors import IntakeError, Refused
from intake.i18n import Message
from intake.models import Company, Document, utcnow
from intake.models.texts import Stored
from intake.periods import confirm_delivered
from intake.runtime import Runtime
from intake.storage import Storage
from intake.vocabulary import Source

logger = logging.getLogger(__name__)


def handle_message(
    rt: Runtime, account: Account, uidvalidity: int, uid: int, raw: bytes, limits: Limits
) -> Outcome:
    """Take one fetched message into intake exactly once; raise only for unexpected failures."""
    letter = Letter.read(raw)
    rules = inbox_settings(rt.settings)
    with rt.db.session() as session:
        row = record_message(session, rt.storage, account, uidvalidity, uid, letter)
        if row.status in TERMINAL:
            return Outcome(row.status, row.id)
        email_id, company_id = row.id, row.company_id
        company = session.get(Company, company_id) if company_id is not None else None
        asks_pin = company is not None and pin_needed(session, company, letter, rules)
    # The message is recorded (and committed) before any of its files is accepted; a
    # message that breaks the walk below is kept as evidence and reported.
    found = walk(letter.msg, limits)
    letter.lines = first_lines(found.body)
    if company is not None:
        # A reply to a conversation's notice (signed, so no PIN) goes to that conversation.
        thread_id = find_thread(rt.settings, letter.msg)
        if thread_id is not None:
            with rt.db.session() as session:
                outcome = take_reply_in(session, rt, company.id, thread_id, letter, found, email_id)
            if outcome is not None:
                return outcome
    # A third of a second for the one PIN a message may give: outside any transaction, and
    # never for a sender who is blocked (however many PINs they try) or needs none.
    pin_ok = company is not None and asks_pin and pin_given(company, letter)
    with rt.db.session() as session:
        company = session.get_one(Company, company_id) if company_id is not None else None
        refusal = check_sender(
            session,
            company,
            letter,
            email_id,
            pin_ok=pin_ok,
            rules=rules,
            settings=rt.settings,
            office=door_office(session, account, company),
        )
        if refusal is not None:
            return refusal
    assert company_id is not None  # an unknown inbox code is always refused at the door
    return take_in(rt, company_id, letter, found, email_id)


def record_message(
    session: Session,
    storage: Storage,
    account: Account,
    uidvalidity: int,
    uid: int,
    letter: Letter,
) -> InboundEmail:
    """Record a fetched message (stored first) as received; a terminal row is returned as is."""
    company = find_company(session, letter.msg, account)
    company_id = company.id if company else None
    office_id = company.office_id if company else account.office_id
    row = find_message(session, account.key, uidvalidity, uid)
    if row is None:
        same = find_same(
            session, account.key, company_id, (letter.raw_sha256, letter.message_id, letter.sender)
        )
        if same is not None and same.status in TERMINAL:
            return same
        if same is not None:
            # Seen before under another UID (a UIDVALIDITY change): carry on with it.
            same.uidvalidity, same.uid = uidvalidity, uid
            row = same
    if row is not None and row.status in TERMINAL:
        return row
    if row is None:
        row = InboundEmail(account=account.key, uidvalidity=uidvalidity, uid=uid, attempts=0)
        session.add(row)
    if row.storage_key is None:
        key = f"{office_id or 'unrouted'}/mail/{letter.raw_sha256}.eml"
        # Storage first: the row must never point at a missing original.
        storage.put(key, letter.raw, "message/rfc822")
        row.storage_key = key
    row.office_id, row.company_id = office_id, company_id
    row.message_id, row.sender, row.subject = letter.message_id, letter.sender, letter.subject
    row.raw_sha256 = letter.raw_sha256
    row.month = month_of(letter.subject)
    row.status, row.attempts = MailStatus.RECEIVED, row.attempts + 1
    session.flush()
    return row


def take_reply_in(
    session: Session,
    rt: Runtime,
    company_id: int,
    thread_id: int,
    letter: Letter,
    found: Walk,
    email_id: int,
) -> Outcome | None:
    """Add a reply to its conversation (text and files); None when it is not this company's."""
    company = session.get_one(Company, company_id)
    files = [ConversationFile(part.filename, part.data) for part in found.parts]
    message = take_reply(
        session,
        rt.storage,
        rt.settings,
        company,
        thread_id,
        sender=letter.sender,
        text=found.body,
        uploads=files,
        message_id=letter.message_id,
    )
    if message is None:
        return None
    note = MailNote.CONVERSATION_REPLY.message(subject=message.thread.subject)
    return finish(session, email_id, MailStatus.IMPORTED, note)


def take_in(rt: Runtime, company_id: int, letter: Letter, found: Walk, email_id: int) -> Outcome:
    """Accept every file of a message once, then a month's confirmation if it asks."""
    month = month_of(letter.subject)
    notes: list[Message] = list(found.notes)
    refused: list[tuple[str, Stored]] = list(found.refused)
    documents = 0
    seen: set[str] = set()
    for part in found.parts:
        sha = hashlib.sha256(part.data).hexdigest()
        if sha in seen:
            notes.append(about(part.filename, MailNote.SAME_FILE_TWICE.message()))
            continue
        seen.add(sha)
        upload = Upload(
            company_id,
            part.data,
            part.filename,
            Source.EMAIL,
            rt.settings.max_upload_mb * 1024 * 1024,
            month=month,
            origin=origin_of(email_id),
        )
        with rt.db.session() as session:  # the document and its part commit together
            result = take_part(session, rt.storage, upload, part, sha, letter.sender, email_id)
            outcome, note = result.outcome, result.note
        if outcome in TAKEN:
            documents += 1
        if outcome == PartOutcome.REFUSED and note is not None:
            refused.append((part.filename, note))
        elif note is not None:
            notes.append(about(part.filename, note))
    notes += [about(name, why) for name, why in refused]
    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        confirmed, no_month = confirm(session, company, letter, notes)
        summary: Message | None = None
        if not found.parts and not refused and not confirmed and not no_month and not notes:
            summary = MailNote.NO_ATTACHMENTS.message()
        elif notes:
            summary = MailNote.TAKEN_IN_WITH_NOTES.message(notes=notes)
        ended = finish(session, email_id, MailStatus.IMPORTED, summary, documents)
        kind = ReplyKind.REFUSED if refused else ReplyKind.NO_MONTH if no_month else None
        if kind is not None and may_answer(session, letter, company.id, email_id):
            replies.send(session, company, letter, kind, taken=documents, files=refused)
    return ended


def take_part(
    session: Session,
    storage: Storage,
    upload: Upload,
    part: Part,
    sha: str,
    sender: str,
    email_id: int,
) -> InboundPart:
    """Accept one file unless an earlier pass already did; record what became of it.

    The document and this InboundPart row are written in the caller's one transaction.
    """
    done = session.scalar(
        select(InboundPart).where(
            InboundPart.inbound_email_id == email_id, InboundPart.sha256 == sha
        )
    )
    if done is not None:
        return done
    # A document an older version committed before recording its part (it had two commits).
    document_id = session.scalar(
        select(Document.id).where(Document.origin == upload.origin, Document.sha256 == sha)
    )
    repeated = part.is_image and session.scalar(
        select(InboundPart.id)
        .where(InboundPart.sha256 == sha, InboundPart.sender == sender)
        .where(InboundPart.inbound_email_id != email_id)
        .limit(1)
    )
    outcome, note = PartOutcome.DOCUMENT, None
    if document_id is None and repeated:
        outcome, note = PartOutcome.SKIPPED, MailNote.SIGNATURE_REPEATED.message()
    elif document_id is None:
        try:
            accepted = accept(session, storage, upload)
        except Refused as e:  # raised before anything is written
            outcome, note = PartOutcome.REFUSED, as_message(e)
        else:
            document_id = accepted.document_id
            if accepted.duplicate_of is not None:
                outcome = PartOutcome.DUPLICATE
                note = MailNote.ALREADY_HANDED_IN.message(document=accepted.duplicate_of)
    row = InboundPart(
        inbound_email_id=email_id,
        sender=sender,
        sha256=sha,
        filename=part.filename[:255],
        media_type=part.media_type[:100],
        size=len(part.data),
        outcome=outcome,
        document_id=document_id,
        note=note,
    )
    session.add(row)
    session.flush()
    return row


def confirm(
    session: Session, company: Company, letter: Letter, notes: list[Message]
) -> tuple[bool, bool]:
    """Confirm 'all documents sent' for a month when the message says so; (done, month missing)."""
    said, month = confirmation(letter.subject, letter.lines)
    if not said:
        return False, False
    if month is None:
        notes.append(MailNote.NO_MONTH.message())
        return False, True
    try:
        with session.begin_nested():
            period = confirm_delivered(session, company.id, month, f"email:{letter.sender}")
    except IntakeError as e:
        notes.append(as_message(e))
        return False, False
    notes.append(MailNote.CONFIRMED.message(month=period.month, state=period.state))
    return True, False


def origin_of(email_id: int) -> str:
    """Return how a document names the inbound e-mail it came in."""
    return f"email:{email_id}"


def reject_oversized(
    session: Session,
    account: Account,
    uidvalidity: int,
    uid: int,
    head: bytes,
    size: int,
    limit: int,
) -> Outcome:
    """Record a message too large to fetch as rejected, and tell its sender."""
    letter = Letter.read(head)
    company = find_company(session, letter.msg, account)
    row = find_message(session, account.key, uidvalidity, uid)
    if row is None:
        row = InboundEmail(account=account.key, uidvalidity=uidvalidity, uid=uid)
        session.add(row)
    row.company_id = company.id if company else None
    row.office_id = company.office_id if company else account.office_id
    row.sender, row.subject, row.message_id = letter.sender, letter.subject, letter.message_id
    row.status, row.done_at = MailStatus.REJECTED, utcnow()
    megabytes = {"size": -(-size // 1_000_000), "limit": limit // (1024 * 1024)}
    row.note = MailNote.TOO_LARGE.message(**megabytes)
    session.flush()
    # Answered alike whether or not a company uses the address (see inbox.gate).
    office = door_office(session, account, company)
    if office is not None and may_answer(session, letter, row.company_id, row.id):
        replies.send(session, company, letter, ReplyKind.TOO_LARGE, office=office, **megabytes)
    return Outcome(MailStatus.REJECTED, row.id)
