"""Bookkeeping of mailboxes and messages: leases, UIDVALIDITY, states, problems for staff."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inbox.senders import aware
from intake.models import InboundEmail, MailboxState, utcnow
from intake.runtime import Runtime

logger = logging.getLogger(__name__)

TERMINAL = ("imported", "rejected", "skipped")
MAX_ATTEMPTS = 5
LEASE = dt.timedelta(seconds=120)


def new_owner() -> str:
    """Return a lease owner name: this host, this process, and a token for the thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _owner_is_dead(owner: str | None) -> bool:
    """Tell whether a lease holder was a process of this host that no longer runs."""
    if not owner:
        return True
    host, _, rest = owner.partition(":")
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


def claim_mailbox(rt: Runtime, key: str, owner: str) -> bool:
    """Take a mailbox's lease unless a live poller holds it; True when taken."""
    now = utcnow()
    with rt.db.session() as session:
        state = session.get(MailboxState, key)
        if state is None:
            session.add(MailboxState(account=key, lease_owner=owner, lease_until=now + LEASE))
            try:
                session.flush()
            except IntegrityError:
                return False
            return True
        held = state.lease_until is not None and aware(state.lease_until) > now
        if held and state.lease_owner != owner and not _owner_is_dead(state.lease_owner):
            return False
        # Compare-and-set: of two pollers that read the same old owner, one wins.
        won = session.execute(
            update(MailboxState)
            .where(MailboxState.account == key)
            .where(
                MailboxState.lease_owner == state.lease_owner
                if state.lease_owner is not None
                else MailboxState.lease_owner.is_(None)
            )
            .values(lease_owner=owner, lease_until=now + LEASE)
        )
        return getattr(won, "rowcount", 0) == 1


def renew_mailbox(rt: Runtime, key: str, owner: str) -> None:
    """Extend a held lease."""
    with rt.db.session() as session:
        session.execute(
            update(MailboxState)
            .where(MailboxState.account == key, MailboxState.lease_owner == owner)
            .values(lease_until=utcnow() + LEASE)
        )


def release_mailbox(rt: Runtime, key: str, owner: str) -> None:
    """Give a lease back."""
    with rt.db.session() as session:
        session.execute(
            update(MailboxState)
            .where(MailboxState.account == key, MailboxState.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )


def note_uidvalidity(rt: Runtime, key: str, uidvalidity: int) -> bool:
    """Remember a folder's UIDVALIDITY; True when it changed since the last pass."""
    with rt.db.session() as session:
        state = session.get(MailboxState, key)
        if state is None:
            state = MailboxState(account=key)
            session.add(state)
        changed = state.uidvalidity is not None and state.uidvalidity != uidvalidity
        if changed:
            logger.warning(
                "%s: UIDVALIDITY changed from %s to %s; messages are matched by Message-ID "
                "and content from now on",
                key,
                state.uidvalidity,
                uidvalidity,
            )
        state.uidvalidity = uidvalidity
        return changed


def known(session: Session, key: str, uidvalidity: int, uids: list[int]) -> dict[int, InboundEmail]:
    """Return the recorded messages among some UIDs of a folder."""
    found: dict[int, InboundEmail] = {}
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
        query = select(InboundEmail).where(
            InboundEmail.account == key,
            InboundEmail.uidvalidity == uidvalidity,
            InboundEmail.uid.in_(chunk),
        )
        found.update({row.uid: row for row in session.scalars(query)})
    return found


def find_same(
    session: Session,
    key: str,
    company_id: int | None,
    letter: tuple[str, str | None, str],
) -> InboundEmail | None:
    """Return a recorded copy of a message in the same mailbox, for the same company.

    `letter` is (raw sha256, Message-ID, sender). The same bytes are the same message (a
    UIDVALIDITY change shows them again). The same Message-ID counts only from the same
    sender and never after a rejection, so a forged copy cannot shadow a real message.
    """
    raw_sha256, message_id, sender = letter
    company = (
        InboundEmail.company_id == company_id
        if company_id is not None
        else InboundEmail.company_id.is_(None)
    )
    mailbox = select(InboundEmail).where(InboundEmail.account == key, company)
    same = session.scalars(
        mailbox.where(InboundEmail.raw_sha256 == raw_sha256).order_by(InboundEmail.id)
    ).first()
    if same is not None or not message_id:
        return same
    return session.scalars(
        mailbox.where(
            InboundEmail.message_id == message_id,
            InboundEmail.sender == sender,
            InboundEmail.status != "rejected",
        ).order_by(InboundEmail.id)
    ).first()


def given_up(row: InboundEmail) -> bool:
    """Tell whether a message failed (or crashed the poller) too often to try again."""
    return row.status not in TERMINAL and row.attempts >= MAX_ATTEMPTS


def record_error(
    rt: Runtime, key: str, uidvalidity: int, uid: int, error: BaseException, **known_fields: object
) -> None:
    """Mark a message as failed with a note for staff; never raise."""
    note = f"{type(error).__name__}: {error}"[:2000]
    try:
        with rt.db.session() as session:
            row = session.scalar(
                select(InboundEmail).where(
                    InboundEmail.account == key,
                    InboundEmail.uidvalidity == uidvalidity,
                    InboundEmail.uid == uid,
                )
            )
            if row is None:
                row = InboundEmail(account=key, uidvalidity=uidvalidity, uid=uid, attempts=1)
                for name, value in known_fields.items():
                    setattr(row, name, value)
                session.add(row)
            row.status = "error"
            row.note = note
    except Exception:
        logger.exception("%s uid %s: could not record the error %s", key, uid, note)


def problems(
    session: Session, office_id: int | None = None, limit: int = 200
) -> list[InboundEmail]:
    """Return messages staff should look at (errors and given-up ones), newest first."""
    query = select(InboundEmail).where(InboundEmail.status.in_(("error", "received")))
    if office_id is not None:
        query = query.where(InboundEmail.office_id == office_id)
    rows = session.scalars(query.order_by(InboundEmail.id.desc()).limit(limit)).all()
    return [row for row in rows if row.status == "error" or given_up(row)]


def retry(session: Session, inbound_email_id: int) -> InboundEmail:
    """Let the poller try a failed message again on its next pass."""
    row = session.get_one(InboundEmail, inbound_email_id)
    if row.status in TERMINAL:
        return row
    row.attempts = 0
    row.status = "received"
    return row
