"""Periodic jobs run on cron-like schedules, once per slot however many processes tick."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from intake.errors import ConfigError
from intake.models import Document, ScheduleSlot
from intake.schedule import Periodic, Ticker, claim_slot, periodic_jobs
from intake.vocabulary import PROCESSED
from tests.conftest import sample, wait_processed
from tests.seeding import hand_in

WARSAW = ZoneInfo("Europe/Warsaw")


def test_every_package_declares_its_periodic_jobs_as_cron_expressions():
    jobs = {job.actor: job.cron for job in periodic_jobs()}
    assert jobs["sweep_documents"] == "* * * * *"
    assert {"poll_mailboxes", "sweep_notifications", "advance_chains"} <= set(jobs)


def test_a_slot_at_nine_is_nine_in_the_offices_time_zone():
    nine = Periodic("remind", "0 9 * * *")
    after = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)  # 11:00 in Warsaw
    assert nine.next_after(after, WARSAW) == dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 1, 5, 0, tzinfo=dt.UTC)  # 07:00 in Warsaw (CEST)
    assert nine.next_after(summer, WARSAW) == dt.datetime(2026, 7, 1, 7, 0, tzinfo=dt.UTC)


def test_a_wrong_cron_expression_stops_the_start(monkeypatch):
    import intake.jobs

    monkeypatch.setattr(intake.jobs, "PERIODIC", {"sweep_documents": "every minute"})
    with pytest.raises(ConfigError) as excinfo:
        periodic_jobs()
    assert "every minute" in str(excinfo.value)


def test_each_slot_is_claimed_once_by_many_processes_at_once(rt):
    slot = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    wins: list[bool] = []
    start = threading.Barrier(6)

    def claim(n: int) -> None:
        start.wait()
        wins.append(claim_slot(rt.db, "remind", slot, f"proc-{n}"))

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1
    assert claim_slot(rt.db, "remind", slot, "late") is False
    assert claim_slot(rt.db, "remind", slot + dt.timedelta(minutes=1), "next") is True
    with rt.db.session() as s:
        row = s.scalar(select(ScheduleSlot).where(ScheduleSlot.job == "remind"))
        assert row.claimed_by == "next" and row.slot == slot + dt.timedelta(minutes=1)


def test_two_tickers_send_a_due_job_once(embedded, pdata):
    """Two processes' tickers reach the same slot: one sweeps, the other does nothing."""
    done = hand_in(embedded, pdata["c1"], sample("ksef/*.xml").read_bytes(), "k.xml", "portal")
    wait_processed(embedded)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with embedded.db.session() as s:
        s.execute(update(Document).values(status="received", updated_at=past))
    jobs = [Periodic("sweep_documents", "* * * * *")]
    first, second = Ticker(embedded.db, jobs, WARSAW), Ticker(embedded.db, jobs, WARSAW)
    later = first.due["sweep_documents"] + dt.timedelta(seconds=1)
    assert first.tick(later) == ["sweep_documents"]
    assert second.tick(later) == []
    wait_processed(embedded)
    with embedded.db.session() as s:
        assert s.get_one(Document, done.document_id).status in PROCESSED
