"""A closed month becomes one tax task; doing it tells the client what to pay."""

from __future__ import annotations

import datetime as dt
import email
from decimal import Decimal

import pytest
from sqlalchemy import select

from intake.models import Company, Contact, User
from intake.month import Month
from intake.offices import add_contact
from notify.models import Notification
from notify.outbox import read_sms
from tasks.errors import InvalidAmounts, TaskNotFound, TaskStateError
from tasks.models import Task, TaxAmount
from tasks.settlements import settlements_for
from tasks.vocabulary import TaskKind, TaskState, TaxCode
from tests.conftest import wait_processed
from tests.tasks.conftest import add_contacts, close_month, complete


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
    return plain(message.get_payload(decode=True).decode())


def plain(text: str) -> str:
    """Return a text with its no-break spaces (money, dates) as plain ones."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_a_closed_month_gets_one_tax_task_for_the_accountant(rt, data):
    add_contacts(rt, data["c1"])
    period_id = close_month(rt, data["c1"])
    close_month(rt, data["c1"])  # the same event again changes nothing
    wait_processed(rt)

    [task] = all_tasks(rt)
    assert (task.kind, task.period_id, task.status) == (
        TaskKind.CALCULATE_TAX,
        period_id,
        TaskState.OPEN,
    )
    assert (task.assignee_id, task.company_id) == (data["staff"], data["c1"])
    assert task.month == Month(2026, 12)
    assert task.due_on == dt.date(2027, 1, 15)
    assert task.title == "Oblicz podatki: Firma Jeden, 12/2026"
    [told] = notifications(rt, "task_created")
    assert (told.recipient, told.status, told.about) == ("staff@a.test", "sent", f"task:{task.id}")
    assert told.subject == "Nowe zadanie: Oblicz podatki: Firma Jeden, 12/2026"
    assert f"/staff/tasks/{task.id}" in told.body


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
    assert len(all_tasks(rt, kind=TaskKind.CALCULATE_TAX)) == 1
    assert all_tasks(rt, kind=TaskKind.RECALCULATE_TAX) == []

    complete(rt, first.id, data["staff"], {"VAT": Decimal("100.00")})
    close_month(rt, data["c1"], reopen_count=2)
    close_month(rt, data["c1"], reopen_count=2)
    [again] = all_tasks(rt, kind=TaskKind.RECALCULATE_TAX)
    assert (again.period_id, again.assignee_id, again.status) == (period_id, data["staff"], "open")
    assert again.reopen_count == 2
    with rt.db.session() as session:
        title = session.get_one(Task, again.id).title_in("en")
    assert title == "Recalculate tax (late documents): Firma Jeden, 12/2026"


def test_done_with_amounts_tells_every_contact_by_sms_and_email_signed_by_the_accountant(rt, data):
    add_contacts(rt, data["c1"])
    close_month(rt, data["c1"])
    [task] = all_tasks(rt)
    amounts = {"VAT": Decimal("1234.50"), "PIT": Decimal("310.00"), "ZUS": Decimal("1600.32")}
    done = complete(rt, task.id, data["staff"], amounts, note="  checked twice ")
    wait_processed(rt)

    assert (done.status, done.done_by_id, done.note) == ("done", data["staff"], "checked twice")
    assert [(a.code, a.amount, a.currency, a.due_on) for a in done.amounts] == [
        (TaxCode.VAT, Decimal("1234.50"), "PLN", dt.date(2027, 1, 25)),
        (TaxCode.PIT, Decimal("310.00"), "PLN", dt.date(2027, 1, 20)),
        (TaxCode.ZUS, Decimal("1600.32"), "PLN", dt.date(2027, 1, 20)),
    ]
    mails = [m for m in outbox_mail(rt) if m["To"] in ("jan@firma.test", "ewa@firma.test")]
    tax_mails = [m for m in mails if "Podatki" in str(m["Subject"])]
    assert sorted(m["To"] for m in tax_mails) == ["ewa@firma.test", "jan@firma.test"]
    text = body(tax_mails[0])
    assert "rozliczyliśmy 12/2026 dla firmy Firma Jeden. Do zapłaty:" in text
    assert "VAT: 1 234,50 zł (termin 25.01.2027)" in text
    assert "PIT (zaliczka): 310,00 zł (termin 20.01.2027)" in text
    assert "ZUS: 1 600,32 zł" in text
    assert "Prosimy o akceptację" not in text  # this office asks for no approval
    assert "Pozdrawiam,\nStaff A\nBiuro A" in text
    assert tax_mails[0]["Reply-To"] == "staff@a.test"
    [sms] = read_sms(rt.settings.outbox_dir)
    assert sms["to"] == "+48600100200"  # E.164, as the gateway gets it
    assert "VAT 1 234,50 zł do 25.01.2027" in plain(sms["message"])
    assert sms["message"].endswith("Staff A, Biuro A")
    assert len(sms["message"]) < 160
    assert {n.status for n in notifications(rt, "tax_due")} == {"sent"}
    with rt.db.session() as session:
        [settled] = settlements_for(session, data["c1"])
    assert (settled.task_id, settled.month) == (task.id, Month(2026, 12))
    assert (settled.amounts[0].code, settled.amounts[0].amount) == (TaxCode.VAT, Decimal("1234.50"))
    assert settled.amounts[2].due_on == dt.date(2027, 1, 20)
    assert not settled.approval.required and not settled.approval.waiting


def test_amounts_reach_a_real_smtp_server_and_the_sms_gateway(start_runtime, smtp_sink, sms_api):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, INTAKE_SMS_URL=sms_api.url())
    add_contacts(rt, data["c1"])
    close_month(rt, data["c1"])
    [task] = all_tasks(rt)
    complete(rt, task.id, data["staff"], {"VAT": "0,00"}, {"VAT": "26.01.2027"})
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

    def refused(user, amounts, error=InvalidAmounts, dues=None) -> str:
        with pytest.raises(error) as excinfo:
            complete(rt, task.id, data[user], amounts, dues)
        return excinfo.value.code

    assert refused("staff", {"VAT": 12.5}) == "amount_not_text"
    assert refused("staff", {}) == "amounts_missing"
    assert refused("staff", {"VAT": Decimal("12.345")}) == "part_of_a_grosz"
    assert refused("staff", {"VAT": "12,3456"}) == "not_an_amount"
    assert refused("staff", {"VAT": "dużo"}) == "not_an_amount"
    assert refused("staff", {"VAT": "-5"}) == "below_zero"
    assert refused("staff", {"KFC": "1"}) == "not_a_tax"
    assert refused("staff", {"VAT": "1"}, dues={"VAT": "jutro"}) == "not_a_day"
    assert refused("staff_b", {"VAT": "1"}, TaskNotFound) == "task_not_found"
    assert refused("client1", {"VAT": "1"}, TaskNotFound) == "task_not_found"
    assert all_tasks(rt)[0].status == TaskState.OPEN  # nothing of the refusals was kept

    complete(rt, task.id, data["owner"], {"vat": "1 234,5", "zus": "1234.56"})
    assert refused("staff", {"VAT": "1"}, TaskStateError) == "already_closed"
    [declaration] = all_tasks(rt, kind=TaskKind.SEND_DECLARATION)
    with pytest.raises(InvalidAmounts) as not_tax:
        complete(rt, declaration.id, data["staff"], {"VAT": "1"})
    assert not_tax.value.code == "not_a_tax_task"
    with rt.db.session() as session:
        rows = session.scalars(select(TaxAmount).order_by(TaxAmount.id)).all()
        assert [(r.code, r.amount) for r in rows] == [
            (TaxCode.VAT, Decimal("1234.50")),
            (TaxCode.ZUS, Decimal("1234.56")),
        ]
        assert session.get_one(User, data["owner"]).role == "owner"


def test_each_contact_is_told_in_their_own_language(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        client = session.get_one(User, data["client1"])
        client.locale = "en"
        company = session.get_one(Company, data["c1"])
        add_contact(session, company, "Client 1", client.email, "+48 600 100 201")
        add_contact(session, company, "Dana", "dana@firma.test", "+972 52 555 1234")
        session.flush()
        session.scalar(select(Contact).where(Contact.email == "dana@firma.test")).locale = "he"
    add_contacts(rt, data["c1"])
    close_month(rt, data["c1"])
    [task] = all_tasks(rt)
    complete(rt, task.id, data["staff"], {"CIT": Decimal("99.99")})

    mails = {n.recipient: n for n in notifications(rt, "tax_due") if n.channel == "email"}
    english = mails["client1@a.test"]
    assert english.subject == "Taxes due for 12/2026: Firma Jeden"
    assert "CIT advance: 99.99 PLN (due 20.01.2027)" in plain(english.body)
    assert "Kind regards,\nStaff A" in english.body
    hebrew = mails["dana@firma.test"]
    assert hebrew.subject == "מסים לתשלום עבור 12/2026: Firma Jeden"
    assert "מקדמת מס חברות (CIT)" in hebrew.body
    assert "בברכה,\nStaff A" in hebrew.body
    assert mails["jan@firma.test"].subject == "Podatki do zapłaty za 12/2026: Firma Jeden"
    sms = {n.recipient: n.body for n in notifications(rt, "tax_due") if n.channel == "sms"}
    assert "CIT 99.99 PLN by 20.01.2027" in plain(sms["+48600100201"])
    assert "CIT 99.99 PLN עד 20.01.2027" in plain(sms["+972525551234"])
