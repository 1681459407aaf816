"""The office's work at size: the board, the payments table and the owner's report with 300
companies, 20 staff and a year of tasks (about 30,000) in PostgreSQL; a month's chain.

usage: BENCH_REDIS_URL=redis://127.0.0.1:6379/12 python bench/tasks.py [--companies 300]
       [--staff 20] [--months 12] [--repeats 20]
Targets (issue 12): the board and the owner's statistics under 200 ms of server time; a
month's chain for 300 companies created in under 10 s.

A year of work is written through Core inserts (each company-month: collect documents,
calculate tax, JPK_V7, PIT advance, ZUS, payroll, PIT-4R, closing the books, and every
fifth company a task by hand; the tax amounts
of each month, most paid). Then each page is requested through the Flask app and timed
in the process; then the next month's chain runs through the domain functions: the
monthly start, every company's documents collected (-> calculate tax), and every tax
calculated with amounts (-> the three filing tasks, the amounts rows and the client told).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.infra import Services, percentile
from bench.review import nip
from intake import runtime
from intake.models import Company, User
from intake.month import Month
from intake.offices import add_user, create_office
from tasks.chains import start_monthly
from tasks.completion import complete_task
from tasks.deadlines import payment_due
from tasks.models import Task, TaxAmount
from tasks.templates import office_templates
from tasks.vocabulary import TaskKind, TaskState, TaxCode
from tests.seeding import PASSWORD, cheap_hashing

STEPS = [
    (TaskKind.COLLECT_DOCUMENTS, "collect_documents", 10, True),
    (TaskKind.CALCULATE_TAX, "calculate_tax", 15, True),
    (TaskKind.SEND_DECLARATION, "file_jpk_v7", 25, True),
    (TaskKind.PIT_ADVANCE, "pit_advance", 20, False),
    (TaskKind.ZUS, "zus", 20, False),
]
# The office's own monthly work beside the chain (payroll, PIT-4R, closing the books).
OWN_WORK = [("Listy płac", 5), ("PIT-4R", 20), ("Zamknięcie miesiąca", 28)]


def seed(rt: runtime.Runtime, companies: int, staff: int, months: int) -> dict[str, object]:
    """Fill one office with people, companies and a year of tasks and amounts."""
    rng = random.Random(12)
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    with rt.db.session() as s:
        office = create_office(s, "Biuro Bench Tasks")
        owner = add_user(s, office, "owner@bench.test", "Owner", "owner", PASSWORD)
        people = [owner] + [
            add_user(s, office, f"staff{n}@bench.test", f"Staff {n:02d}", "staff", PASSWORD)
            for n in range(1, staff)
        ]
        s.flush()
        s.execute(
            insert(Company),
            [
                {
                    "office_id": office.id,
                    "name": f"Firma {n:03d} sp. z o.o.",
                    "nip": nip(n),
                    "inbox_code": f"firma-{n:03d}",
                    "accountant_id": people[1 + n % (len(people) - 1)].id,
                    "created_at": now,
                }
                for n in range(companies)
            ],
        )
        company_rows = s.execute(
            select(Company.id, Company.name, Company.accountant_id).where(
                Company.office_id == office.id
            )
        ).all()
        client = add_user(
            s,
            office,
            "client@bench.test",
            "Client",
            "client",
            PASSWORD,
            company=s.get_one(Company, company_rows[0][0]),
        )
        templates = {t.name: t.id for t in office_templates(s, office.id)}
        ids = {
            "office": office.id,
            "owner": owner.id,
            "staff": people[1].id,
            "client": client.id,
            "company": company_rows[0][0],
        }
    last = Month.current() - 2  # the month the chain then starts is the one after
    for back in range(months):
        month = last - back
        tasks, amounts = [], []
        for company_id, name, accountant in company_rows:
            for kind, template, day, visible in STEPS:
                due = (month + 1).day(day)
                done = due < today - dt.timedelta(days=2) or rng.random() < 0.2
                late = rng.random() < 0.1
                done_at = dt.datetime.combine(
                    due + dt.timedelta(days=3 if late else -1), dt.time(10), dt.UTC
                )
                tasks.append(
                    {
                        "office_id": ids["office"],
                        "company_id": company_id,
                        "kind": kind,
                        "title": f"{kind.label}: {name}, {month}",
                        "month": str(month),
                        "assignee_id": accountant,
                        "status": TaskState.DONE if done else TaskState.OPEN,
                        "due_on": due,
                        "done_at": done_at if done else None,
                        "done_by_id": accountant if done else None,
                        "key": f"bench:{company_id}:{month}:{kind}",
                        "template_id": templates[template],
                        "visible_to_client": visible,
                        "created_at": now,
                        "reopen_count": 0,
                        "approval_required": False,
                    }
                )
            for title, day in OWN_WORK:
                due = (month + 1).day(day)
                done = due < today - dt.timedelta(days=2)
                tasks.append(
                    {
                        "office_id": ids["office"],
                        "company_id": company_id,
                        "kind": TaskKind.OTHER,
                        "title": f"{title}: {name}, {month}",
                        "month": str(month),
                        "assignee_id": accountant,
                        "status": TaskState.DONE if done else TaskState.OPEN,
                        "due_on": due,
                        "key": None,
                        "created_at": now,
                        "reopen_count": 0,
                        "done_at": dt.datetime.combine(due, dt.time(9), dt.UTC) if done else None,
                        "approval_required": False,
                        "visible_to_client": False,
                    }
                )
            if rng.random() < 0.2:
                tasks.append(
                    {
                        "office_id": ids["office"],
                        "company_id": company_id,
                        "kind": TaskKind.OTHER,
                        "title": f"Umowa leasingu {name}",
                        "month": None,
                        "assignee_id": accountant,
                        "status": TaskState.OPEN,
                        "due_on": (month + 1).day(28),
                        "key": None,
                        "created_at": now,
                        "reopen_count": 0,
                        "approval_required": False,
                        "visible_to_client": False,
                    }
                )
        with rt.db.session() as s:
            s.execute(insert(Task), tasks)
            calc = dict(
                s.execute(
                    select(Task.company_id, Task.id).where(
                        Task.office_id == ids["office"],
                        Task.month == month,
                        Task.kind == TaskKind.CALCULATE_TAX,
                        Task.status == TaskState.DONE,
                    )
                ).all()
            )
            for company_id, task_id in calc.items():
                for code in (TaxCode.VAT, TaxCode.PIT, TaxCode.ZUS):
                    due = payment_due(month, code)
                    paid = due < today and rng.random() < 0.9
                    amounts.append(
                        {
                            "office_id": ids["office"],
                            "company_id": company_id,
                            "task_id": task_id,
                            "month": str(month),
                            "code": code,
                            "amount": Decimal(rng.randrange(0, 900_000)) / 100,
                            "currency": "PLN",
                            "due_on": due,
                            "account": "PL61109010140000071219812874",
                            "paid_at": now if paid else None,
                            "paid_by": "client" if paid else None,
                        }
                    )
            if amounts:
                s.execute(insert(TaxAmount), amounts)
        print(f"  {month}: {len(tasks)} tasks, {len(amounts)} amounts", file=sys.stderr)
    with rt.db.session() as s:
        s.execute(text("ANALYZE"))
        ids["tasks"] = s.scalar(text("SELECT count(*) FROM task"))
        ids["amounts"] = s.scalar(text("SELECT count(*) FROM tax_amount"))
    return ids


def logged_in(app, email: str):  # type: ignore[no-untyped-def]
    """Return a test client of the app logged in as a person."""
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert response.status_code == 302, response.status_code
    return client


Timing = tuple[str, float, float]


def time_pages(rt: runtime.Runtime, ids: dict[str, object], repeats: int) -> list[Timing]:
    """Request each page `repeats` times; return (page, p50 ms, p95 ms)."""
    from portal import create_app

    app = create_app(rt, TESTING=True, RATELIMIT_STORAGE_URI="memory://")
    owner = logged_in(app, "owner@bench.test")
    staff = logged_in(app, "staff1@bench.test")
    client = logged_in(app, "client@bench.test")
    month = Month.current() - 2
    pages = [
        ("board, owner (everyone's open)", owner, "/staff/tasks/"),
        ("board, accountant (own open)", staff, "/staff/tasks/"),
        ("board, overdue", owner, "/staff/tasks/?state=overdue"),
        ("board, done, one company", owner, f"/staff/tasks/?state=done&company={ids['company']}"),
        ("board, one person, kind ZUS", owner, f"/staff/tasks/?person={ids['staff']}&kind=zus"),
        ("board, search 'leasing'", owner, "/staff/tasks/?q=leasing"),
        ("payments, all (first page of 100)", owner, "/staff/payments/"),
        ("payments, unpaid", owner, "/staff/payments/?unpaid=1"),
        ("payments, one month", owner, f"/staff/payments/?month={month}"),
        ("owner's report (statistics)", owner, f"/owner/reports/?month={month}"),
        ("owner's report as XLSX", owner, f"/owner/reports/export.xlsx?month={month}"),
        ("task templates", owner, "/owner/templates/"),
        ("client dashboard (payments, tasks)", client, "/client/"),
        ("client phone page", client, "/client/phone"),
    ]
    results = []
    for name, who, url in pages:
        assert who.get(url).status_code == 200, url  # warm
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = who.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results.append((name, percentile(times, 50), percentile(times, 95)))
    return results


def run_chain(rt: runtime.Runtime, ids: dict[str, object]) -> list[tuple[str, int, float]]:
    """Run the next month's chain for every company; return (step, tasks made, seconds)."""
    found = []
    started = time.perf_counter()
    with rt.db.session() as s:
        made = start_monthly(s)
    found.append(("monthly start: collect documents", len(made), time.perf_counter() - started))
    month = Month.current() - 1
    for kind, amounts, label in (
        (TaskKind.COLLECT_DOCUMENTS, None, "documents collected -> calculate tax"),
        (
            TaskKind.CALCULATE_TAX,
            {"VAT": "1234,56", "PIT": "300", "ZUS": "1600,32"},
            "tax calculated -> JPK_V7, PIT, ZUS",
        ),
    ):
        started = time.perf_counter()
        with rt.db.session() as s:
            before = s.scalar(text("SELECT count(*) FROM task"))
            todo = list(
                s.scalars(
                    select(Task.id).where(
                        Task.office_id == ids["office"],
                        Task.month == month,
                        Task.kind == kind,
                        Task.status == TaskState.OPEN,
                    )
                )
            )
            owner = s.get_one(User, ids["owner"])
            for task_id in todo:
                complete_task(s, rt.settings, owner, task_id, amounts)
            made_count = s.scalar(text("SELECT count(*) FROM task")) - before
        found.append((f"{label} ({len(todo)} done)", made_count, time.perf_counter() - started))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=300)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    cheap_hashing()
    with tempfile.TemporaryDirectory() as home:
        svc = Services(Path(home) / "pg")
        try:
            ids = seed(svc.rt, args.companies, args.staff, args.months)
            results = time_pages(svc.rt, ids, args.repeats)
            print(
                f"\nPostgreSQL: {args.companies} companies, {args.staff} staff, "
                f"{ids['tasks']} tasks, {ids['amounts']} amounts; server time per request"
            )
            print(f"  {'page':44} {'p50 ms':>8} {'p95 ms':>8}")
            for name, p50, p95 in results:
                flag = "" if p95 < 200 else "  over 200 ms"
                print(f"  {name:44} {p50:8.1f} {p95:8.1f}{flag}")
            chain = run_chain(svc.rt, ids)
            print(f"\nThe next month's chain for {args.companies} companies")
            total = 0.0
            for step, made, seconds in chain:
                total += seconds
                print(f"  {step:52} {made:6d} tasks {seconds:7.2f} s")
            flag = "" if total < 10 else "  over 10 s"
            print(f"  {'total':52} {'':6} {'':5} {total:7.2f} s{flag}")
        finally:
            svc.close()


if __name__ == "__main__":
    main()
