"""Messages are written in each recipient's language, sent once per occasion, dated in the
office's time zone. Texts are compared with the catalogue's, never with English sentences."""

from __future__ import annotations

import datetime as dt
import email
import re

import pytest
from sqlalchemy import select

from intake import events
from intake.formats import format_moment
from intake.i18n import gettext
from intake.models import Company, Contact, Office, Period, User, utcnow
from intake.month import Month
from intake.offices import add_contact
from notify.compose import render
from notify.errors import NotifyError
from notify.messages import recipient_locale, staff_for
from notify.models import Notification
from notify.vocabulary import MessageKind, kind_label
from tests.conftest import wait_processed

MONTH = Month(2026, 12)
HEBREW = re.compile(r"[\u05d0-\u05ea]")
RECEIVED_ALL = "We have received all documents for %(month)s"


def close_month(rt, company_id: int, reopen_count: int = 0) -> int:
    """Write a closed period as intake does and announce it; return the period's id."""
    with rt.db.session() as session:
        period = session.scalar(
            select(Period).where(Period.company_id == company_id, Period.month == MONTH)
        )
        if period is None:
            company = session.get_one(Company, company_id)
            period = Period(office_id=company.office_id, company_id=company_id, month=MONTH)
            session.add(period)
        period.state, period.closed_at, period.reopen_count = "closed", utcnow(), reopen_count
        session.flush()
        period_id = period.id
    events.publish(
        events.PERIOD_CLOSED,
        period_id=period_id,
        company_id=company_id,
        month=str(MONTH),
        late=False,
        reopen_count=reopen_count,
    )
    wait_processed(rt)
    return period_id


def told(rt, kind: str) -> dict[str, Notification]:
    with rt.db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.kind == kind))
        return {row.recipient: row for row in rows}


def add_contacts(rt, company_id: int, *people: tuple[str, str | None]) -> None:
    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        for address, locale in people:
            add_contact(session, company, address.split("@")[0], address, None, locale)


def test_the_catalogue_has_the_messages_in_polish_and_hebrew():
    for locale in ("pl", "he"):
        assert gettext(locale, "Hello,") != "Hello,"
        english = gettext("en", RECEIVED_ALL, month=MONTH)
        assert gettext(locale, RECEIVED_ALL, month=MONTH) != english


def test_each_contact_is_told_of_a_closed_month_in_their_own_language(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        session.get_one(User, data["client1"]).locale = "en"
    add_contacts(
        rt,
        data["c1"],
        ("pl@firma.test", "pl"),
        ("he@firma.test", "he"),
        ("office@firma.test", None),  # no language, no login: the office's (Polish)
        ("client1@a.test", None),  # no language: their login's (English)
    )
    close_month(rt, data["c1"])

    rows = told(rt, MessageKind.PERIOD_CLOSED)
    expected = {"pl@firma.test": "pl", "he@firma.test": "he", "office@firma.test": "pl"}
    for address, locale in (expected | {"client1@a.test": "en"}).items():
        row = rows[address]
        assert row.subject == gettext(locale, RECEIVED_ALL, month=MONTH), address
        assert row.body.startswith(gettext(locale, "Hello,")), address
        assert row.data["locale"] == locale
    assert HEBREW.search(rows["he@firma.test"].body)
    assert not HEBREW.search(rows["pl@firma.test"].body)
    assert "Firma Jeden" in rows["he@firma.test"].body

    mails = [email.message_from_bytes(p.read_bytes()) for p in rt.settings.outbox_dir.glob("*.eml")]
    hebrew = next(m for m in mails if m["To"] == "he@firma.test")
    assert hebrew["Content-Language"] == "he"
    assert HEBREW.search(hebrew.get_payload(decode=True).decode())


def test_a_closed_month_is_told_once_per_close(start_runtime):
    rt, data = start_runtime()
    add_contacts(rt, data["c1"], ("jan@firma.test", None))
    period_id = close_month(rt, data["c1"])
    close_month(rt, data["c1"])  # the same close announced again
    assert len(told(rt, MessageKind.PERIOD_CLOSED)) == 1
    close_month(rt, data["c1"], reopen_count=1)  # closed again after a late document

    with rt.db.session() as session:
        rows = session.scalars(
            select(Notification).where(Notification.kind == MessageKind.PERIOD_CLOSED)
        ).all()
    assert len(rows) == 2
    assert {row.about for row in rows} == {f"period:{period_id}"}
    assert {row.status for row in rows} == {"sent"}


def test_a_blocked_sender_is_reported_to_the_accountant_in_the_office_time_zone(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        session.get_one(Office, data["office_a"]).timezone = "Asia/Jerusalem"
        session.get_one(User, data["staff"]).locale = "he"
    until = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    for _ in range(2):
        events.publish(
            events.SENDER_BLOCKED, company_id=data["c1"], sender="spam@x.test", until=until
        )
    wait_processed(rt)

    [row] = told(rt, MessageKind.SENDER_BLOCKED).values()
    assert row.recipient == "staff@a.test"
    assert "spam@x.test" in row.body and HEBREW.search(row.body)
    assert format_moment(until, "he", "Asia/Jerusalem") in row.body  # 14:00 there
    assert "14:00" in row.body and "UTC" not in row.body


def test_people_read_their_own_language_then_their_login_then_the_office(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        office = session.get_one(Office, data["office_a"])
        company = session.get_one(Company, data["c1"])
        client = session.get_one(User, data["client1"])
        staff = session.get_one(User, data["staff"])
        own = add_contact(session, company, "Own", client.email, None, "he")
        by_login = add_contact(session, company, "Login", client.email.upper(), None)
        stranger = add_contact(session, company, "Stranger", "x@firma.test", None)
        client.locale = "en"
        office.locale = "he"
        assert [recipient_locale(session, c) for c in (own, by_login, stranger)] == [
            "he",
            "en",
            "he",
        ]
        assert recipient_locale(session, staff) == "he"
        staff.locale = "pl"
        assert recipient_locale(session, staff) == "pl"
        assert staff_for(session, company) == [staff]
        staff.active = False
        assert [p.email for p in staff_for(session, company)] == ["owner@a.test"]
        assert isinstance(own, Contact)


def test_a_missing_template_or_value_is_a_coded_error():
    with pytest.raises(NotifyError) as e:
        render("notify", "no_such_message", "pl")
    assert e.value.code == "no_template"
    with pytest.raises(NotifyError) as e:
        render("notify", MessageKind.PERIOD_CLOSED, "pl", month=MONTH)
    assert e.value.code == "template_failed"


def test_kinds_are_labelled_for_pages_and_unknown_ones_shown_as_they_are():
    assert kind_label(MessageKind.REPLY) == MessageKind.REPLY.label
    assert gettext("pl", kind_label("reply")) != kind_label("reply")
    assert kind_label("tax_due_reminder") == "tax_due_reminder"
