"""In Debian's chromium: a client logs in, uploads a PDF with a progress bar, sees it read."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, sample

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(app, pdata):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser.new_page()
        browser.close()


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')


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
    assert page.locator("pre.text").first.inner_text().strip() != ""
    assert page.locator(".status").first.inner_text() in ("odczytany", "do weryfikacji")
