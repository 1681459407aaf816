"""One PIN per message, every wrong one counted per sender and per company, parsing bounded.

Each test here reproduces a finding of issue 16: one e-mail could carry every PIN, five
wrong PINs blocked only one From address, and an unknown inbox code was told apart from a
valid one by the reply it got (or did not get).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from inbox.models import InboundEmail, SenderEvent
from inbox.pin import find_pin
from inbox.poller import poll_all
from inbox.vocabulary import MailStatus, SenderEventKind
from intake import events, runtime
from intake.config import load_settings
from intake.models import Document
from intake.models.texts import code_of
from notify.models import Notification
from tests.conftest import fresh_home
from tests.inbox.conftest import inbox_env, seed
from tests.inbox.factory import message, pdf


def deliver(dovecot, user, subject: str, sender: str = "jan@firma.test", **kw) -> None:  # type: ignore[no-untyped-def]
    """Deliver one message with one PDF of its own."""
    attachment = (f"{subject[:20]}-{sender}.pdf", pdf(f"{subject}/{sender}"), "application/pdf")
    dovecot.deliver(
        user, message(subject, sender=sender, attachments=[attachment], **kw).as_bytes()
    )


def last_message(rt: runtime.Runtime) -> InboundEmail:
    """Return the newest inbound message."""
    with rt.db.session() as s:
        return s.scalars(select(InboundEmail).order_by(InboundEmail.id.desc())).first()


def documents(rt: runtime.Runtime) -> int:
    """Count the documents taken in."""
    with rt.db.session() as s:
        return len(s.scalars(select(Document.id)).all())


def test_a_subject_with_hundreds_of_pin_guesses_takes_nothing_and_counts_as_a_wrong_pin(
    mail_rt, companies, dovecot, user
):
    guesses = " ".join(f"[{n}]" for n in range(4600, 4885))  # 4821 is among them
    deliver(dovecot, user, guesses + " faktura")
    started = time.monotonic()
    [report] = poll_all(mail_rt)
    assert time.monotonic() - started < 10  # no hash is checked for any of them
    assert report.rejected == 1 and documents(mail_rt) == 0
    assert code_of(last_message(mail_rt).note) == "several_pins"
    with mail_rt.db.session() as s:
        kinds = s.scalars(select(SenderEvent.kind)).all()
    assert kinds.count(SenderEventKind.WRONG_PIN) == 1


def test_a_body_line_of_every_pin_takes_nothing(mail_rt, companies, dovecot, user):
    every = "".join(f"[{n:04}]" for n in range(10_000))
    deliver(dovecot, user, "faktury", body=every + "\nPozdrawiam")
    [report] = poll_all(mail_rt)
    assert report.rejected == 1 and documents(mail_rt) == 0
    assert code_of(last_message(mail_rt).note) == "several_pins"


def test_the_pin_is_the_first_in_the_subject_else_the_first_in_the_opening_lines():
    assert find_pin("[4821] faktura", []).pin == "4821"
    assert find_pin("faktura", ["Dzień dobry", "PIN 4821", "[4821]"]).pin == "4821"
    assert not find_pin("faktura", ["PIN 4821"]).several
    assert find_pin("[4821] faktura", ["PIN 1357"]).several
    assert find_pin("[4821] [1357]", []).several
    assert find_pin("faktura 10/2026", ["Dzień dobry"]).pin is None


def test_finding_the_pin_is_bounded_in_length_and_time():
    huge = "[1234" * 2_000_000  # 10 MB of almost-PINs
    started = time.monotonic()
    assert find_pin(huge, [huge] * 8).pin is None
    assert time.monotonic() - started < 0.5


@pytest.fixture
def locking_rt(tmp_path, dovecot, user, migrated_db) -> Iterator[runtime.Runtime]:  # type: ignore[no-untyped-def]
    """An embedded runtime whose companies lock their inbox after three wrong PINs an hour."""
    fresh_home(tmp_path, migrated_db)
    env = inbox_env(tmp_path, dovecot.url(user), INTAKE_INBOX_COMPANY_WRONG_PINS="3")
    started = runtime.start(load_settings(env))
    yield started
    started.stop()
    events.clear()


def test_wrong_pins_from_many_senders_lock_the_companys_inbox_and_tell_the_accountant(
    locking_rt, dovecot, user
):
    ids = seed(locking_rt)
    for n in range(3):  # each a new From address: no single sender reaches its own limit
        deliver(dovecot, user, f"[{9000 + n}] faktura", sender=f"guess{n}@elsewhere.test")
    poll_all(locking_rt)
    deliver(dovecot, user, "[4821] faktura", sender="jan@firma.test")
    poll_all(locking_rt)
    assert documents(locking_rt) == 0, "the right PIN opens nothing while the inbox is locked"
    assert code_of(last_message(locking_rt).note) == "blocked"
    # The other company's inbox is not locked.
    deliver(dovecot, user, "[1357] faktura", to="docs+dwa@office.test")
    poll_all(locking_rt)
    assert documents(locking_rt) == 1
    with locking_rt.db.session() as s:
        told = s.scalars(select(Notification).where(Notification.kind == "inbox_locked")).all()
    assert [n.recipient for n in told] == ["staff@a.test"]
    assert told[0].company_id == ids["jeden"]


def test_an_unknown_inbox_code_gets_the_same_answer_as_a_valid_one(
    mail_rt, companies, dovecot, user, published
):
    deliver(dovecot, user, "[1111] faktura", sender="a@one.test", to="docs+jeden@office.test")
    deliver(dovecot, user, "[1111] faktura", sender="b@two.test", to="docs+nikt@office.test")
    poll_all(mail_rt)
    replies = [p for name, p in published if name == events.REPLY_TO_SENDER]
    assert sorted(r["to"] for r in replies) == ["a@one.test", "b@two.test"]
    assert replies[0]["body"] == replies[1]["body"]
    assert replies[0]["subject"] == replies[1]["subject"]


def test_guesses_at_unknown_inbox_codes_count_against_the_sender(mail_rt, companies, dovecot, user):
    for n in range(6):
        deliver(dovecot, user, f"[{9000 + n}] faktura", to=f"docs+kod{n}@office.test")
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        kinds = s.scalars(select(SenderEvent.kind).where(SenderEvent.sender == "jan@firma.test"))
        kinds = list(kinds)
    assert kinds.count(SenderEventKind.WRONG_PIN) == 5
    assert kinds.count(SenderEventKind.BLOCKED) == 1
    assert last_message(mail_rt).status == MailStatus.REJECTED


def test_a_mail_cannot_confirm_a_month_before_the_previous_one(mail_rt, companies, dovecot, user):
    """Issue 16: the same path could confirm 'wszystkie dokumenty MM/YYYY' for any month."""
    from inbox.notes import codes
    from intake.models import Office, Period
    from intake.month import Month

    with mail_rt.db.session() as s:
        s.get_one(Office, companies["office"]).confirm_months_back = 1
    old = Month.current() - 3
    body = f"wszystkie dokumenty {old.month:02}/{old.year}"
    dovecot.deliver(user, message(f"[4821] {body}", body=body).as_bytes())
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        assert s.scalars(select(Period)).all() == []
    assert "month_not_open" in codes(last_message(mail_rt).note)
