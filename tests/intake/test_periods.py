"""The 'documents delivered' step: months, confirmation, closing, late documents, reopening."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from intake import events
from intake.documents import review
from intake.errors import InvalidInput
from intake.models import Company, Document, Office, Period, User
from intake.models.texts import code_of
from intake.month import Month
from intake.periods import close_if_ready, deadline_for, parse_month, set_month
from tests.conftest import sample, wait_processed
from tests.seeding import confirm, hand_in

OCT, SEP = Month(2026, 10), Month(2026, 9)


def ksef_invoice(number: str, sale: str, issue: str | None = None) -> bytes:
    """Return a real KSeF sample with its number and dates changed: a different invoice."""
    xml = sample("ksef/fa3-01.xml").read_text(encoding="utf-8")
    xml = re.sub(r"<P_2>[^<]*</P_2>", f"<P_2>{number}</P_2>", xml)
    xml = re.sub(r"<P_6>[^<]*</P_6>", f"<P_6>{sale}</P_6>", xml)
    xml = re.sub(r"<P_1>[^<]*</P_1>", f"<P_1>{issue or sale}</P_1>", xml)
    return xml.encode("utf-8")


@pytest.fixture
def published():
    """Record every period event that is published."""
    seen: list[tuple[str, dict]] = []
    for name in (events.PERIOD_CLOSED, events.PERIOD_REOPENED, events.PERIOD_CONFIRMED):
        events.subscribe(name, lambda _n=name, **kw: seen.append((_n, kw)))
    return seen


def period_of(rt, company_id: int, month: Month) -> Period:
    with rt.db.session() as s:
        return s.scalar(
            select(Period).where(Period.company_id == company_id, Period.month == month)
        )


def test_a_document_belongs_to_the_month_of_its_sale_date(rt, data):
    done = hand_in(
        rt, data["c1"], ksef_invoice("A/1", "2026-09-30", "2026-10-02"), "a.xml", "portal"
    )
    wait_processed(rt)
    with rt.db.session() as s:
        assert s.get_one(Document, done.document_id).month == SEP


def test_a_month_chosen_at_upload_wins(rt, data):
    done = hand_in(
        rt, data["c1"], ksef_invoice("A/2", "2026-09-30"), "a.xml", "portal", month="2026-10"
    )
    wait_processed(rt)
    with rt.db.session() as s:
        assert s.get_one(Document, done.document_id).month == OCT


def test_the_step_closes_once_confirmed_and_every_document_is_read(rt, data, published):
    rt.worker.stop()  # documents wait in the queue
    hand_in(rt, data["c1"], ksef_invoice("B/1", "2026-10-05"), "b1.xml", "portal")
    hand_in(rt, data["c1"], ksef_invoice("B/2", "2026-10-06"), "b2.xml", "portal")
    confirm(rt, data["c1"], "10/2026", "client1@a.test")
    period = period_of(rt, data["c1"], OCT)
    assert period.state == "confirmed" and period.closed_at is None
    rt.worker = None
    rt.start_worker()
    wait_processed(rt)
    period = period_of(rt, data["c1"], OCT)
    assert period.state == "closed" and period.confirmed_by == "client1@a.test"
    closed = [kw for name, kw in published if name == events.PERIOD_CLOSED]
    assert len(closed) == 1 and closed[0]["month"] == "2026-10"
    assert closed[0]["reopen_count"] == 0 and closed[0]["company_id"] == data["c1"]


def test_confirming_twice_closes_once(rt, data, published):
    confirm(rt, data["c1"], "2026-10", "client")
    confirm(rt, data["c1"], "2026-10", "client")
    assert [n for n, _ in published].count(events.PERIOD_CLOSED) == 1


def test_a_late_document_reopens_the_month_openly_and_counts(rt, data, published):
    hand_in(rt, data["c1"], ksef_invoice("C/1", "2026-10-05"), "c1.xml", "portal")
    wait_processed(rt)
    confirm(rt, data["c1"], "2026-10", "client")
    assert period_of(rt, data["c1"], OCT).state == "closed"

    late = hand_in(rt, data["c1"], ksef_invoice("C/2", "2026-10-20"), "c2.xml", "email")
    wait_processed(rt)
    with rt.db.session() as s:
        doc = s.get_one(Document, late.document_id)
        assert doc.status == "needs_review" and doc.late
        assert "month_reopened" in [code_of(p) for p in doc.extraction.problems]
    period = period_of(rt, data["c1"], OCT)
    assert period.state == "confirmed" and period.reopen_count == 1
    reopened = [kw for n, kw in published if n == events.PERIOD_REOPENED]
    assert reopened == [
        {
            "period_id": period.id,
            "company_id": data["c1"],
            "month": "2026-10",
            "document_id": late.document_id,
        }
    ]

    # Staff review the late document; the month closes again, as a recalculation.
    with rt.db.session() as s:
        review(s, s.get_one(Document, late.document_id), s.get_one(User, data["staff"]), True)
    assert period_of(rt, data["c1"], OCT).state == "closed"
    closes = [kw for n, kw in published if n == events.PERIOD_CLOSED]
    assert [c["reopen_count"] for c in closes] == [0, 1]


def test_staff_move_a_document_to_another_month(rt, data):
    done = hand_in(rt, data["c1"], ksef_invoice("D/1", "2026-10-05"), "d.xml", "portal")
    wait_processed(rt)
    confirm(rt, data["c1"], "2026-09", "client")
    with rt.db.session() as s:
        staff = s.get_one(User, data["staff"])
        set_month(s, s.get_one(Document, done.document_id), "2026-09", staff)
    with rt.db.session() as s:
        doc = s.get_one(Document, done.document_id)
        assert doc.month == SEP and doc.month_chosen and doc.late
        assert doc.status == "needs_review"
        moved = [e.note for e in doc.events if code_of(e.note) == "moved"]
        assert [(m.params["old"], m.params["new"]) for m in moved] == [(OCT, SEP)]


def test_the_same_seller_and_number_in_another_file_is_a_probable_duplicate(rt, data):
    first = hand_in(rt, data["c1"], ksef_invoice("E/1", "2026-10-05"), "e.xml", "portal")
    # The same invoice re-exported: same number and seller, other bytes.
    other = ksef_invoice("E/1", "2026-10-05").replace(b"<P_2>", b"\n<P_2>")
    second = hand_in(rt, data["c1"], other, "e-copy.xml", "email")
    assert second.duplicate_of is None
    wait_processed(rt)
    with rt.db.session() as s:
        doc = s.get_one(Document, second.document_id)
        assert doc.probable_duplicate_of_id == first.document_id
        assert doc.status == "needs_review"


def test_deadlines_default_to_the_tenth_and_can_be_set_per_office_and_company(rt, data):
    with rt.db.session() as s:
        company = s.get_one(Company, data["c1"])
        assert deadline_for(company, OCT) == dt.date(2026, 11, 10)
        assert deadline_for(company, Month(2026, 12)) == dt.date(2027, 1, 10)
        s.execute(update(Office).values(deadline_day=15))
        s.expire_all()
        assert deadline_for(s.get_one(Company, data["c1"]), OCT) == dt.date(2026, 11, 15)
        company = s.get_one(Company, data["c1"])
        company.deadline_day = 5
        assert deadline_for(company, OCT) == dt.date(2026, 11, 5)


@pytest.mark.parametrize("text", ["2026-10", "10/2026", "10.2026"])
def test_months_are_read_in_common_forms(text):
    assert parse_month(text) == OCT


def test_a_wrong_month_is_refused():
    with pytest.raises(InvalidInput):
        parse_month("13/2026")


def test_a_month_closed_by_many_workers_at_once_is_announced_once(rt, data, published):
    import threading

    with rt.db.session() as s:
        from intake.periods import get_period

        period = get_period(s, s.get_one(Company, data["c1"]), OCT)
        period.confirmed_at = dt.datetime.now(dt.UTC)
        period.state = "confirmed"
    results, errors = [], []
    start = threading.Barrier(8)

    def close() -> None:
        start.wait()
        try:
            results.append(close_if_ready(rt.db, data["c1"], OCT))
        except Exception as e:  # recorded, so the assertion below names it
            errors.append(e)

    threads = [threading.Thread(target=close) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1, (results, errors)
    assert errors == []
    assert [n for n, _ in published].count(events.PERIOD_CLOSED) == 1
    assert period_of(rt, data["c1"], OCT).state == "closed"


@pytest.mark.parametrize("month", ["2027-01", "2031-05", "1999-01"])
def test_a_month_not_begun_or_long_past_cannot_be_confirmed(rt, data, month):
    with pytest.raises(InvalidInput) as excinfo, rt.db.session() as s:
        from intake.periods import confirm_delivered

        confirm_delivered(s, data["c1"], month, "client", today=dt.date(2026, 12, 1))
    assert excinfo.value.code == "month_not_open"
    assert period_of(rt, data["c1"], Month.parse(month)) is None


def test_a_month_held_by_an_unread_document_closes_when_it_is_read(rt, data, published):
    """A document without a month yet holds every confirmed month; reading it frees them."""
    rt.worker.stop()
    hand_in(rt, data["c1"], ksef_invoice("H/1", "2026-08-05"), "h.xml", "portal")
    confirm(rt, data["c1"], "2026-10", "client")
    assert period_of(rt, data["c1"], OCT).state == "confirmed"
    rt.worker = None
    rt.start_worker()
    wait_processed(rt)
    assert period_of(rt, data["c1"], OCT).state == "closed"


@pytest.mark.parametrize("month", ["2026-10", "2026-01", "2025-12"])
def test_a_client_may_confirm_only_the_current_or_the_previous_month(rt, data, month):
    """Issue 16: a client could confirm 1999-01 or 2031-05, closing it and creating tasks."""
    from intake.periods import confirm_delivered

    today = dt.date(2026, 12, 1)
    with rt.db.session() as s:
        for ok in (Month(2026, 12), Month(2026, 11)):
            assert confirm_delivered(s, data["c1"], ok, "c", today=today).month == ok
    with pytest.raises(InvalidInput) as excinfo, rt.db.session() as s:
        confirm_delivered(s, data["c1"], month, "client", today=today)
    assert excinfo.value.code == "month_not_open"


def test_an_office_may_let_its_clients_confirm_further_back(rt, data):
    from intake.periods import confirm_delivered

    with rt.db.session() as s:
        s.get_one(Company, data["c1"]).office.confirm_months_back = 3
    with rt.db.session() as s:
        period = confirm_delivered(s, data["c1"], "2026-09", "c", today=dt.date(2026, 12, 1))
        assert period.month == SEP
