"""Limits per account, the proxy in front, headers, file names, tokens in logs, approvals,
cross-office messages and row ids out of range: each reproduces a finding of issue 16.
"""

from __future__ import annotations

import io
import logging
import re

import pytest
from sqlalchemy import select

from intake.models import Period, User
from portal import create_app
from tasks.models import Task
from tests.inbox.factory import pdf
from tests.portal.conftest import csrf_token, log_in, page_text
from tests.seeding import PASSWORD

OTHER_IP = {"REMOTE_ADDR": "10.0.0.2"}


def portal(start_runtime, **env: str):  # type: ignore[no-untyped-def]
    """Return a test client of a portal started with extra INTAKE_* settings, and the ids."""
    rt, ids = start_runtime(**env)
    app = create_app(rt, TESTING=True, RATELIMIT_STORAGE_URI="memory://")
    return app.test_client(), ids, rt


# Limits


def test_failed_logins_are_limited_per_account_whatever_the_address(client, pdata):
    for _ in range(10):
        log_in(client, "client1@a.test", "wrong-password")
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"email": "client1@a.test", "password": "x", "csrf_token": token},
        environ_base=OTHER_IP,
    )
    assert response.status_code == 429


def test_successful_logins_do_not_count_against_the_limit(client, pdata):
    for _ in range(12):
        assert log_in(client, "client1@a.test").status_code == 302
        client.post("/logout", data={"csrf_token": csrf_token(client, "/client/")})


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(start_runtime):
    client, _, _ = portal(start_runtime, INTAKE_TRUSTED_PROXIES="1")
    for n in range(10):  # ten different accounts, so only the address's limit can apply
        token = csrf_token(client)
        client.post(
            "/login",
            data={"email": f"nobody{n}@x.test", "password": "x", "csrf_token": token},
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"email": "client1@a.test", "password": PASSWORD, "csrf_token": token},
        headers={"X-Forwarded-For": "198.51.100.9"},
    )
    assert response.status_code != 429


def test_without_a_trusted_proxy_forwarded_addresses_are_ignored(client, pdata):
    for n in range(10):
        token = csrf_token(client)
        client.post(
            "/login",
            data={"email": f"nobody{n}@x.test", "password": "x", "csrf_token": token},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"email": "client1@a.test", "password": "x", "csrf_token": token},
        headers={"X-Forwarded-For": "198.51.100.9"},
    )
    assert response.status_code == 429


def test_uploads_are_limited_per_person(start_runtime):
    client, _, _ = portal(start_runtime, INTAKE_UPLOADS_PER_MINUTE="3")
    log_in(client, "client1@a.test")
    token = csrf_token(client, "/client/")
    codes = []
    for n in range(5):
        files = {"files": (io.BytesIO(pdf(f"up{n}")), f"f{n}.pdf")}
        response = client.post(
            "/client/upload",
            data={"csrf_token": token, **files},
            headers={"Accept": "application/json"},
            content_type="multipart/form-data",
        )
        codes.append(response.status_code)
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


@pytest.mark.parametrize("month", ["2031-05", "1999-01"])
def test_a_client_cannot_confirm_a_month_long_past_or_not_begun(client, pdata, embedded, month):
    log_in(client, "client1@a.test")
    token = csrf_token(client, "/client/")
    client.post("/client/confirm", data={"csrf_token": token, "month": month})
    with embedded.db.session() as s:
        assert s.scalars(select(Period)).all() == []


# Headers


def test_every_page_has_a_content_security_policy_and_no_inline_script(as_user):
    client = as_user("client1@a.test")
    for path in ("/client/", "/client/phone"):
        response = client.get(path)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        html = response.get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], path
    assert "default-src" in client.get("/login").headers["Content-Security-Policy"]


def test_private_pages_are_never_stored_static_files_may_be(as_user):
    client = as_user("client1@a.test")
    assert client.get("/client/").headers["Cache-Control"] == "no-store"
    assert client.get("/client/documents.json").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/app.css").headers.get("Cache-Control", "")


def test_no_hsts_when_the_portal_is_served_over_http(client, pdata):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_hsts_when_the_portal_is_served_over_https(start_runtime):
    secure, _, _ = portal(start_runtime, INTAKE_BASE_URL="https://intake.example.pl")
    assert "max-age=" in secure.get("/login").headers["Strict-Transport-Security"]


def test_a_polish_file_name_downloads_whole(embedded, as_user, pdata):
    from tests.seeding import hand_in

    accepted = hand_in(embedded, pdata["c1"], pdf("łódź"), "Faktura łódź ąę.pdf", "portal")
    client = as_user("staff@a.test")
    header = client.get(f"/staff/documents/{accepted.document_id}/file?download=1").headers[
        "Content-Disposition"
    ]
    assert "filename*=UTF-8''Faktura%20%C5%82%C3%B3d%C5%BA%20%C4%85%C4%99.pdf" in header
    assert 'filename="Faktura lodz ae.pdf"' in header


# Secrets


def test_approval_tokens_never_reach_the_request_log(world, client, caplog):
    caplog.set_level(logging.INFO)
    client.get(f"/client/approve/{world['token']}")
    client.get(f"/client/approve/{world['token']}?lang=en")
    assert world["token"] not in caplog.text
    assert world["token"].split(".")[-1] not in caplog.text
    assert "/client/approve/***" in caplog.text


def test_an_approval_by_another_offices_user_is_recorded_as_by_the_link(world, client, embedded):
    log_in(client, "staff@b.test")
    token = csrf_token(client, f"/client/approve/{world['token']}")
    client.post(f"/client/approve/{world['token']}", data={"csrf_token": token})
    with embedded.db.session() as s:
        task = s.get_one(Task, world["task"])
    assert task.approved_at is not None
    assert task.approved_by == "approval link"


def test_the_companys_own_client_approves_under_their_name(world, client, embedded):
    log_in(client, "client1@a.test")
    token = csrf_token(client, f"/client/approve/{world['token']}")
    client.post(f"/client/approve/{world['token']}", data={"csrf_token": token})
    with embedded.db.session() as s:
        assert s.get_one(Task, world["task"]).approved_by == "client1@a.test"


def test_another_offices_user_or_inbox_code_is_not_named(as_user, pdata, embedded):
    client = as_user("owner@a.test")
    token = csrf_token(client, "/owner/")
    taken = client.post(
        "/owner/users",
        data={
            "csrf_token": token,
            "email": "staff@b.test",
            "name": "X",
            "role": "staff",
            "password": "dobre-haslo-1",
        },
    )
    assert taken.status_code == 422
    page = page_text(taken)
    assert 'data-code="email_unusable"' in page and "already exists" not in page
    with embedded.db.session() as s:
        code_b = s.scalar(select(User).where(User.email == "client3@b.test")).company.inbox_code
    refused = client.post(
        "/owner/companies",
        data={"csrf_token": token, "name": "Nowa", "nip": "7790000913", "code": code_b},
    )
    assert refused.status_code == 422
    assert 'data-code="choose_another_code"' in page_text(refused)


def test_within_the_office_the_user_is_named(as_user, pdata):
    client = as_user("owner@a.test")
    token = csrf_token(client, "/owner/")
    data = {"csrf_token": token, "email": "staff@a.test", "name": "X", "role": "staff"}
    taken = client.post("/owner/users", data={**data, "password": "dobre-haslo-1"})
    assert 'data-code="user_exists"' in page_text(taken)


# Row ids


HUGE = "99999999999999999999"


def test_ids_out_of_range_are_404_on_every_route(world, app):
    from tests.portal.routes import routes

    staff = app.test_client()
    log_in(staff, "owner@a.test")
    token = csrf_token(staff, "/owner/")
    checked = []
    for route in routes(app):
        if not route.row_args:
            continue
        values = {name: 1 for name in route.rule.arguments}
        path = route.url(values)
        for _ in route.row_args:
            path = path.replace("/1", f"/{HUGE}", 1)
        for method in route.methods:
            response = (
                staff.get(path) if method == "GET" else staff.post(path, data={"csrf_token": token})
            )
            checked.append((method, path, response.status_code))
    assert checked
    assert [row for row in checked if row[2] != 404] == []


def test_ids_out_of_range_in_forms_and_queries_are_no_error(as_user, pdata):
    client = as_user("owner@a.test")
    assert client.get(f"/staff/?company={HUGE}").status_code == 200
    token = csrf_token(client, "/owner/")
    response = client.post(
        "/owner/companies",
        data={"csrf_token": token, "name": "N", "nip": "7790000913", "accountant": HUGE},
    )
    assert response.status_code in (302, 422)
    response = client.post(
        "/owner/users",
        data={
            "csrf_token": token,
            "email": "n@x.test",
            "name": "N",
            "role": "client",
            "company": HUGE,
            "password": "dobre-haslo-1",
        },
    )
    assert response.status_code == 422


# Held on main, kept by tests (the README's security section points here)


def test_markup_in_a_file_name_is_shown_as_text(embedded, as_user, pdata):
    from tests.seeding import hand_in

    hand_in(embedded, pdata["c1"], pdf("xss"), '<img src=x onerror="alert(1)">.pdf', "portal")
    html = as_user("staff@a.test").get("/staff/").get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;.pdf" in html


def test_the_session_cookie_is_http_only_same_site_and_secure_on_https(start_runtime):
    client, _, _ = portal(start_runtime, INTAKE_BASE_URL="https://intake.example.pl")
    response = log_in(client, "client1@a.test")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_an_uploaded_file_is_served_sandboxed_and_never_as_a_page(embedded, as_user, pdata):
    from tests.conftest import sample
    from tests.seeding import hand_in

    xml = sample("ksef/fa3-01.xml").read_bytes()
    accepted = hand_in(embedded, pdata["c1"], xml, "e-faktura.xml", "portal")
    response = as_user("staff@a.test").get(f"/staff/documents/{accepted.document_id}/file")
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    page = as_user("staff@a.test").get("/staff/")
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"


def test_a_ksef_invoice_id_out_of_range_is_no_error(as_user, pdata):
    client = as_user("client1@a.test")
    token = csrf_token(client, "/client/")
    response = client.post(
        "/ksef/invoices",
        data={"csrf_token": token, "invoice": HUGE, "qualification": "books"},
    )
    assert response.status_code == 302
