"""PINs, trusted senders, blocks after five wrong PINs, one reply per sender per hour."""

from __future__ import annotations

from sqlalchemy import select

from inbox.models import InboundEmail, SenderEvent
from inbox.pin import find_pin
from inbox.poller import poll_all
from inbox.trust import allow_sender
from inbox.vocabulary import MailStatus, SenderEventKind
from intake import events
from intake.models import Document
from intake.models.texts import code_of
from tests.inbox.factory import message, pdf

# What the office's own receiving server (INTAKE_INBOX_AUTHSERV_IDS) writes of firma.test.
PASSED = "mx.office.test; dkim=pass header.d=firma.test; dmarc=pass header.from=firma.test"


def send(dovecot, user, subject: str, n: int, sender: str = "jan@firma.test", **kw) -> None:  # type: ignore[no-untyped-def]
    """Deliver n messages with one distinct PDF each."""
    dovecot.deliver(
        user,
        *[
            message(
                subject,
                sender=sender,
                **kw,
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
    assert last.status == MailStatus.REJECTED and code_of(last.note) == "blocked"
    # The sixth was already refused as blocked; the block is counted once.
    assert kinds.count(SenderEventKind.BLOCKED) == 1
    assert kinds.count(SenderEventKind.WRONG_PIN) == 5
    assert dovecot.count(user, "Rejected") == 7


def test_a_sender_the_office_lists_needs_no_pin(mail_rt, companies, dovecot, user):
    with mail_rt.db.session() as s:
        allow_sender(s, companies["jeden"], "@firma.test")
    send(dovecot, user, "faktura bez PIN-u", 1, headers={"Authentication-Results": PASSED})
    [report] = poll_all(mail_rt)
    assert report.imported == 1 and report.documents == 1


def test_a_listed_sender_of_one_company_still_needs_the_pin_of_another(
    mail_rt, companies, dovecot, user
):
    with mail_rt.db.session() as s:
        allow_sender(s, companies["dwa"], "jan@firma.test")
    send(dovecot, user, "faktura bez PIN-u", 1, headers={"Authentication-Results": PASSED})
    [report] = poll_all(mail_rt)
    assert report.rejected == 1


def test_another_companys_pin_opens_nothing(mail_rt, companies, dovecot, user):
    send(dovecot, user, "[1357] faktura", 1)
    [report] = poll_all(mail_rt)
    assert report.rejected == 1 and report.documents == 0


def test_pins_are_found_in_every_written_form():
    for subject in ("[4821] x", "x (4821)", "PIN 4821 x", "PIN: 4821", "pin:4821", "[ 4821 ]"):
        assert find_pin(subject, []).pin == "4821", subject
    assert find_pin("Faktury", ["Dzień dobry", "4821"]).pin == "4821"
    assert find_pin("faktura 10/2026 FV 12/10/2026", []).pin is None
