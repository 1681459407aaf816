"""The ticker sends each package's periodic jobs on time."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import update

from intake.accept import accept
from intake.models import PROCESSED, Document
from intake.schedule import Ticker, periodic_jobs
from tests.conftest import sample, wait_processed


def test_every_jobs_module_can_declare_periodic_jobs():
    assert periodic_jobs()["sweep_documents"] == 60


def test_the_ticker_runs_the_sweeper_that_picks_up_a_stuck_document(embedded, pdata):
    done = accept(embedded, pdata["c1"], sample("ksef/*.xml").read_bytes(), "k.xml", "portal")
    wait_processed(embedded)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with embedded.db.session() as s:
        s.execute(update(Document).values(status="received", updated_at=past))
    ticker = Ticker({"sweep_documents": 0.05}, resolution=0.01)
    ticker.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with embedded.db.session() as s:
                if s.get_one(Document, done.document_id).status in PROCESSED:
                    break
            time.sleep(0.05)
    finally:
        ticker.stop()
        ticker.join()
    with embedded.db.session() as s:
        assert s.get_one(Document, done.document_id).status in PROCESSED
