"""In Debian's chromium: a client logs in, uploads a PDF with a progress bar, sees it read."""

from __future__ import annotations

import pytest

from tests.conftest import sample
from tests.portal.conftest import sign_in as log_in

pytestmark = pytest.mark.browser


def test_a_client_uploads_a_pdf_and_staff_see_it_read(live_server, page, tmp_path):
    pdf = sample("pl/*-pdf.pdf")
    log_in(page, live_server, "client1@a.test")
    page.wait_for_url(f"{live_server}/client/")
    page.set_input_files('input[type="file"]', str(pdf))
    # The upload row shows a progress bar that ends full, then the row appears in the table
    # and its status moves on without a reload.
    page.wait_for_selector("#uploads li.ok progress[value='100']", timeout=20_000)
    row = page.locator(f"table.docs tbody tr:has-text('{pdf.name}')")
    row.wait_for(timeout=20_000)
    status = row.locator("[data-field=status]")
    page.wait_for_function(
        "el => ['odczytany', 'do weryfikacji'].includes(el.textContent.trim())",
        arg=status.element_handle(),
        timeout=30_000,
    )
    page.screenshot(path=str(tmp_path / "client.png"), full_page=True)

    page.click("button.link")  # log out
    log_in(page, live_server, "staff@a.test")
    page.wait_for_url(f"{live_server}/staff/")
    page.click(f"text={pdf.name}")
    # The server's rendering of the PDF's page is shown beside the fields read from it.
    page.wait_for_function("() => document.querySelector('.sheet img').naturalWidth > 0")
    assert page.locator("#f-invoice_number").input_value().strip() != ""
    assert page.locator("h1 .status").inner_text() in ("odczytany", "do weryfikacji")


FITS = "document.documentElement.scrollWidth <= window.innerWidth"
# The text a person reads in the page's language: what is marked as written in another
# (a message the office sent in Polish, an invoice's own words: lang="pl", lang="") is left out.
READABLE_TEXT = """() => {
  const lang = document.documentElement.lang;
  const foreign = [...document.body.querySelectorAll('[lang]')]
    .filter(e => e.getAttribute('lang') !== lang && e.tagName !== 'A');
  const before = foreign.map(e => e.style.display);
  foreign.forEach(e => { e.style.display = 'none'; });
  const text = document.body.innerText;
  foreign.forEach((e, i) => { e.style.display = before[i]; });
  return text;
}"""


@pytest.mark.parametrize("role", ["client", "staff", "owner"])
def test_hebrew_pages_read_right_to_left_and_fit_a_phone(
    app, world, world_server, page, tmp_path, role
):
    # Direction, language and words do not change with the width; the fit on a desktop is
    # test_client_pages' (every page of every role, at a phone's width and a desktop's).
    width, height = 390, 844
    from tests.portal.language_checks import english_on, keys_on
    from tests.portal.test_pages import USERS, pages

    page.set_viewport_size({"width": width, "height": height})
    log_in(page, world_server, USERS[role])
    page.wait_for_load_state()
    page.goto(f"{world_server}/?lang=he")  # kept in the user's setting from now on
    problems = []
    for url in pages(app.test_client(), world, role):
        if url.endswith(".json"):
            continue
        page.goto(f"{world_server}{url}")
        found = []
        html = page.evaluate("[document.documentElement.dir, document.documentElement.lang]")
        if html != ["rtl", "he"]:
            found.append(f"{url}: dir/lang {html}")
        if not page.evaluate(FITS):
            wide = page.evaluate("document.documentElement.scrollWidth")
            found.append(f"{url}: {wide}px wide on a {width}px phone")
        text = page.evaluate(READABLE_TEXT)
        found += [f"{url} shows {leak!r}" for leak in keys_on(text) + english_on(text, "he")]
        if found:  # a picture of each page at fault, to look at
            name = url.strip("/").replace("/", "_")[:60] or "home"
            page.screenshot(path=str(tmp_path / f"{role}-{width}-{name}.png"), full_page=True)
        problems += found
    assert problems == [], f"screenshots in {tmp_path}"
