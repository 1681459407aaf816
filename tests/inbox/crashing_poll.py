"""`intake mail poll --once` that dies by SIGKILL at its N-th accepted file.

CRASH_WHEN=committed kills it right after the transaction holding that file's document
(and its InboundPart row) commits, before the next file is looked at: the hardest place
to restart from, in the middle of a message. CRASH_WHEN=uncommitted kills it inside that
transaction, after accept() wrote the stored file and the document row but before the
commit. Only this script wraps accept(); the poller's code runs as it is.
"""

from __future__ import annotations

import os
import signal
import sys

import inbox.importer as importer
from intake.unit import after_commit

real_accept = importer.accept
limit = int(os.environ["CRASH_AFTER_ACCEPTS"])
when = os.environ.get("CRASH_WHEN", "committed")
done = 0


def die() -> None:
    """Die like a killed process."""
    os.kill(os.getpid(), signal.SIGKILL)


def accept_then_maybe_die(session, storage, upload):  # type: ignore[no-untyped-def]
    """Accept a file, then die (after its commit, or before it) once the limit is reached."""
    global done
    result = real_accept(session, storage, upload)
    done += 1
    if done >= limit:
        if when == "uncommitted":
            die()
        after_commit(session, die)
    return result


importer.accept = accept_then_maybe_die

if __name__ == "__main__":
    from intake.cli import main

    sys.argv = ["intake", "mail", "poll", "--once"]
    main()
