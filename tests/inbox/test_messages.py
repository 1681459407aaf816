"""Every .eml fixture through a real Dovecot into documents, as its .json says."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from inbox.poller import poll_all
from intake import events
from intake.models import Company, Document, InboundEmail, Period
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
    assert all(d.inbound_email_id == row.id and d.source == "email" for d in docs)
    assert all(d.duplicate_of_id is None for d in docs)
    for words in expect.get("note", []):
        assert words in (row.note or ""), row.note
    if "month" in expect:
        assert {d.month for d in docs} == {expect["month"]}
    replies = [p for n, p in published if n == events.REPLY_TO_SENDER]
    if "reply" in expect:
        assert bool(replies) == expect["reply"], replies
    folder = "Rejected" if expect["status"] == "rejected" else "Processed"
    assert dovecot.count(user, folder) == 1
    assert dovecot.count(user, "INBOX") == 0


def test_a_confirmation_by_mail_confirms_the_month(mail_rt, companies, dovecot, user):
    dovecot.deliver(user, eml("confirm-month"))
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        period = s.scalar(select(Period).where(Period.company_id == companies["jeden"]))
        assert period is not None and period.month == "2026-10"
        assert period.confirmed_by == "e-mail from jan@firma.test"


def test_a_repeated_signature_image_is_skipped_the_second_time(mail_rt, companies, dovecot, user):
    dovecot.deliver(user, eml("signature-repeated-a"), eml("signature-repeated-b"))
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        names = [d.filename for d in s.scalars(select(Document).order_by(Document.id))]
        second = s.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()[1]
    assert names.count("banner.png") == 1
    assert {"FV-24.pdf", "FV-25.pdf"} <= set(names)
    assert "signature" in second.note


def test_the_reply_to_a_wrong_pin_says_why_and_answers_the_message(
    mail_rt, companies, dovecot, user, published
):
    dovecot.deliver(user, eml("wrong-pin"))
    poll_all(mail_rt)
    [(name, reply)] = published
    assert name == events.REPLY_TO_SENDER
    assert reply["to"] == "jan@firma.test" and reply["office_id"] == companies["office"]
    assert reply["subject"].startswith("Re: [1111]")
    assert "PIN" in reply["body"] and reply["in_reply_to"].startswith("<")


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
