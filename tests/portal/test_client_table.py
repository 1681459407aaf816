"""The client table reads each client's month in a few queries and filters it as asked."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from sqlalchemy import event, select

from conversations.threads import start_thread
from intake.models import Company, User
from intake.month import Month
from intake.offices import add_company
from portal.client_table import client_table
from tasks.models import Task
from tasks.policy import set_policy
from tests.conftest import wait_processed
from tests.notify.letters import contact, send
from tests.tasks.conftest import close_month, complete

MONTH = Month(2026, 12)


def names(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.company.name for r in rows]


def test_each_clients_month_in_one_row_filtered_and_sorted(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as s:
        set_policy(s, data["office_a"], approval_required=True)
    close_month(rt, data["c1"])
    wait_processed(rt)
    with rt.db.session() as s:
        task_id = s.scalar(select(Task.id).where(Task.company_id == data["c1"]))
    complete(rt, task_id, data["staff"], {"VAT": Decimal("10.00")})
    contact(rt, data["c2"], "Ola", phone="600100200", text="sms")
    send(rt, data["staff"], [data["c2"]], channels="sms", text="x")
    with rt.db.session() as s:
        client2 = s.get_one(User, data["client2"])
        start_thread(
            s, rt.storage, rt.settings, client2, s.get_one(Company, data["c2"]), "Pytanie", "?"
        )

    today = dt.date(2027, 1, 20)  # past both clients' deadline for 12/2026
    with rt.db.session() as s:
        staff = s.get_one(User, data["staff"])
        rows = {r.company.name: r for r in client_table(s, staff, MONTH, today=today)}
        jeden, dwa = rows["Firma Jeden"], rows["Firma Dwa"]
        assert (jeden.state, jeden.late, jeden.approval) == ("closed", False, "waiting")
        assert [str(a.code) for a in jeden.settlement.amounts] == ["VAT"]
        assert (dwa.late, dwa.approval, dwa.unread, dwa.last.channel) == (True, None, 1, "sms")
        assert names(client_table(s, staff, MONTH, filters=["approval"], today=today)) == [
            "Firma Jeden"
        ]
        assert names(client_table(s, staff, MONTH, filters=["unread", "late"], today=today)) == [
            "Firma Dwa"
        ]
        assert names(client_table(s, staff, MONTH, sort="unread", today=today))[0] == "Firma Dwa"
        assert names(client_table(s, staff, MONTH, search="jeden")) == ["Firma Jeden"]


def test_three_hundred_clients_take_the_same_few_queries(start_runtime):
    rt, data = start_runtime(worker=False)
    with rt.db.session() as s:
        office = s.get_one(Company, data["c1"]).office
        for n in range(300):
            add_company(s, office, f"Klient {n:03d}", nip(n), inbox_code=f"k-{n}")
    queries: list[str] = []
    event.listen(rt.db.engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    with rt.db.session() as s:
        staff = s.get_one(User, data["staff"])
        started = time.perf_counter()
        rows = client_table(s, staff, MONTH)
        elapsed = time.perf_counter() - started
    assert len(rows) == 302
    assert len(queries) < 15, len(queries)
    assert elapsed < 2.0  # the bench measures PostgreSQL: bench/letters.py


def nip(n: int) -> str:
    """Return a valid NIP for n."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    base = 300_000_000 + n * 13
    while True:
        digits = f"{base:09d}"
        check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return digits + str(check)
        base += 1
