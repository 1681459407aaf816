"""Tenant and role isolation, generated from the app's URL map: every rule, every method.

Nothing here lists the routes: a new one is covered as soon as it exists, or fails
`test_every_rule_is_classified` until its view says who may use it.
"""

from __future__ import annotations

from sqlalchemy import select

from inbox.models import InboundEmail
from intake.models import Document, Extraction, Period
from tasks.models import Task
from tests.portal.conftest import csrf_token, log_in
from tests.portal.routes import foreign_values, own_values, routes, unclassified


def call(client, method: str, url: str, token: str):
    """Send a request as a page would (a POST with its CSRF token)."""
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token})


def office_b_rows(rt, world) -> dict[str, object]:
    """Return what another office's rows hold now, to see that nothing changed them."""
    with rt.db.session() as s:
        return {
            "documents": [
                (d.id, d.status, d.month, d.error)
                for d in s.scalars(select(Document).where(Document.office_id == world["office_b"]))
            ],
            "fields": [e.fields for e in s.scalars(select(Extraction).order_by(Extraction.id))],
            "tasks": [
                (t.id, t.status, t.done_at, t.note, [(a.code, a.amount) for a in t.amounts])
                for t in s.scalars(select(Task).where(Task.office_id == world["office_b"]))
            ],
            "mail": [
                (m.id, m.status, m.attempts)
                for m in s.scalars(
                    select(InboundEmail).where(InboundEmail.office_id == world["office_b"])
                )
            ],
            "periods": [(p.id, p.state) for p in s.scalars(select(Period))],
        }


def test_every_rule_is_classified(app):
    assert unclassified(app) == []
    assert len(list(routes(app))) >= 25  # the map was read


def test_anonymous_people_are_sent_to_the_login_page_from_every_closed_page(client, world):
    token = csrf_token(client, "/login")
    wrong = []
    for route in routes(client.application):
        if route.roles is None:
            continue
        url = route.url(own_values(world))
        for method in route.methods:
            response = call(client, method, url, token)
            if response.status_code != 302 or "/login" not in response.headers["Location"]:
                wrong.append(f"{method} {url}: {response.status_code}")
    assert wrong == []


def test_a_client_gets_404_for_another_companys_and_another_offices_rows(client, world, embedded):
    before = office_b_rows(embedded, world)
    log_in(client, "client1@a.test")
    token = csrf_token(client, "/client/")
    checked, wrong = 0, []
    for route in routes(client.application):
        if not route.row_args or not route.allows("client"):
            continue
        for which in ("company", "office"):
            values = foreign_values(world, which)
            if any(values[name] is None for name in route.row_args):
                continue
            url = route.url(values)
            for method in route.methods:
                checked += 1
                if (status := call(client, method, url, token).status_code) != 404:
                    wrong.append(f"{method} {url}: {status}")
    assert checked and wrong == []
    assert office_b_rows(embedded, world) == before


def test_staff_and_owners_get_404_for_another_offices_rows(client, world, embedded):
    before = office_b_rows(embedded, world)
    checked, wrong = 0, []
    for email, role in (("staff@a.test", "staff"), ("owner@a.test", "owner")):
        log_in(client, email)
        token = csrf_token(client, "/staff/")
        for route in routes(client.application):
            if not route.row_args or not route.allows(role):
                continue
            url = route.url(foreign_values(world, "office"))
            for method in route.methods:
                checked += 1
                if (status := call(client, method, url, token).status_code) != 404:
                    wrong.append(f"{role} {method} {url}: {status}")
        client.post("/logout", data={"csrf_token": token})
    assert checked and wrong == []
    assert office_b_rows(embedded, world) == before


def test_a_client_gets_404_for_every_office_page_and_staff_for_every_owner_page(
    client, world, embedded
):
    checked, wrong = 0, []
    for email, role in (("client1@a.test", "client"), ("staff@a.test", "staff")):
        log_in(client, email)
        token = csrf_token(client, "/client/" if role == "client" else "/staff/")
        for route in routes(client.application):
            if route.roles is None or route.allows(role):
                continue
            url = route.url(own_values(world))  # rows of their own office: still none of theirs
            for method in route.methods:
                checked += 1
                if (status := call(client, method, url, token).status_code) != 404:
                    wrong.append(f"{role} {method} {url}: {status}")
        client.post("/logout", data={"csrf_token": token})
    assert checked >= 20 and wrong == []
