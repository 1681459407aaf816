"""The module dramatiq's worker processes boot from: set up the runtime, then the actors.

`intake worker` runs `python -m dramatiq intake.worker`; each process imports this module,
which reads the settings at start (the broker must exist before any actor is imported)
and keeps a sweeper thread that re-enqueues documents a crash left behind.
"""

from __future__ import annotations

import logging
import threading

from intake import runtime
from intake.broker import send

logger = logging.getLogger(__name__)

rt = runtime.start()
SWEEP_EVERY_S = 60


def _sweep_forever() -> None:
    stop = threading.Event()
    while not stop.wait(SWEEP_EVERY_S):
        try:
            send("sweep_documents")
        except Exception:
            logger.exception("could not enqueue the sweeper")


threading.Thread(target=_sweep_forever, name="intake-sweeper", daemon=True).start()
