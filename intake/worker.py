"""The module dramatiq's worker processes boot from: set up the runtime, then the actors.

`intake worker` runs `python -m dramatiq intake.worker`; each process imports this module,
which reads the settings at start (the broker must exist before any actor is imported)
and starts the ticker that sends the periodic jobs (document sweeper, mail polling...).
"""

from intake import runtime
from intake.schedule import start_ticker

rt = runtime.start()
ticker = start_ticker(rt.db, rt.settings.timezone)
