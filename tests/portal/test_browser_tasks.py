"""In Debian's chromium: the owner edits a task template; the board's filters narrow it."""

from __future__ import annotations

import datetime as dt

import pytest

from intake.models import Company, User
from tasks.handwork import add_task
from tasks.models import TaskTemplate
from tasks.templates import template_named
from tests.portal.conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_owner_edits_a_template_and_its_chain(embedded, pdata, live_server, page, tmp_path):
    sign_in(page, live_server, "owner@a.test")
    page.goto(f"{live_server}/owner/templates/")
    row = page.locator("tr[data-template='zus']")
    row.wait_for()
    row.locator("a").click()
    page.wait_for_url("**/owner/templates/*")
    page.select_option("select[name=assignee_rule]", "person")
    page.select_option("select[name=person]", "owner@a.test")
    page.select_option("select[name=due_rule]", "before_deadline")
    page.fill("input[name=due_days]", "3")
    page.select_option("select[name=deadline_tax]", "ZUS")
    page.check("input[name=visible_to_client]")
    page.fill("input[name=after_days]", "4")
    page.select_option("select[name=after_action]", "follow_up")
    page.click("#template-form button[type=submit]")
    page.wait_for_url(f"{live_server}/owner/templates/")
    assert "Owner A" in page.locator("tr[data-template='zus']").inner_text()
    with embedded.db.session() as session:
        zus = template_named(session, pdata["office_a"], "zus")
        assert (zus.assignee_rule, zus.due_rule, zus.due_days, zus.deadline_tax) == (
            "person",
            "before_deadline",
            3,
            "ZUS",
        )
        assert (zus.assignee_id, zus.visible_to_client, zus.after_days) == (
            pdata["owner"],
            True,
            4,
        )

    # A new step after ZUS; a wrong value is refused with the reason, what was typed kept.
    page.goto(f"{live_server}/owner/templates/new")
    page.fill("input[name=title]", "Sprawdź wpłatę ZUS")
    page.select_option("select[name=due_rule]", "day_of_month")
    page.fill("input[name=due_days]", "40")
    page.click("#template-form button[type=submit]")
    page.wait_for_selector(".flash.error")
    assert page.locator("input[name=title]").input_value() == "Sprawdź wpłatę ZUS"
    page.fill("input[name=due_days]", "27")
    page.click("#template-form button[type=submit]")
    page.wait_for_url(f"{live_server}/owner/templates/")
    page.goto(f"{live_server}/owner/templates/")
    page.locator("tr[data-template='zus'] a").click()
    page.wait_for_url("**/owner/templates/*")
    page.get_by_label("Sprawdź wpłatę ZUS").check()
    page.click("#template-form button[type=submit]")
    page.wait_for_url(f"{live_server}/owner/templates/")
    assert "Sprawdź wpłatę ZUS" in page.locator("tr[data-template='zus']").inner_text()
    page.screenshot(path=str(tmp_path / "templates.png"), full_page=True)
    with embedded.db.session() as session:
        new = session.query(TaskTemplate).filter_by(title="Sprawdź wpłatę ZUS").one()
        assert template_named(session, pdata["office_a"], "zus").next_names == [new.name]


def test_the_board_is_narrowed_by_its_filters(embedded, pdata, live_server, page, tmp_path):
    with embedded.db.session() as session:
        owner = session.get_one(User, pdata["owner"])
        c1 = session.get_one(Company, pdata["c1"])
        c2 = session.get_one(Company, pdata["c2"])
        old = dt.date.today() - dt.timedelta(days=3)
        soon = dt.date.today() + dt.timedelta(days=3)
        add_task(session, embedded.settings, owner, company=c1, title="Umowa najmu", due_on=old)
        add_task(session, embedded.settings, owner, company=c2, title="Leasing auta", due_on=soon)
        add_task(
            session,
            embedded.settings,
            owner,
            title="Ubezpieczenie biura",
            due_on=soon,
            assignee=owner,
        )
    sign_in(page, live_server, "owner@a.test")
    page.goto(f"{live_server}/staff/tasks/")

    def titles() -> list[str]:
        return page.locator(".task-group tbody a").all_inner_texts()

    assert titles() == ["Umowa najmu", "Leasing auta", "Ubezpieczenie biura"]  # overdue first
    assert page.locator("tr.late").count() == 1
    page.select_option("select[name=company]", str(pdata["c2"]))
    page.click("#board-filters button[type=submit]")
    page.wait_for_url("**company=*")
    assert titles() == ["Leasing auta"]
    page.select_option("select[name=company]", "")
    page.select_option("select[name=state]", "overdue")
    page.click("#board-filters button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('.task-group tbody a').length === 1")
    assert titles() == ["Umowa najmu"]
    page.select_option("select[name=state]", "")
    page.select_option("select[name=person]", str(pdata["owner"]))
    page.click("#board-filters button[type=submit]")
    page.wait_for_url("**person=*")
    assert titles() == ["Ubezpieczenie biura"]
    page.select_option("select[name=person]", "")
    page.fill("input[name=q]", "leasing")
    page.click("#board-filters button[type=submit]")
    page.wait_for_url("**q=leasing*")
    assert titles() == ["Leasing auta"]
    page.screenshot(path=str(tmp_path / "board.png"), full_page=True)
