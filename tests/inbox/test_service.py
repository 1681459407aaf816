"""The running service: bad messages contained and shown to staff, IDLE, the job, the command."""

from __future__ import annotations

import json
import time

from click.testing import CliRunner
from sqlalchemy import func, select

from inbox import importer
from inbox.accounts import from_url
from inbox.errors import Reason
from inbox.jobs import poll_mailboxes
from inbox.models import InboundEmail
from inbox.poller import poll_account, start_background
from inbox.records import MAX_ATTEMPTS, problems, retry
from inbox.vocabulary import MailStatus
from intake.cli import cli
from intake.models import Document
from intake.models.texts import code_of
from tests.inbox.conftest import eml, inbox_env
from tests.inbox.factory import message, pdf


def one(subject: str, filename: str) -> bytes:
    """Return a message for 'jeden' with one PDF."""
    return message(
        subject, attachments=[(filename, pdf(f"{subject}/{filename}"), "application/pdf")]
    ).as_bytes()


def test_one_bad_message_is_reported_and_never_stops_the_mailbox(
    mail_rt, companies, dovecot, user, monkeypatch
):
    dovecot.deliver(
        user, one("[4821] a", "a.pdf"), one("[4821] b", "boom.pdf"), one("[4821] c", "c.pdf")
    )
    real_accept = importer.accept

    def accept(session, storage, upload):  # type: ignore[no-untyped-def]
        if upload.filename == "boom.pdf":
            raise RuntimeError("the reader fell over")
        return real_accept(session, storage, upload)

    monkeypatch.setattr(importer, "accept", accept)
    account = from_url(mail_rt.settings, dovecot.url(user))
    first = poll_account(mail_rt, account)
    assert (first.imported, first.errors, first.documents) == (2, 1, 2)
    with mail_rt.db.session() as s:
        [bad] = problems(s, companies["office"])
        assert bad.status == MailStatus.ERROR and code_of(bad.note) == "failed"
        assert "the reader fell over" in bad.note.params["detail"]
        assert bad.sender == "jan@firma.test"

    for _ in range(MAX_ATTEMPTS):
        poll_account(mail_rt, account)
    with mail_rt.db.session() as s:
        bad = s.get(InboundEmail, bad.id)
        assert bad.attempts == MAX_ATTEMPTS, "given up: no more attempts"
        assert [row.id for row in problems(s)] == [bad.id]
    assert dovecot.count(user, "INBOX") == 1

    monkeypatch.undo()
    with mail_rt.db.session() as s:
        retry(s, bad.id)
    again = poll_account(mail_rt, account)
    assert (again.imported, again.documents) == (1, 1)
    with mail_rt.db.session() as s:
        assert problems(s) == []
        assert s.scalar(select(func.count(Document.id))) == 3


def test_the_background_poller_takes_new_mail_in_while_idling(mail_rt, companies, dovecot, user):
    poller = start_background(mail_rt, interval_s=30)
    try:
        time.sleep(0.5)  # first pass done, now in IDLE
        dovecot.deliver(user, eml("plus-address-pin-in-brackets"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with mail_rt.db.session() as s:
                if s.scalar(select(func.count(Document.id))):
                    break
            time.sleep(0.1)
        else:
            raise AssertionError("the document did not arrive within 15 s")
    finally:
        poller.stop()
    assert not poller.is_alive()


def test_the_periodic_job_makes_one_pass(mail_rt, companies, dovecot, user):
    dovecot.deliver(user, eml("pin-in-body"))
    poll_mailboxes.fn()
    assert dovecot.count(user, "Processed") == 1


def test_mail_poll_once_prints_a_report_per_mailbox(
    tmp_path, mail_rt, companies, dovecot, user, monkeypatch
):
    for name, value in inbox_env(tmp_path, dovecot.url(user)).items():
        monkeypatch.setenv(name, value)
    dovecot.deliver(user, eml("zip-nested-cp852"))
    result = CliRunner().invoke(cli, ["mail", "poll", "--once", "--json"])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert line["imported"] == 1 and line["documents"] == 4


def test_the_inbox_works_on_postgresql_s3_and_redis(rt, dovecot):
    from tests.inbox.conftest import seed

    seed(rt)
    user = dovecot.new_user()
    dovecot.deliver(user, eml("forwarded-nested"), eml("wrong-pin"))
    reports = [poll_account(rt, from_url(rt.settings, dovecot.url(user)))]
    assert (reports[0].imported, reports[0].rejected, reports[0].documents) == (1, 1, 3)
    with rt.db.session() as s:
        rows = s.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()
        assert all(rt.storage.exists(r.storage_key) for r in rows)


def test_a_failing_mailbox_is_retried_with_growing_pauses(mail_rt):
    from inbox.poller import Poller, Report

    poller = Poller(mail_rt)
    start = time.monotonic()
    waits = []
    refused = Reason.UNREACHABLE.message(account="m", detail="ConnectionRefusedError")
    for _ in range(8):
        poller.note("m", Report("m", failure=refused))
        waits.append(round(poller.next_try["m"] - start))
    assert waits == [5, 10, 20, 40, 80, 160, 300, 300]
    poller.note("m", Report("m"))
    assert "m" not in poller.next_try
    poller.note("m", Report("m", failure=Reason.BUSY.message(account="m")))
    assert "m" not in poller.next_try, "a mailbox another poller holds is not failing"
