"""Logins that end: at logout, everywhere, after an idle time and a lifetime; renewed at login.

Reproduces issue 16: a cookie replayed after logout still worked for 30 days, and a CSRF
token from before the login still worked after it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from intake.models import LoginSession, utcnow
from tests.portal.conftest import csrf_token, log_in


def session_cookie(client) -> str:  # type: ignore[no-untyped-def]
    """Return the value of the client's session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_cookie_replayed_after_logout_opens_nothing(client, pdata):
    log_in(client, "client1@a.test")
    stolen = session_cookie(client)
    assert client.get("/client/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/client/")})
    client.set_cookie("session", stolen)
    response = client.get("/client/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logging_in_renews_the_session_and_its_csrf_token(client, pdata):
    before = csrf_token(client, "/login")
    old_cookie = client.get_cookie("session")
    log_in(client, "client1@a.test")
    assert client.get_cookie("session").value != (old_cookie.value if old_cookie else None)
    response = client.post("/client/confirm", data={"csrf_token": before, "month": "x"})
    assert response.status_code == 400  # the form from before the login has expired


def test_an_idle_session_ends(client, pdata, embedded):
    log_in(client, "client1@a.test")
    with embedded.db.session() as s:
        s.execute(update(LoginSession).values(seen_at=utcnow() - dt.timedelta(minutes=61)))
    assert client.get("/client/").status_code == 302


def test_a_busy_session_ends_after_its_lifetime(client, pdata, embedded):
    log_in(client, "client1@a.test")
    with embedded.db.session() as s:
        s.execute(update(LoginSession).values(created_at=utcnow() - dt.timedelta(hours=13)))
    assert client.get("/client/").status_code == 302


def test_logging_out_everywhere_ends_the_other_devices_too(app, pdata):
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, "staff@a.test")
    log_in(laptop, "staff@a.test")
    laptop.post("/logout/everywhere", data={"csrf_token": csrf_token(laptop, "/staff/")})
    assert phone.get("/staff/").status_code == 302
    assert laptop.get("/staff/").status_code == 302


def test_the_owner_logs_a_staff_member_out_everywhere(app, pdata):
    staff, owner = app.test_client(), app.test_client()
    log_in(staff, "staff@a.test")
    log_in(owner, "owner@a.test")
    token = csrf_token(owner, "/owner/")
    response = owner.post("/owner/users/logout", data={"csrf_token": token, "user": pdata["staff"]})
    assert response.status_code == 302
    assert staff.get("/staff/").status_code == 302
    assert owner.get("/owner/").status_code == 200


def test_an_owner_cannot_log_out_another_offices_user(app, pdata):
    other, owner = app.test_client(), app.test_client()
    log_in(other, "staff@b.test")
    log_in(owner, "owner@a.test")
    token = csrf_token(owner, "/owner/")
    response = owner.post(
        "/owner/users/logout", data={"csrf_token": token, "user": pdata["staff_b"]}
    )
    assert response.status_code == 404
    assert other.get("/staff/").status_code == 200
