"""Error pages and JSON errors speak the reader's language and carry a code."""

from __future__ import annotations

import io

import pytest

from intake.errors import IntakeError, InvalidInput, Problem
from portal import create_app
from tests.portal.conftest import csrf_token, log_in, page_text, tr


def test_a_missing_page_is_a_translated_404_page_or_json(client, pdata):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert 'data-code="not_found"' in page_text(page)
    assert tr("There is no such page, or it is not yours to see.") in page_text(page)
    script = client.get("/no-such-page?lang=he", headers={"Accept": "application/json"})
    assert script.status_code == 404
    assert script.get_json() == {
        "error": tr("There is no such page, or it is not yours to see.", "he"),
        "code": "not_found",
    }


def test_a_closed_page_asks_to_log_in_in_the_chosen_language(client, pdata):
    client.get("/login?lang=he")
    page = client.get("/client/", follow_redirects=True)
    assert page.request.path == "/login"
    assert tr("Log in to see this page.", "he") in page_text(page)
    assert '<html lang="he" dir="rtl">' in page_text(page)


def test_a_form_without_its_token_gets_a_translated_page(client, pdata):
    response = client.post("/login", data={"email": "x@y.pl", "password": "x"})
    assert response.status_code == 400
    page = page_text(response)
    assert 'data-code="form_expired"' in page
    assert tr("This form has expired. Go back, reload the page and send it again.") in page
    assert "CSRF" not in page


def test_too_many_logins_get_a_translated_page(client, pdata):
    client.get("/login?lang=he")
    for _ in range(11):
        response = log_in(client, "client1@a.test", "wrong-password")
    assert response.status_code == 429
    assert tr("Too many attempts. Wait a minute and try again.", "he") in page_text(response)


def test_a_file_over_the_limit_gets_a_translated_json_error(embedded, pdata):
    app = create_app(embedded, TESTING=True, RATELIMIT_STORAGE_URI="memory://")
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    client = app.test_client()
    log_in(client, "client1@a.test")
    data = {
        "csrf_token": csrf_token(client, "/client/"),
        "files": (io.BytesIO(b"%PDF-1.4 " + b"x" * 60_000), "big.pdf"),
    }
    response = client.post("/client/upload", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert response.get_json() == {
        "error": tr("The file is larger than the portal accepts."),
        "code": "too_large",
    }


def test_a_refused_upload_says_why_in_hebrew_with_a_code(as_user):
    client = as_user("client1@a.test")
    client.get("/client/?lang=he")
    data = {
        "csrf_token": csrf_token(client, "/client/"),
        "files": (io.BytesIO(b""), "empty.pdf"),
    }
    response = client.post("/client/upload", data=data, headers={"Accept": "application/json"})
    result = response.get_json()["results"][0]
    assert response.status_code == 422 and result["code"] == "file_unreadable"
    assert tr("The file is empty. Send the invoice again.", "he") in result["error"]


def test_a_crash_is_a_translated_500_page(embedded, pdata):
    app = create_app(embedded, TESTING=True, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("a secret detail")

    response = app.test_client().get("/boom?lang=pl")
    assert response.status_code == 500
    page = page_text(response)
    assert tr("Something went wrong on our side. Nothing was lost; try again in a moment.") in page
    assert "secret detail" not in page


def test_an_error_is_said_in_the_readers_language(app):
    from portal.language import say

    coded = InvalidInput(Problem.DEADLINE_DAY)
    for locale in ("pl", "en", "he"):
        with app.test_request_context(f"/?lang={locale}"):
            app.preprocess_request()
            assert say(coded) == tr(Problem.DEADLINE_DAY, locale)


def test_an_error_cannot_be_raised_without_a_reason():
    with pytest.raises(TypeError):
        IntakeError("a bare English sentence")  # type: ignore[arg-type]
