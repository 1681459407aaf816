"""The client's payments table and the tasks the office shows it; staff's payments table."""

from __future__ import annotations

import re

from sqlalchemy import select

from intake.models import User
from tasks.completion import complete_task
from tasks.handwork import add_task
from tasks.models import Task, TaxAmount
from tasks.vocabulary import TaskKind
from tests.conftest import wait_processed
from tests.portal.conftest import csrf_token, page_text, tr
from tests.seeding import confirm


def settle(embedded, pdata) -> dict[str, int]:  # type: ignore[no-untyped-def]
    confirm(embedded, pdata["c1"], "2026-10", "client1@a.test")
    wait_processed(embedded)
    with embedded.db.session() as s:
        staff = s.get_one(User, pdata["staff"])
        calc = s.scalar(select(Task).where(Task.kind == TaskKind.CALCULATE_TAX))
        complete_task(s, embedded.settings, staff, calc.id, {"VAT": "1234,50", "PIT": "300"})
        s.flush()
        pit = s.scalar(select(Task).where(Task.kind == TaskKind.PIT_ADVANCE))
        jpk = s.scalar(select(Task).where(Task.kind == TaskKind.SEND_DECLARATION))
        owner = s.get_one(User, pdata["owner"])
        from intake.models import Company

        other = add_task(
            s,
            embedded.settings,
            owner,
            company=s.get_one(Company, pdata["c2"]),
            title="Umowa leasingu",
            visible_to_client=True,
        )
        amounts = {a.code: a.id for a in s.scalars(select(TaxAmount))}
        return {"calc": calc.id, "pit": pit.id, "jpk": jpk.id, "other": other.id, **amounts}


def test_the_client_sees_only_the_tasks_the_office_shows_and_404_for_others(
    embedded, as_user, pdata
):
    ids = settle(embedded, pdata)
    client = as_user("client1@a.test")
    page = page_text(client.get("/client/"))
    assert tr("Our work for you") in page
    assert "Oblicz podatki: Firma Jeden, 10/2026" in page  # done
    assert "Wyślij deklaracje (JPK_V7): Firma Jeden, 10/2026" in page
    assert "PIT" not in re.search(r'class="card client-tasks">(.*?)</section>', page, re.S)[1]
    assert f'href="/client/tasks/{ids["jpk"]}"' in page
    assert client.get(f"/client/tasks/{ids['jpk']}").status_code == 200
    assert client.get(f"/client/tasks/{ids['pit']}").status_code == 404  # internal
    assert client.get(f"/client/tasks/{ids['other']}").status_code == 404  # another company's
    assert "Umowa leasingu" not in page
    assert client.get(f"/staff/tasks/{ids['jpk']}").status_code in (302, 403, 404)


def test_the_client_marks_an_amount_paid_on_the_phone_and_staff_see_it(embedded, as_user, pdata):
    ids = settle(embedded, pdata)
    client = as_user("client1@a.test")
    phone = page_text(client.get("/client/phone"))
    assert tr("Taxes to pay") in phone and "1 234,50 zł" in phone
    assert "N/5260250274/26M10/VAT-7" in phone
    token = csrf_token(client, "/client/phone")
    response = client.post(f"/client/payments/{ids['VAT']}/paid", data={"csrf_token": token})
    assert response.status_code == 302
    page = page_text(client.get("/client/"))
    assert re.search(rf'data-amount="{ids["VAT"]}" data-paid="yes"', page)
    assert re.search(rf'data-amount="{ids["PIT"]}" data-paid="no"', page)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/client/")})

    staff = as_user("staff@a.test")
    table = page_text(staff.get("/staff/payments/?unpaid=1"))
    assert f'data-amount="{ids["PIT"]}"' in table and f'data-amount="{ids["VAT"]}"' not in table
    token = csrf_token(staff, "/staff/payments/")
    staff.post(f"/staff/payments/{ids['PIT']}/paid", data={"csrf_token": token, "paid": "1"})
    assert 'data-paid="no"' not in page_text(staff.get("/staff/payments/"))
