"""The month closes, the accountant's task appears, amounts reach the client, who approves."""

from __future__ import annotations

import email
import email.policy
import html
import re

from intake.models import Company, User
from intake.offices import add_contact
from notify.outbox import read_sms
from tasks.errors import InvalidAmounts, Why
from tasks.policy import set_policy
from tasks.vocabulary import TaxCode
from tests.conftest import wait_processed
from tests.portal.conftest import csrf_token, page_text, tr
from tests.seeding import confirm


def plain(text: str) -> str:
    """Return a text with its no-break spaces (money, dates) as plain ones."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def close_month(embedded, pdata) -> None:  # type: ignore[no-untyped-def]
    confirm(embedded, pdata["c1"], "2026-10", "client1@a.test")
    wait_processed(embedded)


def test_a_closed_month_gives_the_accountant_a_tax_task(embedded, as_user, pdata):
    close_month(embedded, pdata)
    staff = as_user("staff@a.test")
    page = staff.get("/staff/tasks/").get_data(as_text=True)
    assert "Firma Jeden" in page
    assert len(re.findall(r'href="/staff/tasks/\d+"', page)) == 1


def test_task_titles_are_in_the_readers_language(embedded, as_user, pdata):
    close_month(embedded, pdata)
    with embedded.db.session() as s:
        s.get_one(User, pdata["owner"]).locale = "en"
    staff = as_user("staff@a.test")
    assert "Oblicz podatki: Firma Jeden, 10/2026" in staff.get("/staff/tasks/").get_data(
        as_text=True
    )
    staff.post("/logout", data={"csrf_token": csrf_token(staff, "/staff/tasks/")})
    owner = as_user("owner@a.test")
    page = owner.get("/staff/tasks/").get_data(as_text=True)
    assert "Calculate tax: Firma Jeden, 10/2026" in page
    task_url = re.search(r'href="(/staff/tasks/\d+)"', page).group(1)
    title = '<bdi dir="auto">Calculate tax: Firma Jeden, 10/2026</bdi>'
    assert title in owner.get(task_url).get_data(as_text=True)


def test_staff_of_another_office_do_not_see_the_task(embedded, as_user, pdata):
    close_month(embedded, pdata)
    staff_b = as_user("staff@b.test")
    assert "Firma Jeden" not in staff_b.get("/staff/tasks/").get_data(as_text=True)
    assert staff_b.get("/staff/tasks/1").status_code == 404
    token = csrf_token(staff_b, "/staff/tasks/")
    assert staff_b.post("/staff/tasks/1/done", data={"csrf_token": token}).status_code == 404


def test_amounts_reach_the_client_by_sms_and_email_and_the_client_approves(
    embedded, as_user, pdata
):
    with embedded.db.session() as s:
        set_policy(s, pdata["office_a"], approval_required=True)
        add_contact(s, s.get_one(Company, pdata["c1"]), "Kontakt", "client1@a.test", "+48600100200")
    close_month(embedded, pdata)
    staff = as_user("staff@a.test")
    task_url = re.search(
        r'href="(/staff/tasks/\d+)"', staff.get("/staff/tasks/").get_data(as_text=True)
    ).group(1)
    token = csrf_token(staff, task_url)
    bad = staff.post(f"{task_url}/done", data={"csrf_token": token, "VAT": "dużo"})
    assert bad.status_code == 302
    refusal = InvalidAmounts(Why.NOT_AN_AMOUNT, tax=TaxCode.VAT, value="dużo").translate("pl")
    assert html.escape(refusal) in staff.get(task_url).get_data(as_text=True)
    staff.post(f"{task_url}/done", data={"csrf_token": token, "VAT": "1 234,50", "PIT": "300"})
    wait_processed(embedded)
    staff.post("/logout", data={"csrf_token": csrf_token(staff, "/staff/tasks/")})

    outbox = embedded.settings.outbox_dir
    emails = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in outbox.rglob("*.eml")
    ]
    bodies = [
        plain(m.get_body(("plain",)).get_content()) for m in emails if m["To"] == "client1@a.test"
    ]
    # The amounts, signed by the company's accountant.
    assert any("VAT: 1 234,50 zł" in b and "Staff A" in b for b in bodies), bodies
    sms = read_sms(outbox)
    assert any("VAT 1 234,50 zł" in plain(m["message"]) for m in sms), sms

    client = as_user("client1@a.test")
    page = plain(page_text(client.get("/client/")))
    assert tr("Taxes to pay") in page and "1 234,50 zł" in page
    link = re.search(r'href="(/client/approve/[^"]+)"', page).group(1)
    client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert tr("Approved") in page_text(client.get(link))


def test_a_forged_approval_link_is_refused(client, pdata):
    assert client.get("/client/approve/not-a-real-token").status_code == 404


def test_the_client_sees_messages_to_its_people_and_not_the_offices_internal_mail(
    embedded, as_user, pdata
):
    with embedded.db.session() as s:
        add_contact(s, s.get_one(Company, pdata["c1"]), "Kontakt", "client1@a.test", None)
    close_month(embedded, pdata)  # tells the accountant of a new task
    staff = as_user("staff@a.test")
    task_url = re.search(
        r'href="(/staff/tasks/\d+)"', staff.get("/staff/tasks/").get_data(as_text=True)
    ).group(1)
    staff.post(f"{task_url}/done", data={"csrf_token": csrf_token(staff, task_url), "VAT": "5"})
    wait_processed(embedded)  # tells the client its amounts
    staff.post("/logout", data={"csrf_token": csrf_token(staff, "/staff/tasks/")})
    page = page_text(as_user("client1@a.test").get("/client/"))
    messages = page[page.index(tr("Messages from the office")) :]
    assert "client1@a.test" in messages
    assert "staff@a.test" not in messages and "Nowe zadanie" not in messages
