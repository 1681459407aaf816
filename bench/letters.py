"""Amounts-due messages to many clients: queued, delivered by two workers, nothing doubled.

usage: python bench/letters.py [--clients 1000] [--contacts 2] [--processes 2] [--table 300]
Runs on PostgreSQL + S3 (moto) + Redis, delivering to an aiosmtpd server on loopback.
1. The office writes 'amounts due' to every client at once: the letters are recorded and
   their jobs queued (target: under 5 s), two worker processes write and deliver each
   contact's e-mail (target: all at the SMTP server within 60 s).
2. The same again while a worker is SIGKILLed half way: every message arrives, and none
   twice (counted at the SMTP server by Message-ID, the message's idempotency key).
3. The client table of an office of 300 clients (documents, amounts, messages,
   conversations): server time per page (target: under 200 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from email import message_from_bytes
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.infra import Services
from conversations.models import Thread, ThreadMessage
from conversations.vocabulary import Side, Via
from intake.models import Contact, Document, Period, User, utcnow
from intake.month import Month
from intake.offices import add_company, add_contact, add_user, create_office
from intake.vocabulary import DocumentStatus, PeriodState, Role, Source
from notify.letters import Draft, send_letters
from notify.models import Letter, Notification
from notify.vocabulary import Channel, NotificationState, Topic
from tasks.models import Task, TaxAmount
from tasks.vocabulary import TaskKind, TaskState, TaxCode
from tests.notify.sinks import SmtpSink
from tests.seeding import cheap_hashing

MONTH = Month.current() - 1
WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def nip(n: int) -> str:
    """Return the n-th valid Polish NIP (a checksum that is not 10)."""
    base = 100_000_000 + n * 7
    while True:
        digits = f"{base:09d}"
        check = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
        if check != 10:
            return digits + str(check)
        base += 1


def seed_clients(
    svc: Services, office_name: str, clients: int, contacts: int
) -> tuple[int, list[int]]:
    """Make an office with a staff member and clients, each with contacts and a settled month."""
    with svc.rt.db.session() as s:
        office = create_office(s, office_name)
        staff = add_user(
            s, office, f"staff@{office.id}.bench", "Anna Księgowa", Role.STAFF, "bench-haslo"
        )
        staff.phone = "+48 22 100 20 30"
        ids = []
        for n in range(clients):
            company = add_company(
                s,
                office,
                f"Klient {n:04d} sp. z o.o.",
                nip(office.id * 10_000 + n),
                accountant=staff,
            )
            for c in range(contacts):
                add_contact(s, company, f"Osoba {c}", f"k{n}-{c}@{office.id}.bench", None)
            task = Task(
                office_id=office.id,
                company_id=company.id,
                kind=TaskKind.CALCULATE_TAX,
                title="bench",
                month=MONTH,
                status=TaskState.DONE,
                done_at=utcnow(),
                approval_required=False,
            )
            task.amounts = [
                TaxAmount(
                    office_id=office.id,
                    company_id=company.id,
                    month=MONTH,
                    code=TaxCode.VAT,
                    amount=Decimal("1234.56"),
                    due_on=(MONTH + 1).day(25),
                ),
                TaxAmount(
                    office_id=office.id,
                    company_id=company.id,
                    month=MONTH,
                    code=TaxCode.PIT,
                    amount=Decimal("321.00"),
                    due_on=(MONTH + 1).day(20),
                ),
            ]
            s.add(task)
            ids.append(company.id)
        return staff.id, ids


def send_amounts(svc: Services, staff_id: int, ids: list[int]) -> tuple[str, float]:
    """Write 'amounts due' to every client; return the batch and the seconds to queue it."""
    started = time.perf_counter()
    with svc.rt.db.session() as s:
        letters = send_letters(
            s,
            svc.rt.storage,
            svc.rt.settings,
            s.get_one(User, staff_id),
            ids,
            Draft(Topic.AMOUNTS, (Channel.EMAIL,)),
        )
        batch = letters[0].batch or ""
    return batch, time.perf_counter() - started


def progress(svc: Services, batch: str) -> tuple[int, int, int]:
    """Return (letters written, messages sent, messages failed) of a batch."""
    with svc.rt.db.session() as s:
        written = s.scalar(
            select(func.count(Letter.id)).where(
                Letter.batch == batch, Letter.composed_at.is_not(None)
            )
        )
        rows = dict(
            s.execute(
                select(Notification.status, func.count(Notification.id))
                .join(Letter, Letter.id == Notification.letter_id)
                .where(Letter.batch == batch)
                .group_by(Notification.status)
            ).all()
        )
    return written or 0, rows.get(NotificationState.SENT, 0), rows.get(NotificationState.FAILED, 0)


def deliver(
    svc: Services,
    sink: SmtpSink,
    batch: str,
    expected: int,
    clients: int,
    processes: int,
    kill_at: float | None,
) -> dict[str, float]:
    """Run workers until every message of a batch is sent; kill one half way if asked."""
    before = len(sink.envelopes)
    started = time.monotonic()
    worker = svc.worker(processes=processes, threads=4)
    written_at = killed = None
    last_sweep = 0.0
    try:
        while time.monotonic() - started < 900:
            written, sent, failed = progress(svc, batch)
            if written_at is None and written >= clients:
                written_at = time.monotonic() - started
            if kill_at is not None and killed is None and sent >= expected * kill_at:
                Services.kill(worker)
                killed = time.monotonic() - started
                worker = svc.worker(processes=processes, threads=4)
            if killed is not None and time.monotonic() - last_sweep > 3:
                svc.rt.broker.get_actor("sweep_notifications").send(5)
                last_sweep = time.monotonic()
            if sent + failed >= expected:
                break
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        time.sleep(1)
    finally:
        Services.kill(worker)
    ids = Counter(message_from_bytes(e.content)["Message-ID"] for e in sink.envelopes[before:])
    return {
        "written_s": written_at or -1,
        "delivered_s": elapsed,
        "sent": progress(svc, batch)[1],
        "failed": progress(svc, batch)[2],
        "envelopes": len(sink.envelopes) - before,
        "distinct": len(ids),
        "twice": sum(1 for n in ids.values() if n > 1),
        "killed_at_s": killed or -1,
    }


def seed_table(svc: Services, clients: int) -> int:
    """Make an office of clients with a month's documents, amounts, messages and conversations."""
    staff_id, ids = seed_clients(svc, "Table Office", clients, 2)
    with svc.rt.db.session() as s:
        office_id = s.get_one(User, staff_id).office_id
        first_contact = dict(
            s.execute(
                select(Contact.company_id, func.min(Contact.id))
                .where(Contact.company_id.in_(ids))
                .group_by(Contact.company_id)
            ).all()
        )
        for n, company_id in enumerate(ids):
            for d in range(3):
                s.add(
                    Document(
                        office_id=office_id,
                        company_id=company_id,
                        month=MONTH,
                        source=Source.PORTAL,
                        filename=f"fv-{d}.pdf",
                        media_type="application/pdf",
                        size=1,
                        sha256=f"{company_id:032d}{d:032d}",
                        storage_key="x",
                        status=(DocumentStatus.APPROVED, DocumentStatus.NEEDS_REVIEW)[d % 2],
                    )
                )
            if n % 2:
                s.add(
                    Period(
                        office_id=office_id,
                        company_id=company_id,
                        month=MONTH,
                        state=PeriodState.CLOSED,
                        confirmed_at=utcnow(),
                        closed_at=utcnow(),
                    )
                )
            s.add(
                Notification(
                    office_id=office_id,
                    company_id=company_id,
                    channel=Channel.EMAIL,
                    recipient=f"k{n}@x.bench",
                    body="x",
                    kind="amounts",
                    status=NotificationState.SENT,
                    contact_id=first_contact[company_id],
                    data={},
                )
            )
            thread = Thread(
                office_id=office_id,
                company_id=company_id,
                subject="Pytanie",
                started_by=Side.CLIENT,
            )
            thread.messages = [
                ThreadMessage(side=Side.CLIENT, via=Via.PORTAL, author_name="Klient", body="?")
            ]
            s.add(thread)
    return staff_id


def time_table(svc: Services, staff_id: int, runs: int = 15) -> dict[str, float]:
    """Time the client table: the query alone, and the whole page through the app."""
    from portal import create_app
    from portal.client_table import client_table

    times = []
    with svc.rt.db.session() as s:
        user = s.get_one(User, staff_id)
        for _ in range(runs):
            started = time.perf_counter()
            rows = client_table(s, user, MONTH)
            times.append(time.perf_counter() - started)
    app = create_app(
        svc.rt, TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_STORAGE_URI="memory://"
    )
    web = app.test_client()
    with svc.rt.db.session() as s:
        email = s.get_one(User, staff_id).email
        user = s.get_one(User, staff_id)
        from intake.security import hash_secret

        user.password_hash = hash_secret("bench-haslo")
    web.post("/login", data={"email": email, "password": "bench-haslo"})
    pages = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = web.get(f"/staff/clients/?month={MONTH}")
        pages.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.status_code
    return {
        "rows": len(rows),
        "query_ms": statistics.median(times) * 1000,
        "page_ms": statistics.median(pages) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--contacts", type=int, default=2)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--table", type=int, default=300)
    args = parser.parse_args()
    cheap_hashing()
    sink = SmtpSink()
    sink.controller.start()
    with tempfile.TemporaryDirectory() as home:
        svc = Services(Path(home), INTAKE_SMTP_URL=sink.url, INTAKE_SEND_LEASE_S="10")
        try:
            run(svc, sink, args)
        finally:
            svc.close()
            sink.controller.stop()


def run(svc: Services, sink: SmtpSink, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    staff_id, ids = seed_clients(svc, "Bench Letters", args.clients, args.contacts)
    seconds = time.perf_counter() - started
    print(f"seeded {args.clients} clients × {args.contacts} contacts in {seconds:.1f} s")
    expected = args.clients * args.contacts
    for label, kill_at in (("calm", None), ("a worker killed half way", 0.5)):
        batch, queued = send_amounts(svc, staff_id, ids)
        result = deliver(svc, sink, batch, expected, args.clients, args.processes, kill_at)
        print(
            f"[{label}] {args.clients} letters recorded and queued in {queued:.2f} s; "
            f"written by the workers after {result['written_s']:.1f} s; "
            f"{result['sent']}/{expected} sent ({result['failed']} failed) "
            f"and at the SMTP server after {result['delivered_s']:.1f} s "
            f"with {args.processes} processes"
        )
        print(
            f"[{label}] SMTP envelopes {result['envelopes']}, "
            f"distinct Message-IDs {result['distinct']}, "
            f"messages that arrived twice {result['twice']}"
            + (f", killed at {result['killed_at_s']:.1f} s" if kill_at else "")
        )
    if args.table:
        table_staff = seed_table(svc, args.table)
        timing = time_table(svc, table_staff)
        print(
            f"client table of {timing['rows']} clients: query {timing['query_ms']:.0f} ms, "
            f"whole page {timing['page_ms']:.0f} ms (median of 15)"
        )


if __name__ == "__main__":
    main()
