"""The month closes, the accountant's task appears, amounts reach the client, who approves."""

from __future__ import annotations

import email
import email.policy
import re

from intake.models import Company
from intake.offices import add_contact
from intake.periods import confirm_delivered
from notify.outbox import read_sms
from tasks.policy import set_policy
from tests.conftest import wait_processed
from tests.portal.conftest import csrf_token


def close_month(embedded, pdata) -> None:  # type: ignore[no-untyped-def]
    confirm_delivered(embedded, pdata["c1"], "2026-10", "client1@a.test")
    wait_processed(embedded)


def test_a_closed_month_gives_the_accountant_a_tax_task(embedded, as_user, pdata):
    close_month(embedded, pdata)
    staff = as_user("staff@a.test")
    page = staff.get("/staff/tasks/").get_data(as_text=True)
    assert "Firma Jeden" in page
    assert len(re.findall(r'href="/staff/tasks/\d+"', page)) == 1


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
    assert "is not an amount" in staff.get(task_url).get_data(as_text=True)
    staff.post(f"{task_url}/done", data={"csrf_token": token, "VAT": "1 234,50", "PIT": "300"})
    wait_processed(embedded)
    staff.post("/logout", data={"csrf_token": csrf_token(staff, "/staff/tasks/")})

    outbox = embedded.settings.outbox_dir
    emails = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in outbox.rglob("*.eml")
    ]
    bodies = [m.get_body(("plain",)).get_content() for m in emails if m["To"] == "client1@a.test"]
    # The amounts, signed by the company's accountant.
    assert any("1 234,50" in b and "Staff A" in b for b in bodies), bodies
    sms = read_sms(outbox)
    assert any("1 234,50" in m["message"] or "1234.50" in m["message"] for m in sms), sms

    client = as_user("client1@a.test")
    page = client.get("/client/").get_data(as_text=True)
    assert "Podatki do zapłaty" in page and "1 234,50" in page
    link = re.search(r'href="(/client/approve/[^"]+)"', page).group(1)
    client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert "Zaakceptowano" in client.get(link).get_data(as_text=True)


def test_a_forged_approval_link_is_refused(client, pdata):
    assert client.get("/client/approve/not-a-real-token").status_code == 404


def test_the_client_sees_messages_to_its_people_and_not_the_offices_internal_mail(
    embedded, as_user, pdata
):
    with embedded.db.session() as s:
        add_contact(s, s.get_one(Company, pdata["c1"]), "Kontakt", "client1@a.test", None)
    close_month(embedded, pdata)  # tells the client, and tells the accountant of a new task
    page = as_user("client1@a.test").get("/client/").get_data(as_text=True)
    messages = page[page.index("Wiadomości z biura") :]
    assert "client1@a.test" in messages
    assert "staff@a.test" not in messages and "Nowe zadanie" not in messages
