"""The client's pages in Debian's chromium, and every page at phone and desktop widths.

A phone upload shows its reading result live; a refused file stays listed with its reason
until dismissed; every page of every role fits 360, 390 and 1440 px without sideways scroll.
"""

from __future__ import annotations

import pytest

from tests.conftest import sample
from tests.portal.conftest import sign_in, tr

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_the_phone_page_shows_each_uploads_reading_live(live_server, page, tmp_path):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "client1@a.test")
    page.goto(f"{live_server}/client/phone")
    # Besides the camera, a chooser that takes KSeF XML and PDFs.
    chooser = page.locator("label.shoot.other input[type=file]")
    accepts = chooser.get_attribute("accept") or ""
    assert ".xml" in accepts and ".pdf" in accepts and chooser.get_attribute("capture") is None
    xml = sample("ksef/fa3-01.xml")
    chooser.set_input_files(str(xml))
    row = page.locator("#uploads li", has_text=xml.name)
    row.locator(".msg").wait_for()
    read = {tr("read"), tr("to check")}
    page.wait_for_function(
        "([el, read]) => read.some((t) => el.textContent.startsWith(t))",
        arg=[row.locator(".msg").element_handle(), sorted(read)],
        timeout=30_000,
    )
    assert row.get_attribute("data-status") in ("extracted", "needs_review")

    # A file that is not an invoice is refused, and its reason stays after a reload.
    bad = tmp_path / "strona.pdf"
    bad.write_bytes(b"<html>not an invoice</html>")
    chooser.set_input_files(str(bad))
    refused = page.locator("#uploads li.error", has_text="strona.pdf")
    refused.wait_for()
    reason = refused.locator(".msg").inner_text()
    assert "HTML" in reason
    page.reload()
    refused = page.locator("#uploads li.error", has_text="strona.pdf")
    assert refused.locator(".msg").inner_text() == reason
    refused.locator("button.dismiss").click()
    page.reload()
    assert page.locator("#uploads li.error").count() == 0
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)


def test_a_good_and_a_bad_file_together_keep_the_error_on_the_page(live_server, page, tmp_path):
    sign_in(page, live_server, "client1@a.test")
    page.goto(f"{live_server}/client/")
    bad = tmp_path / "zdjecie.jpg"
    bad.write_bytes(b"<html>not an invoice</html>")
    page.set_input_files("#upload input[type=file]", [str(sample("ksef/fa3-01.xml")), str(bad)])
    page.locator("#uploads li.error", has_text="zdjecie.jpg").wait_for()
    # The good file's row arrives in the table without a reload that would wipe the error.
    page.locator("table.docs tbody tr", has_text="fa3-01.xml").wait_for(timeout=20_000)
    assert page.locator("#uploads li.error", has_text="zdjecie.jpg").is_visible()


def test_confirming_a_month_names_it_and_asks_first(live_server, page):
    from intake.periods import recent_months

    month = recent_months(2)[1]
    sign_in(page, live_server, "client1@a.test")
    page.goto(f"{live_server}/client/")
    button = page.locator(f'tr[data-month="{month}"] button')
    assert f"{month.month:02d}/{month.year}" in button.inner_text()
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    button.click()
    assert asked and f"{month.month:02d}/{month.year}" in asked[0]
    assert page.locator(f'tr[data-month="{month}"][data-state="open"]').count() == 1
    page.once("dialog", lambda d: d.accept())
    button.click()
    page.wait_for_selector(f'tr[data-month="{month}"][data-state="closed"]')


FITS = "document.documentElement.scrollWidth <= window.innerWidth"


# The narrowest phone and a desktop; test_browser's Hebrew pages are looked at 390 wide.
@pytest.mark.parametrize("width, height", [(360, 740), (1440, 900)])
def test_every_page_of_every_role_fits_the_screen(
    app, world, world_server, page, tmp_path, width, height
):
    from tests.portal.test_pages import USERS, pages

    page.set_viewport_size({"width": width, "height": height})
    problems = []
    for role in ("anonymous", "client", "staff", "owner"):
        page.context.clear_cookies()
        if role != "anonymous":
            sign_in(page, world_server, USERS[role])
        urls = pages(app.test_client(), world, None if role == "anonymous" else role)
        for url in [u for u in urls if not u.endswith(".json")]:
            page.goto(f"{world_server}{url}")
            if not page.evaluate(FITS):
                wide = page.evaluate("document.documentElement.scrollWidth")
                name = url.strip("/").replace("/", "_")[:60] or "home"
                page.screenshot(path=str(tmp_path / f"{role}-{width}-{name}.png"), full_page=True)
                problems.append(f"{role} {url}: {wide}px wide at {width}px")
    assert problems == [], f"screenshots in {tmp_path}"
