"""Replies speak the sender's language; anyone the company does not know reads two languages."""

from __future__ import annotations

import datetime as dt
import re

from inbox.letter import Letter
from inbox.poller import poll_all
from inbox.replies import ReplyKind, compose
from intake import events
from intake.formats import format_moment
from intake.i18n import gettext
from intake.models import Company, Office
from intake.offices import add_contact, add_user
from notify.compose import render
from tests.inbox.conftest import eml
from tests.inbox.factory import message

HEBREW = re.compile(r"[\u0590-\u05FF]")


def text_of(kind: str, locale: str, **context: object) -> str:
    """Return the body a reply kind has in one language."""
    filled = {"subject": "-", "company": "-", "office": "-", "timezone": "UTC", **context}
    return render("inbox", kind, locale, **filled).body.strip()


def set_office(rt, office_id: int, locale: str, timezone: str = "Europe/Warsaw") -> None:  # type: ignore[no-untyped-def]
    """Give the seeded office a language and a time zone."""
    with rt.db.session() as s:
        office = s.get_one(Office, office_id)
        office.locale, office.timezone = locale, timezone


def passed(reports: list) -> None:  # type: ignore[type-arg]
    """Fail with the poll's own account of itself when a pass failed or met errors."""
    assert [r.to_json() for r in reports if r.failure or r.errors or not r.messages] == []


def replies_of(published: list[tuple[str, dict]]) -> list[dict]:
    """Return the replies the inbox handed to notify."""
    return [payload for name, payload in published if name == events.REPLY_TO_SENDER]


def test_a_polish_contact_gets_a_polish_reply_from_an_english_office(
    mail_rt, companies, dovecot, user, published
):
    set_office(mail_rt, companies["office"], "en")
    with mail_rt.db.session() as s:
        add_contact(s, s.get_one(Company, companies["jeden"]), "Jan", "Jan@Firma.test", None, "pl")
    dovecot.deliver(user, eml("wrong-pin"))
    passed(poll_all(mail_rt))
    [reply] = replies_of(published)
    assert reply["body"].startswith(text_of("wrong_pin", "pl"))
    assert text_of("wrong_pin", "en") not in reply["body"]


def test_a_hebrew_contact_gets_a_hebrew_reply(mail_rt, companies, dovecot, user, published):
    with mail_rt.db.session() as s:
        add_contact(s, s.get_one(Company, companies["jeden"]), "Jan", "jan@firma.test", None, "he")
    dovecot.deliver(user, eml("missing-pin"))
    passed(poll_all(mail_rt))
    [reply] = replies_of(published)
    assert reply["body"].startswith(text_of("missing_pin", "he"))
    assert HEBREW.search(reply["body"])
    for other in ("pl", "en"):
        assert text_of("missing_pin", other) not in reply["body"]


def test_a_company_login_with_the_senders_address_sets_the_language(
    mail_rt, companies, dovecot, user, published
):
    with mail_rt.db.session() as s:
        company = s.get_one(Company, companies["jeden"])
        add_user(
            s, company.office, "jan@firma.test", "Jan", "client", "haslo-1234", company=company,
            locale="he",
        )  # fmt: skip
    dovecot.deliver(user, eml("refused-file"))
    passed(poll_all(mail_rt))
    [reply] = replies_of(published)
    body = reply["body"]
    assert gettext("he", "These files were not taken:") in body and "notatka.txt" in body
    assert "These files were not taken:" not in body
    assert gettext("pl", "These files were not taken:") not in body


def test_an_unknown_sender_reads_the_offices_language_then_english(
    mail_rt, companies, dovecot, user, published
):
    set_office(mail_rt, companies["office"], "he", "Asia/Jerusalem")
    dovecot.deliver(user, eml("missing-pin"))
    passed(poll_all(mail_rt))
    [reply] = replies_of(published)
    hebrew, english = text_of("missing_pin", "he"), text_of("missing_pin", "en")
    assert reply["body"].startswith(hebrew)
    assert reply["body"].index(english) > len(hebrew)


def test_held_until_is_shown_in_the_offices_time_zone(mail_rt, companies):
    set_office(mail_rt, companies["office"], "pl", "Asia/Jerusalem")
    until = dt.datetime(2026, 11, 10, 12, 5, tzinfo=dt.UTC)
    letter = Letter.read(message("[9999] faktura").as_bytes())
    with mail_rt.db.session() as s:
        company = s.get_one(Company, companies["jeden"])
        reply = compose(s, company, letter, ReplyKind.BLOCKED, until=until)
    assert reply.locales == ("pl", "en")
    assert format_moment(until, "pl", "Asia/Jerusalem") == "10.11.2026 14:05"
    assert reply.body.count("10.11.2026 14:05") == 2
    assert "12:05" not in reply.body and "UTC" not in reply.body


def test_a_message_without_a_subject_is_answered_under_a_translated_one(mail_rt, companies):
    letter = Letter.read(message("").as_bytes())
    with mail_rt.db.session() as s:
        company = s.get_one(Company, companies["jeden"])
        add_contact(s, company, "Jan", "jan@firma.test", None, "he")
        reply = compose(s, company, letter, ReplyKind.MISSING_PIN)
    assert reply.subject == f"Re: {gettext('he', '(no subject)')}"
    assert reply.in_reply_to == letter.message_id and reply.to == "jan@firma.test"
