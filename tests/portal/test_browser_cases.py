"""In Debian's chromium: the desk's tabs with their counts, and the acceptance step: an
administrator returns a trainee's answer, the trainee corrects it, the administrator edits
and sends it, and the client reads it in the conversation."""

from __future__ import annotations

import pytest

from tests.portal.conftest import sign_in

pytestmark = pytest.mark.browser


SELECT_FIRST_WORD = """() => {
  const text = document.querySelector('article[data-answer] .text').firstChild;
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, 3);
  const chosen = window.getSelection();
  chosen.removeAllRanges();
  chosen.addRange(range);
  document.dispatchEvent(new MouseEvent('mouseup'));
}"""


def count(page, tab: str) -> int:  # type: ignore[no-untyped-def]
    """Return the number a tab of the desk shows."""
    return int(page.inner_text(f'[data-count="{tab}"]'))


def test_the_tabs_and_the_acceptance_step_in_the_browser(page, world_server, world):
    case_id = world["case"]
    sign_in(page, world_server, "owner@a.test")
    page.click('nav a[href="/staff/cases/"]')
    page.wait_for_selector('[data-tab="mine"][aria-current="page"]')
    assert (count(page, "to_accept"), count(page, "all")) == (1, 2)
    page.click('[data-tab="to_accept"]')
    page.wait_for_selector(f'tr[data-case="{case_id}"]')
    page.click(f'tr[data-case="{case_id}"] a')
    page.wait_for_selector('[data-state="to_accept"]')
    # Selecting words of the answer makes them the passage of an internal comment.
    page.evaluate(SELECT_FIRST_WORD)
    assert page.input_value("input[name=passage]") == "Tak"
    page.fill("form[data-comment-form] textarea[name=body]", "Czy na pewno?")
    page.click('[data-action="comment"]')
    page.wait_for_selector("li.comment blockquote >> text=Tak")
    page.fill("form.return textarea[name=reason]", "Dodaj podstawę prawną.")
    page.click('[data-action="return"]')
    page.wait_for_selector(".returned-reason")
    assert page.inner_text("[data-state]") == "przydzielona"

    page.context.clear_cookies()
    sign_in(page, world_server, "stazysta@a.test")
    page.goto(f"{world_server}/staff/cases/?tab=mine")
    assert count(page, "mine") == 1
    assert page.is_visible(f'tr[data-case="{case_id}"] .badge.returned')
    page.click(f'tr[data-case="{case_id}"] a')
    box = ".answer-box textarea[name=body]"
    assert "od stycznia" in page.input_value(box)  # the returned text, to correct
    page.fill(box, "Tak, ulga przysługuje na podstawie art. 26.")
    page.click('[data-action="answer"]')
    page.wait_for_selector('[data-state="to_accept"]')
    assert not page.is_visible('[data-action="accept"]')  # a trainee never accepts

    page.context.clear_cookies()
    sign_in(page, world_server, "owner@a.test")
    page.goto(f"{world_server}/staff/cases/{case_id}")
    accept_box = "form.accept textarea[name=body]"
    page.fill(accept_box, page.input_value(accept_box) + " Pozdrawiamy.")
    page.click('[data-action="accept"]')
    page.wait_for_selector('[data-state="answered"]')
    page.goto(f"{world_server}/staff/cases/?tab=to_accept")
    assert count(page, "to_accept") == 0

    page.context.clear_cookies()
    sign_in(page, world_server, "client1@a.test")
    page.goto(f"{world_server}/client/conversations/")
    page.click("text=Pytanie o ulgę")
    page.wait_for_function("() => document.body.innerText.includes('art. 26. Pozdrawiamy.')")
    text = page.inner_text("main")
    assert "Stażysta A" in text and "Dodaj podstawę prawną." not in text
    assert "WEWNĘTRZNE" not in text and "Czy na pewno?" not in text
