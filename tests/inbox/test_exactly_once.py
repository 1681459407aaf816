"""Killed pollers, UIDVALIDITY changes and restarts neither lose nor double a document."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from imapclient import IMAPClient
from sqlalchemy import func, select

from inbox import importer
from inbox.accounts import from_url
from inbox.models import InboundEmail, InboundPart
from inbox.poller import poll_account
from inbox.vocabulary import MailStatus
from intake import runtime
from intake.config import load_settings
from intake.models import Document
from tests.conftest import ROOT, fresh_home
from tests.inbox.conftest import inbox_env, seed
from tests.inbox.factory import message, pdf

FILES_PER_MESSAGE = 3


def batch(count: int, tag: str) -> list[bytes]:
    """Return messages for 'jeden' with three distinct PDFs each."""
    return [
        message(
            f"[4821] faktury {tag} {i}",
            attachments=[
                (f"{tag}-{i}-{j}.pdf", pdf(f"{tag}/{i}/{j}"), "application/pdf")
                for j in range(FILES_PER_MESSAGE)
            ],
        ).as_bytes()
        for i in range(count)
    ]


def run_poller(  # type: ignore[no-untyped-def]
    env: dict[str, str], *args: str, crash_after: int | None = None, when: str = "committed"
):
    """Start `intake mail poll --once` (or the crashing script) in its own process."""
    command = [sys.executable, "-m", "intake", "mail", "poll", "--once"]
    extra = {}
    if crash_after is not None:
        command = [sys.executable, "-m", "tests.inbox.crashing_poll"]
        extra.update(CRASH_AFTER_ACCEPTS=str(crash_after), CRASH_WHEN=when)
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env, **extra},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def counts(rt: runtime.Runtime) -> tuple[int, int, int]:
    """Return (documents, distinct files, copies marked duplicate)."""
    with rt.db.session() as s:
        docs = s.scalar(select(func.count(Document.id))) or 0
        distinct = s.scalar(select(func.count(func.distinct(Document.sha256)))) or 0
        copies = s.scalar(
            select(func.count(Document.id)).where(Document.duplicate_of_id.is_not(None))
        )
    return docs, distinct, copies or 0


@pytest.mark.slow
@pytest.mark.parametrize("when", ["committed", "uncommitted"])
def test_a_poller_killed_mid_message_loses_and_doubles_nothing(
    tmp_path, dovecot, user, migrated_db, when
):
    fresh_home(tmp_path, migrated_db)
    env = inbox_env(tmp_path, dovecot.url(user))
    rt = runtime.start(load_settings(env))
    seed(rt)
    messages = 10
    dovecot.deliver(user, *batch(messages, "kill"))

    # Killed at the 5th file: the 2nd message holds two of its three documents (the 5th
    # committed with its part), or one (the 5th's transaction died before its commit).
    proc = run_poller(env, crash_after=5, when=when)
    assert proc.wait(timeout=60) == -signal.SIGKILL
    kept = 5 if when == "committed" else 4
    with rt.db.session() as s:
        rows = s.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()
        half = rows[-1]
        half_docs = s.scalar(
            select(func.count(Document.id)).where(Document.origin == f"email:{half.id}")
        )
        half_parts = s.scalar(
            select(func.count(InboundPart.id)).where(InboundPart.inbound_email_id == half.id)
        )
        parts = s.scalar(select(func.count(InboundPart.id)))
    assert half.status == MailStatus.RECEIVED and half_docs == kept - 3
    assert half_parts == half_docs, "a document is committed together with its part"
    assert parts == kept
    assert counts(rt) == (kept, kept, 0)

    # Killed from outside, at whatever point it has reached.
    proc = run_poller(env)
    deadline = time.monotonic() + 60
    while counts(rt)[0] < 12 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.kill()
    proc.wait(timeout=30)

    # A clean run finishes the mailbox.
    final = run_poller(env)
    output = final.communicate(timeout=120)[0].decode()
    assert final.returncode == 0, output

    assert counts(rt) == (messages * FILES_PER_MESSAGE, messages * FILES_PER_MESSAGE, 0)
    with rt.db.session() as s:
        statuses = s.scalars(select(InboundEmail.status)).all()
    assert statuses == [MailStatus.IMPORTED] * messages
    assert dovecot.count(user, "Processed") == messages
    assert dovecot.count(user, "INBOX") == 0
    rt.stop()


def test_a_uidvalidity_change_resumes_by_message_id_without_doubling(
    mail_rt, companies, dovecot, user, monkeypatch
):
    folder = "Skany"
    done, half = batch(1, "done")[0], batch(1, "half")[0]
    dovecot.deliver(user, done, half, folder=folder)
    account = from_url(mail_rt.settings, dovecot.url(user, folder))
    real_accept = importer.accept

    def accept_failing_once(session, storage, upload):  # type: ignore[no-untyped-def]
        if upload.filename == "half-0-1.pdf":
            raise ConnectionError("storage went away")
        return real_accept(session, storage, upload)

    monkeypatch.setattr(importer, "accept", accept_failing_once)
    first = poll_account(mail_rt, account)
    assert (first.imported, first.errors) == (1, 1)
    assert counts(mail_rt) == (4, 4, 0)

    # The folder is deleted and made again: every UID is new, UIDVALIDITY changes.
    with dovecot.client(user) as client:
        client.delete_folder(folder)
    time.sleep(1.1)  # Dovecot's UIDVALIDITY is the creation time in seconds
    dovecot.deliver(user, done, half, folder=folder)
    monkeypatch.setattr(importer, "accept", real_accept)
    second = poll_account(mail_rt, account)
    assert second.uidvalidity_changed
    assert (second.imported, second.errors) == (2, 0)
    assert counts(mail_rt) == (6, 6, 0)
    with mail_rt.db.session() as s:
        rows = s.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()
    assert [r.status for r in rows] == [MailStatus.IMPORTED, MailStatus.IMPORTED]
    assert rows[1].attempts == 2
    assert dovecot.count(user, folder) == 0


def test_a_message_handled_but_not_moved_is_only_moved_next_time(
    mail_rt, companies, dovecot, user, monkeypatch
):
    dovecot.deliver(user, batch(1, "move")[0])
    account = from_url(mail_rt.settings, dovecot.url(user))
    from inbox.fetch import Mailbox

    monkeypatch.setattr(Mailbox, "file", lambda *a, **k: None)
    poll_account(mail_rt, account)
    assert dovecot.count(user, "INBOX") == 1
    monkeypatch.undo()
    again = poll_account(mail_rt, account)
    assert again.imported == 1 and again.documents == 0
    assert counts(mail_rt) == (3, 3, 0)
    assert dovecot.count(user, "Processed") == 1


def test_messages_are_fetched_without_marking_them_seen_before_import(dovecot, user, mail_rt):
    dovecot.deliver(user, batch(1, "peek")[0])
    account = from_url(mail_rt.settings, dovecot.url(user))
    from inbox.fetch import Mailbox

    with Mailbox(account) as box:
        [uid] = box.sizes()
        box.fetch([uid])
        flags = box.imap.get_flags([uid])[uid]
    assert b"\\Seen" not in flags
    assert isinstance(box.client, IMAPClient | None)


def test_a_message_delivered_twice_is_taken_in_once(mail_rt, companies, dovecot, user):
    raw = batch(1, "twice")[0]
    dovecot.deliver(user, raw, b"Received: from relay2.firma.test\r\n" + raw)
    [report] = [poll_account(mail_rt, from_url(mail_rt.settings, dovecot.url(user)))]
    assert report.imported == 2
    assert counts(mail_rt) == (3, 3, 0)
    with mail_rt.db.session() as s:
        assert s.scalar(select(func.count(InboundEmail.id))) == 1


def test_a_forged_copy_of_a_message_id_cannot_shadow_the_real_message(
    mail_rt, companies, dovecot, user
):
    real = message("[4821] faktura", attachments=[("real.pdf", pdf("REAL/1"), "application/pdf")])
    forged = message("[0000] faktura", sender="jan@firma.test")
    del forged["Message-ID"]
    forged["Message-ID"] = real["Message-ID"]
    dovecot.deliver(user, forged.as_bytes(), real.as_bytes())
    report = poll_account(mail_rt, from_url(mail_rt.settings, dovecot.url(user)))
    assert (report.rejected, report.imported, report.documents) == (1, 1, 1)
