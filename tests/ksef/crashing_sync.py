"""`intake ksef sync` that dies by SIGKILL once it has stored its N-th invoice.

CRASH_WHEN=committed kills it right after the transaction holding that invoice commits;
CRASH_WHEN=uncommitted kills it inside that transaction, after accept() stored the file
and wrote the rows but before the commit. Only this script wraps ksef.store.store; the
sync's own code runs as it is.
"""

from __future__ import annotations

import os
import signal
import sys

import ksef.sync as sync
from intake.unit import after_commit

real_store = sync.store
limit = int(os.environ["CRASH_AFTER_STORES"])
when = os.environ.get("CRASH_WHEN", "committed")
done = 0


def die() -> None:
    """Die like a killed process."""
    os.kill(os.getpid(), signal.SIGKILL)


def store_then_maybe_die(session, storage, company, fetched, subject, max_bytes):  # type: ignore[no-untyped-def]
    """Store an invoice, then die (after its commit, or before it) at the limit."""
    global done
    row = real_store(session, storage, company, fetched, subject, max_bytes)
    done += 1
    if done >= limit:
        if when == "uncommitted":
            die()
        after_commit(session, die)
    return row


sync.store = store_then_maybe_die

if __name__ == "__main__":
    from intake.cli import main

    sys.argv = ["intake", "ksef", "sync", *sys.argv[1:]]
    main()
