"""Server time of the review desk and the staff list with 10,000 documents of 300 companies.

usage: python bench/review.py [--documents 10000] [--companies 300] [--db postgresql|sqlite|both]
Target (issue 14): every page under 200 ms of server time at 10,000 documents.

The office is filled through Core inserts (documents, what was read from them, their
search rows, one history event each) to take seconds rather than hours; then each page is
requested through the Flask app, logged in as staff, and timed in the process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.infra import Services, percentile
from intake import runtime
from intake.config import load_settings
from intake.models import Company, Document, DocumentEvent, DocumentSearch, Extraction
from intake.month import Month
from intake.offices import add_user, create_office
from intake.search import words
from intake.texts import Note
from tests.environment import intake_env
from tests.seeding import PASSWORD, cheap_hashing

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
STATUSES = ["approved"] * 60 + ["extracted"] * 22 + ["needs_review"] * 12 + ["rejected"] * 6
SELLERS = ["Ekonet", "Agrobud", "Transcom", "Printland", "Komcom", "Gabinet Zdrowia", "Młyn"]


def nip(n: int) -> str:
    """Return a valid Polish NIP made from a number."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    base = f"{100000000 + n * 7919 % 899999999:09d}"
    while True:
        check = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
        if check < 10:
            return base + str(check)
        base = f"{(int(base) + 1) % 1000000000:09d}"


def seed(rt: runtime.Runtime, documents: int, companies: int) -> dict[str, int]:
    """Fill one office with companies and documents; return ids to look at."""
    rng = random.Random(14)
    pdf = sorted(SAMPLES.glob("pl/*-pdf.pdf"))[0].read_bytes()
    rt.storage.put("bench/sample.pdf", pdf, "application/pdf")
    with rt.db.session() as s:
        office = create_office(s, "Biuro Bench Review")
        staff = add_user(s, office, "staff@bench.test", "Staff", "staff", PASSWORD)
        s.flush()
        rows = [
            {
                "office_id": office.id,
                "name": f"Firma {n:03d} sp. z o.o.",
                "nip": nip(n),
                "inbox_code": f"firma-{n:03d}",
                "deadline_day": rng.choice([None, 5, 10, 15]),
                "created_at": dt.datetime.now(dt.UTC),
            }
            for n in range(companies)
        ]
        s.execute(insert(Company), rows)
        company_ids = list(s.scalars(select(Company.id).where(Company.office_id == office.id)))
        ids = {"office": office.id, "staff": staff.id}
    now = dt.datetime.now(dt.UTC)
    months = Month.current().recent(12)
    unsure_buyer = Note.BUYER_NOT_CLIENT.message(tax_id="2562212234", client="5260250274")
    batch = 1000
    for start in range(0, documents, batch):
        docs, reads, found, steps = [], [], [], []
        with rt.db.session() as s:
            first = (s.scalar(select(func.max(Document.id))) or 0) + 1
            for i in range(start, min(documents, start + batch)):
                doc_id = first + i - start
                month = rng.choice(months)
                number = f"FV/{i}/{month.year}"
                seller = f"{rng.choice(SELLERS)} sp. z o.o."
                gross = f"{rng.randint(100, 500000) / 100:.2f}"
                status = rng.choice(STATUSES)
                fields = {
                    "kind": "invoice",
                    "invoice_number": number,
                    "issue_date": month.day(12).isoformat(),
                    "seller_name": seller,
                    "seller_tax_id": nip(10_000 + i % 700),
                    "buyer_tax_id": None,
                    "currency": "PLN",
                    "gross_total": gross,
                }
                confidence = {k: round(rng.uniform(0.6, 1.0), 2) for k in fields}
                body = f"Faktura VAT {number} sprzedawca {seller} do zapłaty {gross} PLN " * 8
                docs.append(
                    {
                        "id": doc_id,
                        "office_id": ids["office"],
                        "company_id": rng.choice(company_ids),
                        "month": month,
                        "source": rng.choice(["portal", "email", "mobile"]),
                        "filename": f"faktura-{i}.pdf",
                        "media_type": "application/pdf",
                        "size": len(pdf),
                        "pages": 1,
                        "sha256": f"{i:064x}",
                        "storage_key": "bench/sample.pdf",
                        "status": status,
                        "created_at": now - dt.timedelta(minutes=documents - i),
                        "updated_at": now,
                    }
                )
                problems = [] if status != "needs_review" else [unsure_buyer]
                reads.append(
                    {
                        "document_id": doc_id,
                        "source": "pdf-text",
                        "fields": fields,
                        "confidence": confidence,
                        "problems": problems,
                        "corrected": [],
                        "text": body,
                        "elapsed_ms": 7,
                        "invoice_number": number.replace(" ", "").upper(),
                        "seller_tax_id": fields["seller_tax_id"],
                        "created_at": now,
                    }
                )
                found.append(
                    {
                        "document_id": doc_id,
                        "body": words(f"faktura-{i}.pdf", number, seller, gross, body),
                        "min_confidence": min(confidence.values()),
                        "problems": len(problems),
                    }
                )
                steps.append(
                    {
                        "document_id": doc_id,
                        "actor": "worker",
                        "to_status": status,
                        "at": now,
                    }
                )
            s.execute(insert(Document), docs)
            s.execute(insert(Extraction), reads)
            s.execute(insert(DocumentSearch), found)
            s.execute(insert(DocumentEvent), steps)
            if s.get_bind().dialect.name == "postgresql":
                s.execute(
                    text(
                        "UPDATE document_search SET vector = to_tsvector('simple'::regconfig, body)"
                        " WHERE vector IS NULL"
                    )
                )
        print(f"  {min(documents, start + batch)} documents", file=sys.stderr)
    with rt.db.session() as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("ANALYZE"))
        for status in ("needs_review", "extracted", "approved"):
            ids[status] = s.scalar(
                select(Document.id).where(Document.status == status).order_by(Document.id.desc())
            )
    return ids


def log_in(client) -> None:
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    response = client.post(
        "/login",
        data={"email": "staff@bench.test", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert response.status_code == 302, response.status_code


Timing = tuple[str, float, float]


def time_pages(rt: runtime.Runtime, ids: dict[str, int], repeats: int) -> list[Timing]:
    """Request each page `repeats` times; return (page, p50 ms, p95 ms)."""
    from portal import create_app

    app = create_app(rt, TESTING=True, RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    log_in(client)
    pages = {
        "staff list (newest, page 1)": "/staff/",
        "staff list, page 100": "/staff/?page=100",
        "staff list, search 'FV/4242'": "/staff/?q=FV/4242",
        "staff list, search 'ekonet 2026'": "/staff/?q=ekonet+2026",
        "staff list, to review by deadline": "/staff/?status=to_review&order=deadline",
        "staff list, unsure + checks failed": "/staff/?confidence=1&checks=1",
        "staff list JSON (live statuses)": "/staff/documents.json",
        "review queue (redirect)": "/staff/queue",
        "review page, needs review": f"/staff/documents/{ids['needs_review']}",
        "review page, read": f"/staff/documents/{ids['extracted']}",
        "review page, approved": f"/staff/documents/{ids['approved']}",
        "page image (cached render)": f"/staff/documents/{ids['extracted']}/page?n=1",
    }
    results = []
    for name, url in pages.items():
        assert client.get(url).status_code in (200, 302), url  # warm: first render, caches
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 302), (url, response.status_code)
        results.append((name, percentile(times, 50), percentile(times, 95)))
    return results


def report(label: str, documents: int, companies: int, results) -> None:
    print(f"\n{label}: {documents} documents, {companies} companies, server time per request")
    print(f"  {'page':44} {'p50 ms':>8} {'p95 ms':>8}")
    for name, p50, p95 in results:
        flag = "" if p95 < 200 else "  over 200 ms"
        print(f"  {name:44} {p50:8.1f} {p95:8.1f}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--companies", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    args = parser.parse_args()
    cheap_hashing()
    with tempfile.TemporaryDirectory() as home:
        if args.db in ("postgresql", "both"):
            svc = Services(Path(home) / "pg")
            try:
                ids = seed(svc.rt, args.documents, args.companies)
                results = time_pages(svc.rt, ids, args.repeats)
                report("PostgreSQL + S3 (moto)", args.documents, args.companies, results)
            finally:
                svc.close()
        if args.db in ("sqlite", "both"):
            rt = runtime.start(load_settings(intake_env(Path(home) / "lite")))
            rt.db.upgrade()
            try:
                ids = seed(rt, args.documents, args.companies)
                results = time_pages(rt, ids, args.repeats)
                label = "SQLite + folder (embedded default)"
                report(label, args.documents, args.companies, results)
            finally:
                rt.stop()


if __name__ == "__main__":
    main()
