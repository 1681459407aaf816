"""Public forms (issue 13): embeddable by script or iframe; a submission is a case only after
its sender activates it from the e-mail; honeypot, stamp, size and per-address limits."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from cases.forms import save_form
from cases.models import Case, Submission
from cases.vocabulary import CaseSource, CaseState, FormKind
from intake.models import User
from tests.conftest import wait_processed
from tests.portal.conftest import page_text


@pytest.fixture
def form_key(embedded, pdata) -> str:
    """An offer form of office A; return its public key."""
    with embedded.db.session() as s:
        form = save_form(
            s,
            s.get_one(User, pdata["owner"]),
            kind=FormKind.OFFER,
            title="Zapytaj o ofertę",
            required=["phone", "message"],
            consent_text="Zgadzam się na kontakt.",
            terms_url="https://biuro.example/regulamin",
            colour="#aa3300",
            background="#fffdf0",
            locale="pl",
        )
        return form.key


def filled(client, key: str, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return a filled form with the stamp the page carries."""
    page = client.get(f"/forms/{key}").get_data(as_text=True)
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp
    return {
        "stamp": stamp.group(1),
        "name": "Anna Kowalska",
        "email": "anna@kowalska.test",
        "phone": "600100200",
        "message": "Proszę o wycenę pełnej księgowości.",
        "consent": "yes",
        "website": "",
        **extra,
    }


def counts(rt) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with rt.db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Submission)) or 0,
            s.scalar(select(func.count()).select_from(Case)) or 0,
        )


def test_a_submission_is_a_case_only_after_its_activation(client, embedded, form_key):
    page = client.get(f"/forms/{form_key}")
    assert page.status_code == 200
    assert "frame-ancestors *" in page.headers["Content-Security-Policy"]
    assert "csrf_token" not in page_text(page)  # a third-party frame carries no session
    css = client.get(f"/forms/{form_key}/style.css").get_data(as_text=True)
    assert "--form-colour: #aa3300" in css
    script = client.get(f"/forms/{form_key}/embed.js")
    assert script.mimetype == "text/javascript"
    assert f"/forms/{form_key}" in script.get_data(as_text=True)
    # Every other page still refuses to be framed by another site.
    assert "frame-ancestors 'self'" in client.get("/login").headers["Content-Security-Policy"]

    sent = client.post(f"/forms/{form_key}", data=filled(client, form_key))
    assert sent.status_code == 200 and "data-sent" in sent.get_data(as_text=True)
    assert counts(embedded) == (1, 0)  # kept aside, no case on the desk
    wait_processed(embedded)
    [mail] = list(embedded.settings.outbox_dir.glob("*anna-kowalska-test.eml"))
    link = re.search(r"/forms/activate/[0-9]+\.[0-9a-f]+", mail.read_text().replace("=\n", ""))
    assert link
    asked = client.get(link.group(0))
    assert asked.status_code == 200 and counts(embedded) == (1, 0)  # a GET activates nothing
    token = re.search(r'name="csrf_token" value="([^"]+)"', asked.get_data(as_text=True))
    assert token
    done = client.post(link.group(0), data={"csrf_token": token.group(1)})
    assert done.status_code == 200 and "data-activated" in done.get_data(as_text=True)
    again = client.post(link.group(0), data={"csrf_token": token.group(1)})
    assert again.status_code == 200
    with embedded.db.session() as s:
        [case] = s.scalars(select(Case)).all()
        assert (case.source, case.state) == (CaseSource.FORM, CaseState.TO_ASSIGN)
        assert case.prospect_email == "anna@kowalska.test"
        assert "Proszę o wycenę" in case.messages[0].body and "600100200" in case.messages[0].body
    forged = link.group(0)[:-4] + "0000"
    assert client.post(forged, data={"csrf_token": token.group(1)}).status_code == 400


def test_bots_and_bad_submissions_make_nothing(client, embedded, form_key):
    honeypot = client.post(f"/forms/{form_key}", data=filled(client, form_key, website="x.pl"))
    assert honeypot.status_code == 200 and "data-sent" in honeypot.get_data(as_text=True)
    no_stamp = client.post(f"/forms/{form_key}", data={**filled(client, form_key), "stamp": ""})
    assert no_stamp.status_code == 400
    missing = client.post(f"/forms/{form_key}", data=filled(client, form_key, phone=""))
    assert missing.status_code == 422 and "Telefon" in page_text(missing)
    no_consent = client.post(f"/forms/{form_key}", data=filled(client, form_key, consent=""))
    assert no_consent.status_code == 422
    assert counts(embedded) == (0, 0)
    huge = client.post(f"/forms/{form_key}", data=filled(client, form_key, message="x" * 20_000))
    assert huge.status_code == 413
    assert client.get("/forms/nie-ma-takiego").status_code == 404


def test_one_address_sends_a_form_at_most_five_times_a_minute(client, embedded, form_key):
    answers = [
        client.post(
            f"/forms/{form_key}", data=filled(client, form_key, name=f"Anna {n}")
        ).status_code
        for n in range(7)
    ]
    assert answers == [200] * 5 + [429, 429]
    assert counts(embedded) == (5, 0)
    other = client.post(
        f"/forms/{form_key}",
        data=filled(client, form_key),
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert other.status_code == 200
