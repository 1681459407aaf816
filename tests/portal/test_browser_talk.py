"""In Debian's chromium: staff remind three clients from the table and watch the delivery
states change; a client reads the office's message on a phone and the badge clears."""

from __future__ import annotations

import asyncio
import threading

import pytest
from werkzeug.serving import make_server

from conversations.threads import start_thread
from intake.models import Company, User
from intake.offices import add_company
from tests.notify.letters import contact
from tests.notify.sinks import SmtpSink
from tests.portal.conftest import sign_in as log_in

pytestmark = pytest.mark.browser


class GatedSink(SmtpSink):
    """An SMTP server that holds every message until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        while not self.gate.is_set():
            await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def gated_sink():
    sink = GatedSink()
    sink.controller.start()
    yield sink
    sink.gate.set()
    sink.controller.stop()


def serve(rt):  # type: ignore[no-untyped-def]
    from portal import create_app

    app = create_app(rt, TESTING=True, RATELIMIT_STORAGE_URI="memory://")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def test_staff_remind_three_clients_and_see_the_delivery_states_change(
    start_runtime,
    gated_sink,
    page,
    tmp_path,
):
    rt, data = start_runtime(INTAKE_SMTP_URL=gated_sink.url)
    with rt.db.session() as s:
        office = s.get_one(Company, data["c1"]).office
        staff = s.get_one(User, data["staff"])
        third = add_company(s, office, "Firma Trzy", "9542583988", accountant=staff).id
    for number, company_id in enumerate((data["c1"], data["c2"], third)):
        contact(rt, company_id, f"Kontakt {number}", f"kontakt{number}@firma.test")
    server, thread = serve(rt)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        log_in(page, base, "staff@a.test")
        page.wait_for_url(f"{base}/staff/")
        page.goto(f"{base}/staff/clients/")
        for company_id in (data["c1"], data["c2"], third):
            page.check(f'tbody input[name="company"][value="{company_id}"]')
        page.click('button[name="kind"][value="documents"]')
        page.wait_for_url("**/staff/messages/new**")
        assert page.locator("ul.chosen li").count() == 3
        page.click('button[name="action"][value="send"]')
        page.wait_for_url("**/staff/clients/?**sent=**")
        states = page.locator('[data-field="last_status"]')
        # Each letter is written by a job; the table reloads as each row gets its first state.
        page.wait_for_function(
            "() => document.querySelectorAll('[data-field=last_status]').length === 3",
            timeout=30_000,
        )
        waiting = {"czeka na wysłanie", "w trakcie wysyłki"}
        assert {states.nth(i).inner_text().strip() for i in range(3)} <= waiting
        page.screenshot(path=str(tmp_path / "sending.png"), full_page=True)
        gated_sink.gate.set()
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-field=last_status]')]"
            ".every(el => el.textContent.trim() === 'wysłano')",
            timeout=30_000,
        )
        page.screenshot(path=str(tmp_path / "sent.png"), full_page=True)
        assert len(gated_sink.envelopes) == 3
    finally:
        server.shutdown()
        thread.join()


def test_a_client_reads_a_new_message_on_a_phone_and_the_badge_clears(
    start_runtime,
    page,
    tmp_path,
):
    rt, data = start_runtime()
    with rt.db.session() as s:
        start_thread(
            s,
            rt.storage,
            rt.settings,
            s.get_one(User, data["staff"]),
            s.get_one(Company, data["c1"]),
            "Brakująca faktura",
            "Prosimy o fakturę za paliwo z 3 listopada.",
        )
    server, thread = serve(rt)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        log_in(page, base, "client1@a.test")
        page.wait_for_url(f"{base}/client/")
        badge = page.locator("header [data-badge]")
        assert badge.inner_text().strip() == "1"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.goto(f"{base}/client/phone")
        page.click("main a.talk")
        page.click("text=Brakująca faktura")
        page.wait_for_selector("text=Prosimy o fakturę za paliwo z 3 listopada.")
        assert page.locator("header [data-badge]").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(tmp_path / "phone-thread.png"), full_page=True)
        page.goto(f"{base}/client/")
        assert page.locator("[data-badge]").count() == 0
    finally:
        server.shutdown()
        thread.join()
