"""Every page of every role, in Polish, English and Hebrew: no English sentence, no raw key.

The pages come from the URL map (tests/portal/routes.py), filled with the world fixture's
rows (documents in every state, a closed month, a tax task with amounts, messages, e-mail
that could not be handled), so a new page is crawled without being listed here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import portal
from intake.formats import format_moment
from tests.portal.conftest import csrf_token, log_in
from tests.portal.language_checks import english_on, keys_on, visible_text
from tests.portal.routes import ROWS, own_rows, own_values, routes

USERS = {"client": "client1@a.test", "staff": "staff@a.test", "owner": "owner@a.test"}


def pages(client, world, role: str | None) -> list[str]:
    """Return every GET address a user of this role may open, each row of the world once."""
    found = []
    for route in routes(client.application):
        if "GET" not in route.methods or not route.allows(role):
            continue
        if route.endpoint in ("healthz",) or route.endpoint.endswith(("file", "words")):
            continue  # not pages: a health probe, stored files and page images, their words
        if route.endpoint.startswith("hooks."):
            continue  # not pages: where gateways report delivery
        names = [n for n in route.row_args if n in ROWS]
        count = max((len(own_rows(world, n)) for n in names), default=1)
        for row in range(count):
            values = own_values(world, row)
            for name in names:
                rows = own_rows(world, name)
                values[name] = rows[row % len(rows)]
            found.append(route.url(values))
    return sorted(set(found))


def read(client, url: str, locale: str):
    """GET a page in a language; follow a redirect to the page it leads to."""
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}lang={locale}", follow_redirects=True)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


@pytest.mark.parametrize("locale", ["pl", "en", "he"])
@pytest.mark.parametrize("role", ["anonymous", "client", "staff", "owner"])
def test_every_page_speaks_the_readers_language(client, world, role, locale):
    if role != "anonymous":
        assert log_in(client, USERS[role]).status_code == 302
    problems = []
    urls = pages(client, world, None if role == "anonymous" else role)
    assert urls
    for url in urls:
        response = read(client, url, locale)
        if response.is_json:  # what the page's script writes into it: the *_label values
            rows = [row for rows in response.get_json().values() for row in rows]
            text = "\n".join(v for d in rows for k, v in d.items() if k.endswith("_label"))
        else:
            html = response.get_data(as_text=True)
            direction = "rtl" if locale == "he" else "ltr"
            if f'<html lang="{locale}" dir="{direction}">' not in html:
                problems.append(f"{url}: not <html lang={locale} dir={direction}>")
            title = re.search(r"<title>(.*?)</title>", html, re.S)
            if title is None or "<" in title.group(1):
                problems.append(f"{url}: its <title> is missing or holds markup")
            text = visible_text(html)
        problems += [f"{url} shows the raw key {k!r}" for k in keys_on(text)]
        if locale != "en":
            problems += [f"{url} shows English: {s!r}" for s in english_on(text, locale)]
    assert problems == []


def test_the_crawl_reaches_every_kind_of_page(client, world):
    log_in(client, "owner@a.test")
    urls = pages(client, world, "owner")
    for document in world["documents"]:
        assert f"/staff/documents/{document}" in urls
    assert f"/staff/tasks/{world['task']}" in urls and "/owner/stats" in urls


def test_the_language_chosen_is_kept_for_the_user_and_before_logging_in(client, world, embedded):
    from intake.models import User

    # Before logging in the choice lives in the session, and the user gets it on login.
    assert 'lang="he"' in client.get("/login?lang=he").get_data(as_text=True)
    log_in(client, "client1@a.test")
    assert 'dir="rtl"' in client.get("/client/").get_data(as_text=True)
    client.get("/client/?lang=en")
    with embedded.db.session() as s:
        assert s.get_one(User, world["client1"]).locale == "en"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/client/")})
    with client.session_transaction() as session:
        session.clear()
    log_in(client, "client1@a.test")
    assert '<html lang="en" dir="ltr">' in client.get("/client/").get_data(as_text=True)


def test_an_hebrew_office_speaks_hebrew_to_its_people_until_they_choose(client, world, embedded):
    from intake.models import Office

    with embedded.db.session() as s:
        office = s.get_one(Office, world["office_a"])
        office.locale, office.timezone, office.country = "he", "Asia/Jerusalem", "IL"
    log_in(client, "staff@a.test")
    html = client.get(f"/staff/tasks/{world['task']}").get_data(as_text=True)
    assert '<html lang="he" dir="rtl">' in html
    # Amounts keep the currency they were settled in (złoty here), written the Hebrew way.
    assert "1,234.50\xa0PLN" in html
    # Moments are written in the office's time zone, in the JSON live.js shows too.
    shown = client.get("/staff/documents.json").get_json()["documents"][0]
    moment = dt.datetime.fromisoformat(shown["created_at"])
    assert shown["created_at_label"] == format_moment(moment, "he", "Asia/Jerusalem")
    assert shown["created_at_label"] != format_moment(moment, "he", "UTC")


def test_the_stylesheet_mirrors_by_itself():
    css = (Path(portal.__file__).parent / "static" / "app.css").read_text()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    assert not re.search(r"\b(left|right)\b", rules), "use inline-start/end, not left/right"
