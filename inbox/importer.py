"""One message into intake: record it, check the sender and PIN, accept each file once."""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import select

from inbox import replies
from inbox.accounts import Account
from inbox.archive import Limits
from inbox.gate import check_sender, may_answer
from inbox.letter import Letter, Outcome, finish
from inbox.mime import Part, Walk, first_lines, walk
from inbox.months import confirmation, month_of
from inbox.records import TERMINAL, find_same
from inbox.routing import find_company
from intake.accept import accept
from intake.errors import IntakeError, Refused
from intake.models import Company, Document, InboundEmail, InboundPart, utcnow
from intake.runtime import Runtime

logger = logging.getLogger(__name__)


def handle_message(
    rt: Runtime, account: Account, uidvalidity: int, uid: int, raw: bytes, limits: Limits
) -> Outcome:
    """Take one fetched message into intake exactly once; raise only for unexpected failures."""
    letter = Letter.read(raw)
    with rt.db.session() as session:
        company = find_company(session, letter.msg, account)
        company_id = company.id if company else None
        office_id = company.office_id if company else account.office_id
        row = session.scalar(
            select(InboundEmail).where(
                InboundEmail.account == account.key,
                InboundEmail.uidvalidity == uidvalidity,
                InboundEmail.uid == uid,
            )
        )
        if row is None:
            same = find_same(
                session,
                account.key,
                company_id,
                (letter.raw_sha256, letter.message_id, letter.sender),
            )
            if same is not None and same.status in TERMINAL:
                return Outcome(same.status, same.id)
            if same is not None:
                # Seen before under another UID (a UIDVALIDITY change): carry on with it.
                same.uidvalidity, same.uid = uidvalidity, uid
                row = same
        if row is not None and row.status in TERMINAL:
            return Outcome(row.status, row.id)
        if row is None:
            row = InboundEmail(account=account.key, uidvalidity=uidvalidity, uid=uid, attempts=0)
            session.add(row)
        if row.storage_key is None:
            key = f"{office_id or 'unrouted'}/mail/{letter.raw_sha256}.eml"
            # Storage first: the row must never point at a missing original.
            rt.storage.put(key, raw, "message/rfc822")
            row.storage_key = key
        row.office_id, row.company_id = office_id, company_id
        row.message_id, row.sender, row.subject = letter.message_id, letter.sender, letter.subject
        row.raw_sha256 = letter.raw_sha256
        row.month = month_of(letter.subject)
        row.status, row.attempts = "received", row.attempts + 1
        session.flush()
        email_id = row.id
    # The message is recorded (and committed) before any of its files is accepted; a
    # message that breaks the walk below is kept as evidence and reported.
    found = walk(letter.msg, limits)
    letter.lines = first_lines(found.body)
    if company is None:
        return finish(rt, email_id, "rejected", "no company uses the address it was sent to")
    refusal = check_sender(rt, company, letter, email_id)
    if refusal is not None:
        return refusal
    return take_in(rt, company, letter, found, email_id)


def take_in(rt: Runtime, company: Company, letter: Letter, found: Walk, email_id: int) -> Outcome:
    """Accept every file of a message once, then a month's confirmation if it asks."""
    month = month_of(letter.subject)
    notes = list(found.notes)
    refused = list(found.refused)
    documents = 0
    seen: set[str] = set()
    for part in found.parts:
        sha = hashlib.sha256(part.data).hexdigest()
        if sha in seen:
            notes.append(f"{part.filename}: the same file twice in one message; taken once")
            continue
        seen.add(sha)
        result = take_part(rt, company, part, sha, month, letter.sender, email_id)
        if result.outcome == "document":
            documents += 1
        elif result.outcome == "refused":
            refused.append(f"{part.filename}: {result.note}")
        if result.note and result.outcome != "refused":
            notes.append(f"{part.filename}: {result.note}")
    notes += [f"not taken: {r}" for r in refused]
    confirmed, no_month = confirm(rt, company, letter, notes)
    if not found.parts and not refused and not confirmed and not no_month:
        notes.append("no attachments")
    outcome = finish(rt, email_id, "imported", "\n".join(notes) or None, documents)
    reason, values = None, {}
    if refused:
        reason, values = "refused", {"taken": documents, "files": "\n".join(refused)}
    elif no_month:
        reason = "no_month"
    if reason:
        with rt.db.session() as session:
            answer = may_answer(session, letter, company.id, email_id)
        if answer:
            replies.publish(
                company.office_id,
                replies.compose(reason, letter.sender, letter.subject, letter.message_id, **values),
            )
    return outcome


def take_part(
    rt: Runtime,
    company: Company,
    part: Part,
    sha: str,
    month: str | None,
    sender: str,
    email_id: int,
) -> InboundPart:
    """Accept one file unless an earlier (crashed) pass already did; record the outcome."""
    with rt.db.session() as session:
        done = session.scalar(
            select(InboundPart).where(
                InboundPart.inbound_email_id == email_id, InboundPart.sha256 == sha
            )
        )
        if done is not None:
            return done
        document_id = session.scalar(
            select(Document.id).where(Document.inbound_email_id == email_id, Document.sha256 == sha)
        )
        repeated = part.is_image and session.scalar(
            select(InboundPart.id)
            .where(InboundPart.sha256 == sha, InboundPart.sender == sender)
            .where(InboundPart.inbound_email_id != email_id)
            .limit(1)
        )
    outcome, note = "document", None
    if document_id is None and repeated:
        outcome, note = "skipped", "the same image as in earlier mail (a signature); skipped"
    elif document_id is None:
        try:
            accepted = accept(
                rt,
                company.id,
                part.data,
                part.filename,
                "email",
                month=month,
                inbound_email_id=email_id,
            )
        except Refused as e:
            outcome, note = "refused", str(e)
        else:
            document_id = accepted.document_id
            if accepted.duplicate_of is not None:
                note = f"same file as document {accepted.duplicate_of}"
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
    with rt.db.session() as session:
        session.add(row)
    return row


def confirm(rt: Runtime, company: Company, letter: Letter, notes: list[str]) -> tuple[bool, bool]:
    """Confirm 'all documents sent' for a month when the message says so; (done, month missing)."""
    said, month = confirmation(letter.subject, letter.lines)
    if not said:
        return False, False
    if month is None:
        notes.append("says 'all documents' but names no month")
        return False, True
    from intake.periods import confirm_delivered

    try:
        period = confirm_delivered(rt, company.id, month, f"e-mail from {letter.sender}")
    except IntakeError as e:
        notes.append(f"could not confirm {month}: {e}")
        return False, False
    notes.append(f"confirmed all documents for {month} ({period.state})")
    return True, False


def reject_oversized(
    rt: Runtime, account: Account, uidvalidity: int, uid: int, head: bytes, size: int
) -> Outcome:
    """Record a message too large to fetch as rejected, and tell its sender."""
    letter = Letter.read(head)
    with rt.db.session() as session:
        company = find_company(session, letter.msg, account)
        row = session.scalar(
            select(InboundEmail).where(
                InboundEmail.account == account.key,
                InboundEmail.uidvalidity == uidvalidity,
                InboundEmail.uid == uid,
            )
        )
        if row is None:
            row = InboundEmail(account=account.key, uidvalidity=uidvalidity, uid=uid)
            session.add(row)
        row.company_id = company.id if company else None
        row.office_id = company.office_id if company else account.office_id
        row.sender, row.subject, row.message_id = letter.sender, letter.subject, letter.message_id
        row.status, row.done_at = "rejected", utcnow()
        row.note = f"the message is {size // 1_000_000} MB, over the limit; not fetched"
        session.flush()
        email_id, office_id = row.id, row.office_id
        answer = company is not None and may_answer(session, letter, row.company_id, email_id)
    if answer:
        replies.publish(
            office_id,
            replies.compose(
                "too_large",
                letter.sender,
                letter.subject,
                letter.message_id,
                size=size // 1_000_000,
            ),
        )
    return Outcome("rejected", email_id)
