"""Portal helpers: log in through the real form, with its CSRF token."""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from intake.i18n import gettext
from intake.runtime import Runtime
from tests.conftest import PASSWORD


def page_text(response) -> str:
    """Return a response's HTML unescaped, with no-break spaces as plain ones."""
    text = html.unescape(response.get_data(as_text=True))
    return text.replace("\xa0", " ").replace("\u202f", " ")


def tr(text, locale: str = "pl", **params) -> str:
    """Return a catalogue text (a msgid, a reason or a vocabulary member) as a page shows it."""
    msgid = getattr(text, "label", None) or getattr(text, "msgid", None) or text
    return gettext(locale, msgid, **params).replace("\xa0", " ")


def csrf_token(client, path: str = "/login") -> str:
    """Fetch a page and return the CSRF token its form carries."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client, email: str, password: str = PASSWORD):
    """Log in through the form; return the response."""
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def as_user(client, pdata):
    """Log the test client in as one of the seeded users by e-mail."""

    def login(email: str):
        response = log_in(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return login


@pytest.fixture(scope="session")
def world_home(tmp_path_factory, migrated_db) -> tuple[Path, dict[str, object]]:
    """The world seeded once per run: a home holding its database and files, and its ids.

    Seeding it reads five documents and closes a month (2-4 s); some forty tests use it,
    each on its own copy.
    """
    from intake import events, runtime
    from tests.conftest import embedded_settings, fresh_home, wait_processed
    from tests.portal.world import seed_world
    from tests.seeding import seed_offices

    tmp = tmp_path_factory.mktemp("world")
    fresh_home(tmp, migrated_db)
    rt = runtime.start(embedded_settings(tmp))
    rt.start_worker()
    try:
        ids = seed_offices(rt)
        world = {**ids, **seed_world(rt, ids)}
        wait_processed(rt)
    finally:
        rt.stop()
        events.clear()
    return tmp / "var", world


@pytest.fixture
def world(embedded, pdata, world_home):
    """Seeded offices with something on every page (see tests/portal/world.py)."""
    from tests.conftest import wait_processed

    home, world = world_home
    # The offices were seeded alike in both homes, so the ids a test holds stay right.
    assert all(world[name] == value for name, value in pdata.items())
    wait_processed(embedded)
    restore_home(embedded, home)
    return dict(world)


def restore_home(rt: Runtime, saved: Path) -> None:
    """Put a saved home's database and files in place of a started runtime's own."""
    rt.db.engine.dispose()  # no connection to the old file is kept
    home = rt.settings.home
    for name in ("intake.db-wal", "intake.db-shm"):
        (home / name).unlink(missing_ok=True)
    source, target = sqlite3.connect(saved / "intake.db"), sqlite3.connect(home / "intake.db")
    with closing(source), closing(target):
        source.backup(target)
    for folder in sorted(p for p in saved.iterdir() if p.is_dir()):
        shutil.rmtree(home / folder.name, ignore_errors=True)
        shutil.copytree(folder, home / folder.name)


CHROMIUM = Path("/usr/bin/chromium")


def serve(app):
    """Serve an app from a thread on a free loopback port; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def live_server(app, pdata):
    """The portal with the seeded offices, served for a browser."""
    yield from serve(app)


@pytest.fixture
def world_server(app, world):
    """The portal with something on every page, served for a browser."""
    yield from serve(app)


@pytest.fixture
def page():
    """A page of Debian's chromium (never a downloaded browser)."""
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


def sign_in(page, base: str, email: str) -> None:
    """Log in through the login form in the browser."""
    page.goto(f"{base}/login")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_load_state()
