"""Login, roles, CSRF, rate limits and hashed passwords."""

from __future__ import annotations

from sqlalchemy import select

from intake.errors import Problem
from intake.models import User
from tests.portal.conftest import csrf_token, log_in, page_text, tr


def test_a_client_logs_in_and_lands_on_the_company_page(client, pdata):
    response = log_in(client, "client1@a.test")
    assert response.status_code == 302 and response.headers["Location"].endswith("/client/")
    page = client.get("/client/").get_data(as_text=True)
    assert "Firma Jeden" in page


def test_staff_land_on_the_document_list_and_owners_on_the_office(client, pdata):
    assert log_in(client, "staff@a.test").headers["Location"].endswith("/staff/")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    assert log_in(client, "owner@a.test").headers["Location"].endswith("/owner/")


def test_a_wrong_password_is_refused(client, pdata):
    response = log_in(client, "client1@a.test", "wrong-password")
    assert response.status_code == 401
    assert tr("Wrong e-mail or password.") in page_text(response)
    assert client.get("/client/").status_code == 302


def test_logout_ends_the_session(client, pdata):
    log_in(client, "client1@a.test")
    token = csrf_token(client, "/client/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/client/").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(client, pdata):
    response = client.post("/login", data={"email": "client1@a.test", "password": "x"})
    assert response.status_code == 400


def test_login_attempts_are_rate_limited(client, pdata):
    for _ in range(10):
        log_in(client, "client1@a.test", "wrong-password")
    response = log_in(client, "client1@a.test")
    assert response.status_code == 429


def test_passwords_are_stored_hashed(embedded, pdata):
    with embedded.db.session() as s:
        user = s.scalar(select(User).where(User.email == "client1@a.test"))
    assert user.password_hash.startswith("$argon2")
    assert "correct-horse" not in user.password_hash


def test_a_client_cannot_open_staff_or_owner_pages(as_user):
    client = as_user("client1@a.test")
    assert client.get("/staff/").status_code == 404
    assert client.get("/owner/").status_code == 404


def test_staff_cannot_open_owner_pages(as_user):
    assert as_user("staff@a.test").get("/owner/").status_code == 404


def test_the_portal_speaks_english_on_request(client, pdata):
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert "Log in" in page and "Zaloguj" not in page
    assert "Zaloguj" in client.get("/login?lang=pl").get_data(as_text=True)


def test_the_owner_adds_a_company_and_its_client_who_can_then_log_in(embedded, client, pdata):
    from intake.models import Company

    log_in(client, "owner@a.test")
    token = csrf_token(client, "/owner/")
    bad = {"csrf_token": token, "name": "Zła", "nip": "1234567890", "pin": "2468"}
    refused = client.post("/owner/companies", data=bad)
    # The form comes back with what was typed and the reason, in Polish.
    assert refused.status_code == 422
    page = page_text(refused)
    assert 'data-code="nip_invalid"' in page
    assert tr(Problem.NIP_INVALID, nip="1234567890") in page
    assert 'value="Zła"' in page and 'value="2468"' in page
    client.post(
        "/owner/companies",
        data={
            "csrf_token": token,
            "name": "Nowa Firma",
            "nip": "PL 779-000-09-13",
            "pin": "2468",
            "accountant": str(pdata["staff"]),
            "contact_email": "szef@nowa.pl",
            "contact_phone": "600 100 200",
        },
    )
    with embedded.db.session() as s:
        company = s.query(Company).filter_by(nip="7790000913").one()
        assert company.accountant_id == pdata["staff"] and company.pin_hash.startswith("$argon2")
        assert [c.email for c in company.contacts] == ["szef@nowa.pl"]
        company_id = company.id
    client.post(
        "/owner/users",
        data={
            "csrf_token": token,
            "email": "szef@nowa.pl",
            "name": "Szef",
            "role": "client",
            "company": str(company_id),
            "password": "dobre-haslo-1",
        },
    )
    client.post("/logout", data={"csrf_token": csrf_token(client, "/owner/")})
    assert log_in(client, "szef@nowa.pl", "dobre-haslo-1").status_code == 302
    assert "Nowa Firma" in client.get("/client/").get_data(as_text=True)


def test_an_owner_cannot_attach_a_client_to_another_offices_company(embedded, client, pdata):
    from intake.models import User

    log_in(client, "owner@a.test")
    token = csrf_token(client, "/owner/")
    refused = client.post(
        "/owner/users",
        data={
            "csrf_token": token,
            "email": "intruz@x.pl",
            "name": "X",
            "role": "client",
            "company": str(pdata["c3"]),
            "password": "dobre-haslo-1",
        },
    )
    with embedded.db.session() as s:
        assert s.query(User).filter_by(email="intruz@x.pl").first() is None
    assert refused.status_code == 422
    assert 'data-code="client_needs_company"' in page_text(refused)
