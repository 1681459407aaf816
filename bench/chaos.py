"""1000 uploads, a worker SIGKILLed every 100 jobs: count lost and doubled documents.

usage: python bench/chaos.py [--uploads 1000] [--kill-every 100]
Runs on PostgreSQL + S3 (moto) + Redis with a short job lease; a sweeper runs every few
seconds as it does (every minute) inside `intake worker`. Target: 0 lost, 0 doubled.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.infra import Services
from intake.models import Document, DocumentEvent, Extraction
from intake.vocabulary import PROCESSED
from tests.seeding import hand_in

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FINISHED = ("extracted", "needs_review", "rejected", "failed")


def invoices(count: int) -> list[bytes]:
    """Return distinct KSeF invoices: a committed sample with a new number each."""
    xml = sorted(SAMPLES.glob("ksef/*.xml"))[0].read_text(encoding="utf-8")
    return [
        re.sub(r"<P_2>[^<]*</P_2>", f"<P_2>CHAOS/{n}</P_2>", xml).encode() for n in range(count)
    ]


def read_count(svc: Services) -> int:
    with svc.rt.db.session() as s:
        return s.scalar(select(func.count(Document.id)).where(Document.status.in_(PROCESSED))) or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=1000)
    parser.add_argument("--kill-every", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        svc = Services(Path(home), INTAKE_JOB_LEASE_S="3")
        try:
            run(svc, args.uploads, args.kill_every)
        finally:
            svc.close()


def run(svc: Services, uploads: int, kill_every: int) -> dict[str, int]:
    for n, data in enumerate(tqdm(invoices(uploads), desc="upload", file=sys.stderr)):
        hand_in(svc.rt, svc.company_id, data, f"chaos-{n}.xml", "portal")
    worker, kills, next_kill, last_sweep = svc.worker(processes=1, threads=4), 0, kill_every, 0.0
    started = time.monotonic()
    with tqdm(total=uploads, desc="read", file=sys.stderr) as bar:
        while (done := read_count(svc)) < uploads and time.monotonic() - started < 900:
            bar.update(done - bar.n)
            if done >= next_kill:
                Services.kill(worker)
                kills += 1
                next_kill += kill_every
                worker = svc.worker(processes=1, threads=4)
            if time.monotonic() - last_sweep > 5:
                svc.rt.broker.get_actor("sweep_documents").send(0)
                last_sweep = time.monotonic()
            time.sleep(0.05)
        bar.update(read_count(svc) - bar.n)
    time.sleep(2)  # late redeliveries must find nothing to do
    Services.kill(worker)
    return report(svc, uploads, kills, time.monotonic() - started)


def report(svc: Services, uploads: int, kills: int, seconds: float) -> dict[str, int]:
    with svc.rt.db.session() as s:
        docs = s.scalar(select(func.count(Document.id)))
        read = s.scalar(select(func.count(Document.id)).where(Document.status.in_(PROCESSED)))
        extractions = s.scalar(select(func.count(Extraction.id)))
        finishes = s.execute(
            select(DocumentEvent.document_id, func.count())
            .where(DocumentEvent.actor == "worker", DocumentEvent.to_status.in_(FINISHED))
            .group_by(DocumentEvent.document_id)
        ).all()
        retried = s.scalar(select(func.count(Document.id)).where(Document.attempts > 1))
    doubled = sum(1 for _, n in finishes if n > 1)
    print(
        f"uploads {uploads}, documents recorded {docs}, read {read}, extraction rows {extractions}"
    )
    print(
        f"workers killed {kills}, documents read more than once {doubled}, "
        f"lost {uploads - read}, taken over after a kill {retried}, {seconds:.0f} s"
    )
    return {
        "documents": docs,
        "read": read,
        "extractions": extractions,
        "doubled": doubled,
        "lost": uploads - read,
        "kills": kills,
    }


if __name__ == "__main__":
    main()
