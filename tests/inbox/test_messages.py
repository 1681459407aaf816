"""Every .eml fixture through a real Dovecot into documents, as its .json says."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from inbox.models import InboundEmail, InboundPart
from inbox.notes import codes
from inbox.poller import poll_all
from inbox.vocabulary import PartOutcome
from intake import events
from intake.models import Company, Document, Period
from intake.models.texts import code_of
from intake.month import Month
from intake.vocabulary import PeriodState, Source
from notify.compose import render
from tests.inbox.conftest import EML, eml

FIXTURES = sorted(p.stem for p in EML.glob("*.eml") if not p.stem.startswith("signature"))


@pytest.mark.parametrize("name", FIXTURES)
def test_each_fixture_ends_as_its_expectation_says(
    name, mail_rt, companies, dovecot, user, published
):
    expect = json.loads((EML / f"{name}.json").read_text())
    dovecot.deliver(user, eml(name))
    [report] = poll_all(mail_rt)
    assert report.failure is None and report.errors == 0
    with mail_rt.db.session() as s:
        [row] = s.scalars(select(InboundEmail)).all()
        docs = s.scalars(select(Document).order_by(Document.id)).all()
        code = s.get(Company, row.company_id).inbox_code if row.company_id else None
        assert mail_rt.storage.get(row.storage_key) == eml(name).replace(b"\n", b"\r\n")
    assert row.status == expect["status"], row.note
    assert code == expect["company"]
    assert sorted(d.filename for d in docs) == sorted(expect["documents"])
    assert all(d.origin == f"email:{row.id}" and d.source == Source.EMAIL for d in docs)
    assert all(d.duplicate_of_id is None for d in docs)
    for note in expect.get("note", []):
        assert note in codes(row.note), codes(row.note)
    if "month" in expect:
        assert {d.month for d in docs} == {Month.parse(expect["month"])}
    replies = [p for n, p in published if n == events.REPLY_TO_SENDER]
    if "reply" in expect:
        assert bool(replies) == expect["reply"], replies
    folder = "Rejected" if expect["status"] == "rejected" else "Processed"
    assert dovecot.count(user, folder) == 1
    assert dovecot.count(user, "INBOX") == 0


def test_a_confirmation_by_mail_confirms_the_month_and_closes_it_after_the_commit(
    mail_rt, companies, dovecot, user
):
    started = time.monotonic()
    dovecot.deliver(user, eml("confirm-month"))
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        period = s.scalar(select(Period).where(Period.company_id == companies["jeden"]))
        assert period is not None and period.month == Month(2026, 10)
        assert period.confirmed_by == "email:jan@firma.test"
        # Nothing of October waits: the month closes once the confirmation is committed
        # (not when the savepoint around it is released, while the message's transaction
        # still holds SQLite's write lock).
        assert period.state == PeriodState.CLOSED
    assert time.monotonic() - started < 10


def test_a_repeated_signature_image_is_skipped_the_second_time(mail_rt, companies, dovecot, user):
    dovecot.deliver(user, eml("signature-repeated-a"), eml("signature-repeated-b"))
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        names = [d.filename for d in s.scalars(select(Document).order_by(Document.id))]
        second = s.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()[1]
        banner = s.scalar(
            select(InboundPart).where(
                InboundPart.inbound_email_id == second.id, InboundPart.filename == "banner.png"
            )
        )
    assert names.count("banner.png") == 1
    assert {"FV-24.pdf", "FV-25.pdf"} <= set(names)
    assert banner.outcome == PartOutcome.SKIPPED and code_of(banner.note) == "signature_repeated"
    assert codes(second.note) == ["taken_in_with_notes", "about_file", "signature_repeated"]


def test_the_reply_to_a_wrong_pin_says_why_and_answers_the_message(
    mail_rt, companies, dovecot, user, published
):
    dovecot.deliver(user, eml("wrong-pin"))
    poll_all(mail_rt)
    [(name, reply)] = published
    assert name == events.REPLY_TO_SENDER
    assert reply["to"] == "jan@firma.test" and reply["office_id"] == companies["office"]
    assert reply["subject"].startswith("Re: [1111]")
    assert reply["in_reply_to"].startswith("<")
    # A sender the company does not know reads the office's language, then English.
    polish, english = (
        render("inbox", "wrong_pin", locale, subject="-", company="-", office="-", timezone="-")
        for locale in ("pl", "en")
    )
    assert reply["body"].index(polish.body.strip()) < reply["body"].index(english.body.strip())


def test_an_imported_message_is_flagged_and_moved(mail_rt, companies, dovecot, user):
    dovecot.deliver(user, eml("pin-in-body"), eml("missing-pin"))
    poll_all(mail_rt)
    with dovecot.client(user) as client:
        client.select_folder("Processed")
        [flags] = client.get_flags(client.search(["ALL"])).values()
        client.select_folder("Rejected")
        [rejected] = client.get_flags(client.search(["ALL"])).values()
    assert b"\\Seen" in flags and b"$IntakeImported" in flags
    assert b"$IntakeRejected" in rejected
