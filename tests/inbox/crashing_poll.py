"""`intake mail poll --once` that dies by SIGKILL right after its N-th accepted file.

The kill lands between two attachments of one message: the hardest place to restart from.
Only this test script wraps accept(); the poller's code runs as it is.
"""

from __future__ import annotations

import os
import signal
import sys

import inbox.importer as importer

real_accept = importer.accept
limit = int(os.environ["CRASH_AFTER_ACCEPTS"])
done = 0


def accept_then_maybe_die(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Accept a file, then die like a killed process once the limit is reached."""
    global done
    result = real_accept(*args, **kwargs)
    done += 1
    if done >= limit:
        os.kill(os.getpid(), signal.SIGKILL)
    return result


importer.accept = accept_then_maybe_die

if __name__ == "__main__":
    from intake.cli import main

    sys.argv = ["intake", "mail", "poll", "--once"]
    main()
