"""One unit of work: what must follow a change (an event, a job, a message) runs after commit.

Domain functions take a session and queue their follow-ups on it with `after_commit`;
whoever owns the session commits, and only then do the follow-ups run, in order. A
rollback drops them. Nobody places a send after a `with` block by hand, so a job never
looks for a row that is not committed yet, and a failed transaction announces nothing.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

logger = logging.getLogger(__name__)

KEY = "intake.after_commit"


def after_commit(session: Session, action: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run an action once the session's whole transaction commits (never if it rolls back).

    An action queued inside a savepoint that rolls back is dropped with it.
    """
    level = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(KEY, []).append((level, action, args, kwargs))


def pending(session: Session) -> int:
    """Return how many follow-ups wait for the session's commit."""
    return len(session.info.get(KEY, ()))


def _run(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # SQLAlchemy says after_commit when a savepoint is released too: not yet
    # A follow-up may open sessions of its own and queue more; those run on their commits.
    while session.info.get(KEY):
        _level, action, args, kwargs = session.info[KEY].pop(0)
        try:
            action(*args, **kwargs)
        except Exception:
            name = getattr(action, "__qualname__", repr(action))
            logger.exception("follow-up %s after commit failed", name)


def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the whole unit ended without a commit: drop its work
        session.info.pop(KEY, None)


def _inside(level: SessionTransaction | None, transaction: SessionTransaction) -> bool:
    while level is not None:
        if level is transaction:
            return True
        level = level.parent
    return False


def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    # A savepoint (or the whole transaction) rolled back: what was queued inside it goes.
    queued = session.info.get(KEY)
    if queued:
        queued[:] = [q for q in queued if not _inside(q[0], previous_transaction)]


# The factories that have the listeners, known by the objects themselves. Not
# `event.contains`: SQLAlchemy answers it by id(), so a new factory at the address of a
# freed one looked installed and its sessions ran no follow-ups: no read job, no closed
# month, nothing logged (683 of 3,000 factories in a loop; tests make thousands).
_installed: weakref.WeakSet[Any] = weakref.WeakSet()


def install(factory: sessionmaker[Session] | type[Session] = Session) -> None:
    """Run follow-ups after commit on the sessions a factory makes (every Session by default)."""
    if factory in _installed:
        return
    event.listen(factory, "after_commit", _run)
    event.listen(factory, "after_transaction_end", _forget)
    event.listen(factory, "after_soft_rollback", _drop_rolled_back)
    _installed.add(factory)
