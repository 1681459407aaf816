"""Bookkeeping of mailboxes and messages: leases, UIDVALIDITY, states, problems for staff.

Each function works in the caller's session; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inbox.errors import InboxError, Reason
from inbox.models import InboundEmail, MailboxState
from inbox.notes import MailNote
from inbox.vocabulary import TERMINAL, MailStatus
from intake.models import utcnow

logger = logging.getLogger(__name__)

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


def claim_mailbox(session: Session, key: str, owner: str) -> bool:
    """Take a mailbox's lease unless a live poller holds it; True when taken."""
    now = utcnow()
    state = session.get(MailboxState, key)
    if state is None:
        try:
            with session.begin_nested():
                session.add(MailboxState(account=key, lease_owner=owner, lease_until=now + LEASE))
        except IntegrityError:  # another poller made the row first: it holds the lease
            return False
        return True
    held = state.lease_until is not None and state.lease_until > now
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
        .execution_options(synchronize_session=False)
    )
    return getattr(won, "rowcount", 0) == 1


def renew_mailbox(session: Session, key: str, owner: str) -> None:
    """Extend a held lease."""
    session.execute(
        update(MailboxState)
        .where(MailboxState.account == key, MailboxState.lease_owner == owner)
        .values(lease_until=utcnow() + LEASE)
        .execution_options(synchronize_session=False)
    )


def release_mailbox(session: Session, key: str, owner: str) -> None:
    """Give a lease back."""
    session.execute(
        update(MailboxState)
        .where(MailboxState.account == key, MailboxState.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def note_uidvalidity(session: Session, key: str, uidvalidity: int) -> bool:
    """Remember a folder's UIDVALIDITY; True when it changed since the last pass."""
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
            InboundEmail.status != MailStatus.REJECTED,
        ).order_by(InboundEmail.id)
    ).first()


def given_up(row: InboundEmail) -> bool:
    """Tell whether a message failed (or crashed the poller) too often to try again."""
    return row.status not in TERMINAL and row.attempts >= MAX_ATTEMPTS


def find_message(session: Session, key: str, uidvalidity: int, uid: int) -> InboundEmail | None:
    """Return the recorded message at a UID of a folder, if any."""
    return session.scalar(
        select(InboundEmail).where(
            InboundEmail.account == key,
            InboundEmail.uidvalidity == uidvalidity,
            InboundEmail.uid == uid,
        )
    )


def record_error(
    session: Session, key: str, uidvalidity: int, uid: int, detail: str, **known_fields: object
) -> None:
    """Mark a message as failed with a note for staff (`detail`: the error, one line)."""
    row = find_message(session, key, uidvalidity, uid)
    if row is None:
        row = InboundEmail(account=key, uidvalidity=uidvalidity, uid=uid, attempts=1)
        for name, value in known_fields.items():
            setattr(row, name, value)
        session.add(row)
    row.status = MailStatus.ERROR
    row.note = MailNote.FAILED.message(detail=detail[:1000])


def problems(
    session: Session, office_id: int | None = None, limit: int = 200
) -> list[InboundEmail]:
    """Return messages staff should look at (errors and given-up ones), newest first."""
    query = select(InboundEmail).where(
        InboundEmail.status.in_((MailStatus.ERROR, MailStatus.RECEIVED))
    )
    if office_id is not None:
        query = query.where(InboundEmail.office_id == office_id)
    rows = session.scalars(query.order_by(InboundEmail.id.desc()).limit(limit)).all()
    return [row for row in rows if row.status == MailStatus.ERROR or given_up(row)]


def retry(session: Session, inbound_email_id: int) -> InboundEmail:
    """Let the poller try a failed message again on its next pass."""
    row = session.get(InboundEmail, inbound_email_id)
    if row is None:
        raise InboxError(Reason.NO_MESSAGE, id=inbound_email_id)
    if row.status in TERMINAL:
        return row
    row.attempts = 0
    row.status = MailStatus.RECEIVED
    return row
