"""Contacts are kept in one form (e-mail lower-cased, phone in E.164); password links work once."""

from __future__ import annotations

import datetime as dt

import pytest

from intake.contacts import add_contact, get_contact, normal_phone, remove_contact, update_contact
from intake.errors import InvalidInput, NotFound
from intake.models import Company, Contact, User
from intake.passwords import (
    LinkPurpose,
    invite_client,
    password_token,
    set_password,
    user_for_token,
)
from intake.security import verify_secret


def test_a_contact_is_kept_in_one_form(embedded):
    from tests.seeding import seed_offices

    ids = seed_offices(embedded)
    with embedded.db.session() as s:
        company = s.get_one(Company, ids["c1"])
        contact = add_contact(s, company, " Jan ", " Jan@Firma.TEST ", "600 100 200")
        assert (contact.name, contact.email, contact.phone) == (
            "Jan",
            "jan@firma.test",
            "+48600100200",
        )
        update_contact(s, contact, "Jan N.", None, "+972 52-555-1234", "he")
        assert (contact.email, contact.phone, contact.locale) == (None, "+972525551234", "he")
        for email, phone, code in (
            ("nie-adres", None, "email_invalid"),
            (None, "12", "phone_invalid"),
            (None, None, "contact_needs_address"),
        ):
            with pytest.raises(InvalidInput) as e:
                add_contact(s, company, "X", email, phone)
            assert e.value.code == code
        with pytest.raises(NotFound):
            get_contact(s, ids["office_b"], contact.id)
        remove_contact(s, get_contact(s, ids["office_a"], contact.id))
        assert s.get(Contact, contact.id) is None


def test_a_national_number_is_read_as_the_office_country_writes_it():
    assert normal_phone("054-444-5555", "IL") == "+972544445555"
    assert normal_phone("600100200", "PL") == "+48600100200"


def test_an_invitation_link_sets_a_password_once(embedded, monkeypatch):
    from tests.seeding import seed_offices

    ids = seed_offices(embedded)
    settings = embedded.settings
    with embedded.db.session() as s:
        company = s.get_one(Company, ids["c1"])
        user = invite_client(s, company, "Nowa@Firma.test", "Nowa Osoba", "en")
        assert (user.email, user.role, user.locale) == ("nowa@firma.test", "client", "en")
        assert invite_client(s, company, "nowa@firma.test", "x").id == user.id
        token = password_token(settings, user, LinkPurpose.INVITE)
    with embedded.db.session() as s:
        assert user_for_token(s, settings, token)[1] == LinkPurpose.INVITE
        with pytest.raises(InvalidInput) as e:
            set_password(s, settings, token, "krótkie")
        assert e.value.code == "password_too_short"
        set_password(s, settings, token, "dobre-haslo-2027")
    with embedded.db.session() as s:
        assert verify_secret(s.get_one(User, user.id).password_hash, "dobre-haslo-2027")
        with pytest.raises(InvalidInput) as e:
            set_password(s, settings, token, "inne-haslo-2027")
        assert e.value.code == "password_link_used"
        with pytest.raises(InvalidInput) as e:
            user_for_token(s, settings, token[:-3] + "abc")
        assert e.value.code == "password_link_invalid"


def test_a_reset_link_expires_after_an_hour(embedded, monkeypatch):
    from tests.seeding import seed_offices

    ids = seed_offices(embedded)
    with embedded.db.session() as s:
        user = s.get_one(User, ids["client1"])
        token = password_token(embedded.settings, user, LinkPurpose.RESET)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)
    monkeypatch.setattr("intake.passwords.utcnow", lambda: later)
    with embedded.db.session() as s, pytest.raises(InvalidInput) as e:
        user_for_token(s, embedded.settings, token)
    assert e.value.code == "password_link_expired"


def test_another_companys_login_is_not_taken_over_by_an_invitation(embedded):
    from tests.seeding import seed_offices

    ids = seed_offices(embedded)
    with embedded.db.session() as s, pytest.raises(InvalidInput) as e:
        invite_client(s, s.get_one(Company, ids["c2"]), "client1@a.test", "x")
    assert e.value.code == "user_exists"
