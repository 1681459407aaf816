"""PINs, trusted senders, blocks after five wrong PINs, one reply per sender per hour."""

from __future__ import annotations

from sqlalchemy import select

from inbox.pin import allow_sender, candidates
from inbox.poller import poll_all
from intake import events
from intake.models import Document, InboundEmail, SenderEvent
from tests.inbox.factory import message, pdf


def send(dovecot, user, subject: str, n: int, sender: str = "jan@firma.test") -> None:  # type: ignore[no-untyped-def]
    """Deliver n messages with one distinct PDF each."""
    dovecot.deliver(
        user,
        *[
            message(
                subject,
                sender=sender,
                attachments=[(f"f{n}-{i}.pdf", pdf(f"{subject}/{n}/{i}"), "application/pdf")],
            ).as_bytes()
            for i in range(n)
        ],
    )


def test_five_wrong_pins_block_the_sender_and_tell_the_accountant_once(
    mail_rt, companies, dovecot, user, published
):
    send(dovecot, user, "[9999] faktura", 6)
    [report] = poll_all(mail_rt)
    assert report.rejected == 6
    blocked = [p for n, p in published if n == events.SENDER_BLOCKED]
    assert len(blocked) == 1
    assert blocked[0]["company_id"] == companies["jeden"]
    assert blocked[0]["sender"] == "jan@firma.test" and blocked[0]["until"] is not None
    replies = [p for n, p in published if n == events.REPLY_TO_SENDER]
    assert len(replies) == 1, "at most one reply per sender per hour"

    # Blocked: even the right PIN is refused for the hour.
    send(dovecot, user, "[4821] faktura", 1)
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        last = s.scalars(select(InboundEmail).order_by(InboundEmail.id.desc())).first()
        assert s.scalars(select(Document)).all() == []
        kinds = s.scalars(select(SenderEvent.kind)).all()
    assert last.status == "rejected" and "blocked" in last.note
    # The sixth was already refused as blocked; the block is counted once.
    assert kinds.count("blocked") == 1 and kinds.count("wrong_pin") == 5
    assert dovecot.count(user, "Rejected") == 7


def test_a_sender_the_office_lists_needs_no_pin(mail_rt, companies, dovecot, user):
    with mail_rt.db.session() as s:
        allow_sender(s, companies["jeden"], "@firma.test")
    send(dovecot, user, "faktura bez PIN-u", 1)
    [report] = poll_all(mail_rt)
    assert report.imported == 1 and report.documents == 1


def test_a_listed_sender_of_one_company_still_needs_the_pin_of_another(
    mail_rt, companies, dovecot, user
):
    with mail_rt.db.session() as s:
        allow_sender(s, companies["dwa"], "jan@firma.test")
    send(dovecot, user, "faktura bez PIN-u", 1)
    [report] = poll_all(mail_rt)
    assert report.rejected == 1


def test_another_companys_pin_opens_nothing(mail_rt, companies, dovecot, user):
    send(dovecot, user, "[1357] faktura", 1)
    [report] = poll_all(mail_rt)
    assert report.rejected == 1 and report.documents == 0


def test_pins_are_found_in_every_written_form():
    for subject in ("[4821] x", "x (4821)", "PIN 4821 x", "PIN: 4821", "pin:4821", "[ 4821 ]"):
        assert "4821" in candidates(subject, []), subject
    assert candidates("Faktury", ["Dzień dobry", "4821"]) == ["4821"]
    assert candidates("faktura 10/2026 FV 12/10/2026", []) == []
