"""A closed month becomes one tax task; doing it tells the client what to pay."""

from __future__ import annotations

import datetime as dt
import email
from decimal import Decimal

import pytest
from sqlalchemy import select

from intake.models import Company, User
from intake.models.work import Notification, Task
from intake.offices import add_contact
from notify.outbox import read_sms
from tasks.board import settlements_for
from tasks.completion import complete_task
from tasks.errors import InvalidAmounts, TaskNotFound, TaskStateError
from tests.conftest import wait_processed
from tests.tasks.conftest import MONTH, add_contacts, close_month


def all_tasks(rt, **where):
    with rt.db.session() as session:
        query = select(Task).filter_by(**where).order_by(Task.id)
        return list(session.scalars(query))


def notifications(rt, kind):
    with rt.db.session() as session:
        query = select(Notification).where(Notification.kind == kind).order_by(Notification.id)
        return list(session.scalars(query))


def outbox_mail(rt):
    found = sorted(rt.settings.outbox_dir.glob("*.eml"))
    return [email.message_from_bytes(path.read_bytes()) for path in found]


def body(message):
    return message.get_payload(decode=True).decode()


def test_a_closed_month_gets_one_tax_task_for_the_accountant(rt, data):
    add_contacts(rt, data["c1"])
    period_id = close_month(rt, data["c1"])
    close_month(rt, data["c1"])  # the same event again changes nothing
    wait_processed(rt)

    [task] = all_tasks(rt)
    assert (task.kind, task.period_id, task.status) == ("calculate_tax", period_id, "open")
    assert task.assignee_id == data["staff"]
    assert task.company_id == data["c1"]
    assert task.due_on == dt.date(2027, 1, 15)
    assert task.title == "Oblicz podatki: Firma Jeden, 12/2026"
    [told] = notifications(rt, "task_created")
    assert (told.recipient, told.status) == ("staff@a.test", "sent")
    closed = notifications(rt, "period_closed")
    assert sorted(n.recipient for n in closed) == ["ewa@firma.test", "jan@firma.test"]
    assert closed[0].subject == "Otrzymaliśmy komplet dokumentów za 12/2026"
    assert {n.status for n in closed} == {"sent"}


def test_a_company_without_an_accountant_gets_an_unassigned_task_the_owner_hears_of(
    start_runtime,
):
    rt, data = start_runtime()
    with rt.db.session() as session:
        session.get_one(Company, data["c2"]).accountant_id = None
    close_month(rt, data["c2"])
    wait_processed(rt)

    [task] = all_tasks(rt)
    assert task.assignee_id is None
    [told] = notifications(rt, "task_created")
    assert told.recipient == "owner@a.test"
    assert "(nieprzypisane)" in told.body


def test_a_month_closed_again_after_the_tax_was_done_gets_a_recalculation(start_runtime):
    rt, data = start_runtime()
    period_id = close_month(rt, data["c1"])
    [first] = all_tasks(rt)
    close_month(rt, data["c1"], reopen_count=1)  # late document while the task is open
    assert len(all_tasks(rt, kind="calculate_tax")) == 1
    assert all_tasks(rt, kind="recalculate_tax") == []

    complete_task(rt, first.id, data["staff"], {"VAT": Decimal("100.00")})
    close_month(rt, data["c1"], reopen_count=2)
    close_month(rt, data["c1"], reopen_count=2)
    [again] = all_tasks(rt, kind="recalculate_tax")
    assert (again.period_id, again.assignee_id, again.status) == (period_id, data["staff"], "open")
    assert again.title.startswith("Przelicz podatki")


def test_done_with_amounts_tells_every_contact_by_sms_and_email_signed_by_the_accountant(rt, data):
    add_contacts(rt, data["c1"])
    close_month(rt, data["c1"])
    [task] = all_tasks(rt)
    amounts = {"VAT": Decimal("1234.50"), "PIT": Decimal("310.00"), "ZUS": Decimal("1600.32")}
    done = complete_task(rt, task.id, data["staff"], amounts)
    wait_processed(rt)

    assert done.status == "done"
    assert done.data["amounts"] == {"VAT": "1234.50", "PIT": "310.00", "ZUS": "1600.32"}
    assert done.data["due_dates"] == {
        "VAT": "2027-01-25",
        "PIT": "2027-01-20",
        "ZUS": "2027-01-20",
    }
    mails = [m for m in outbox_mail(rt) if m["To"] in ("jan@firma.test", "ewa@firma.test")]
    tax_mails = [m for m in mails if "Podatki" in str(m["Subject"])]
    assert sorted(m["To"] for m in tax_mails) == ["ewa@firma.test", "jan@firma.test"]
    text = body(tax_mails[0])
    assert "VAT: 1 234,50 zł (termin 25.01.2027)" in text
    assert "PIT (zaliczka): 310,00 zł (termin 20.01.2027)" in text
    assert "ZUS: 1 600,32 zł" in text
    assert "Pozdrawiam,\nStaff A\nBiuro A" in text
    assert tax_mails[0]["Reply-To"] == "staff@a.test"
    [sms] = read_sms(rt.settings.outbox_dir)
    assert sms["to"] == "+48 600 100 200"
    assert "VAT 1 234,50 zł do 25.01" in sms["message"]
    assert sms["message"].endswith("Staff A, Biuro A")
    assert {n.status for n in notifications(rt, "tax_due")} == {"sent"}
    with rt.db.session() as session:
        [settled] = settlements_for(session, data["c1"])
    assert (settled.month, settled.amounts["VAT"]) == (MONTH, Decimal("1234.50"))
    assert settled.due_dates["ZUS"] == dt.date(2027, 1, 20)


def test_amounts_reach_a_real_smtp_server_and_the_sms_gateway(start_runtime, smtp_sink, sms_api):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, INTAKE_SMS_URL=sms_api.url())
    add_contacts(rt, data["c1"])
    close_month(rt, data["c1"])
    [task] = all_tasks(rt)
    complete_task(rt, task.id, data["staff"], {"VAT": "0.00"}, {"VAT": "2027-01-26"})
    wait_processed(rt)

    tax = [m for m in smtp_sink.messages() if m["To"] == "jan@firma.test"]
    assert any("VAT: 0,00 zł (termin 26.01.2027)" in body(m) for m in tax)
    [request] = sms_api.requests
    assert request["to"] == "48600100200"
    assert "Staff A" in request["message"]


def test_a_task_is_done_once_by_its_own_office_with_amounts_as_money(start_runtime):
    rt, data = start_runtime()
    close_month(rt, data["c1"])
    [task] = all_tasks(rt)
    with pytest.raises(InvalidAmounts):
        complete_task(rt, task.id, data["staff"], {"VAT": 12.5})  # type: ignore[dict-item]
    with pytest.raises(InvalidAmounts):
        complete_task(rt, task.id, data["staff"], {})
    with pytest.raises(InvalidAmounts):
        complete_task(rt, task.id, data["staff"], {"VAT": "12.345"})
    with pytest.raises(TaskNotFound):
        complete_task(rt, task.id, data["staff_b"], {"VAT": "1"})
    with pytest.raises(TaskNotFound):
        complete_task(rt, task.id, data["client1"], {"VAT": "1"})
    complete_task(rt, task.id, data["owner"], {"vat": "1,50"})
    with pytest.raises(TaskStateError):
        complete_task(rt, task.id, data["staff"], {"VAT": "1"})
    with rt.db.session() as session:
        assert session.get_one(Task, task.id).data["amounts"] == {"VAT": "1.50"}
        assert session.get_one(User, data["owner"]).role == "owner"


def test_a_contact_whose_login_speaks_english_is_told_in_english(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        client = session.get_one(User, data["client1"])
        client.locale = "en"
        add_contact(session, session.get_one(Company, data["c1"]), "Client 1", client.email, None)
    add_contacts(rt, data["c1"])
    close_month(rt, data["c1"])
    [task] = all_tasks(rt)
    complete_task(rt, task.id, data["staff"], {"CIT": Decimal("99.99")})

    by_recipient = {n.recipient: n for n in notifications(rt, "tax_due") if n.channel == "email"}
    english = by_recipient["client1@a.test"]
    assert english.subject == "Taxes due for 12/2026: Firma Jeden"
    assert "CIT advance: PLN99.99 (due 2027-01-20)" in english.body
    assert "Kind regards,\nStaff A" in english.body
    assert by_recipient["jan@firma.test"].subject == "Podatki do zapłaty za 12/2026: Firma Jeden"
    closed = {n.recipient: n.subject for n in notifications(rt, "period_closed")}
    assert closed["client1@a.test"] == "We have received all documents for 12/2026"
