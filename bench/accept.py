"""accept() latency into PostgreSQL + S3 (moto), and upload-to-read time with two workers.

usage: python bench/accept.py [--uploads 200] [--e2e 60]
Targets (issue 4): accept() p95 under 50 ms for a 1 MB PDF.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.infra import Services, percentile
from intake.models import Document
from intake.vocabulary import PROCESSED
from tests.seeding import hand_in

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def one_megabyte_pdf() -> bytes:
    """Return a PDF of about 1 MB: one page holding an incompressible scan."""
    noise = Image.frombytes("L", (1024, 1024), os.urandom(1024 * 1024))
    out = io.BytesIO()
    noise.save(out, format="PDF", resolution=150, quality=95)
    return out.getvalue()


def unique(data: bytes, n: int) -> bytes:
    """Return the same PDF with a trailing comment, so every upload is a new file."""
    return data + f"\n% bench {n} {time.time_ns()}\n".encode()


def bench_accept(svc: Services, count: int) -> None:
    pdf = one_megabyte_pdf()
    times = []
    for n in tqdm(range(count), desc="accept 1 MB PDFs", file=sys.stderr):
        data = unique(pdf, n)
        started = time.perf_counter()
        hand_in(svc.rt, svc.company_id, data, f"scan-{n}.pdf", "portal")
        times.append((time.perf_counter() - started) * 1000)
    print(f"accept(), {len(pdf) / 1e6:.2f} MB PDF into PostgreSQL + S3 (moto), {count} uploads:")
    print(
        f"  p50 {percentile(times, 50):.1f} ms   p95 {percentile(times, 95):.1f} ms   "
        f"max {max(times):.1f} ms   ({count / (sum(times) / 1000):.0f} uploads/s)"
    )


def bench_end_to_end(svc: Services, count: int) -> None:
    pdfs = sorted(SAMPLES.glob("*/*-pdf.pdf"))
    worker = svc.worker(processes=2, threads=1)
    time.sleep(3)  # let the two processes boot
    try:
        sent: dict[int, float] = {}
        for n in range(count):
            data = unique(pdfs[n % len(pdfs)].read_bytes(), n)
            sent[hand_in(svc.rt, svc.company_id, data, f"text-{n}.pdf", "portal").document_id] = (
                time.perf_counter()
            )
        started = min(sent.values())
        done: dict[int, float] = {}
        with tqdm(total=count, desc="read by 2 workers", file=sys.stderr) as bar:
            while len(done) < count:
                with svc.rt.db.session() as s:
                    for doc_id in s.scalars(
                        select(Document.id).where(
                            Document.id.in_(sent), Document.status.in_(PROCESSED)
                        )
                    ):
                        if doc_id not in done:
                            done[doc_id] = time.perf_counter()
                            bar.update(1)
                time.sleep(0.02)
        latency = [(done[i] - sent[i]) * 1000 for i in sent]
        total = max(done.values()) - started
        print(f"upload -> read, text PDFs, 2 worker processes, {count} documents:")
        print(
            f"  p50 {percentile(latency, 50):.0f} ms   p95 {percentile(latency, 95):.0f} ms   "
            f"throughput {count / total:.1f} documents/s"
        )
        with svc.rt.db.session() as s:
            rows = s.scalar(select(func.count(Document.id)).where(Document.id.in_(sent)))
        print(f"  documents recorded {rows}, read {len(done)}")
    finally:
        Services.kill(worker)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--e2e", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        svc = Services(Path(home))
        try:
            bench_accept(svc, args.uploads)
            svc.rt.broker.flush_all()
            bench_end_to_end(svc, args.e2e)
        finally:
            svc.close()


if __name__ == "__main__":
    main()
