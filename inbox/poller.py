"""Passes over every mailbox: one bad message or account never stops the others; IDLE between."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, fields

from inbox.accounts import Account, from_row, stored_accounts
from inbox.archive import Limits
from inbox.errors import InboxError, MailboxBusy, Reason
from inbox.fetch import FAILURES, Mailbox, batches, describe
from inbox.importer import handle_message, reject_oversized
from inbox.models import MailAccount
from inbox.notes import as_message
from inbox.records import (
    claim_mailbox,
    given_up,
    known,
    new_owner,
    note_uidvalidity,
    record_error,
    release_mailbox,
    renew_mailbox,
)
from inbox.settings import InboxSettings
from inbox.vocabulary import TERMINAL, MailStatus
from intake.i18n import Message
from intake.models import utcnow
from intake.models.texts import code_of
from intake.runtime import Runtime

logger = logging.getLogger(__name__)

RENEW_EVERY_S = 30
MAX_BACKOFF_S = 300


@dataclass
class Report:
    """What one pass over one mailbox did."""

    account: str
    messages: int = 0
    imported: int = 0
    rejected: int = 0
    skipped: int = 0
    errors: int = 0
    documents: int = 0
    uidvalidity_changed: bool = False
    # Why the pass failed, a coded text (translated where it is shown).
    failure: Message | None = None

    def to_json(self) -> dict[str, object]:
        """Return the report as plain values (the failure in English, and its code)."""
        data: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["failure"] = str(self.failure) if self.failure else None
        data["failure_code"] = code_of(self.failure)
        return data


def section(rt: Runtime) -> InboxSettings:
    """Return the inbox's settings, read and checked when the runtime started."""
    found: InboxSettings = rt.settings.section("inbox")
    return found


def limits_for(rt: Runtime) -> Limits:
    """Return the archive limits for this installation's upload size."""
    return Limits(max_file=rt.settings.max_upload_mb * 1024 * 1024)


def configured_accounts(rt: Runtime) -> tuple[list[Account], list[Report]]:
    """Return every mailbox to poll; a stored account that cannot be read becomes a failure."""
    catch_all = section(rt).catch_all
    found: list[Account] = [catch_all] if catch_all else []
    broken: list[Report] = []
    with rt.db.session() as session:
        for row in stored_accounts(session):
            try:
                found.append(from_row(row, rt.settings))
            except InboxError as e:
                row.last_error = failure = as_message(e)
                broken.append(Report(f"account:{row.id}", failure=failure))
    return found, broken


def poll_all(rt: Runtime) -> list[Report]:
    """Make one pass over every configured mailbox."""
    accounts, reports = configured_accounts(rt)
    for account in accounts:
        reports.append(poll_safely(rt, account))
    return reports


def poll_safely(rt: Runtime, account: Account) -> Report:
    """Poll one mailbox; a failure is logged and reported, never raised."""
    try:
        report = poll_account(rt, account)
    except MailboxBusy as e:
        logger.info("%s", e)
        report = Report(account.key, failure=as_message(e))
    except InboxError as e:
        logger.warning("%s", e)
        report = Report(account.key, failure=as_message(e))
    except Exception as e:
        logger.exception("pass over %s failed", account.key)
        failure = Reason.PASS_FAILED.message(account=account.key, detail=describe(e))
        report = Report(account.key, failure=failure)
    remember(rt, account, report)
    return report


def remember(rt: Runtime, account: Account, report: Report) -> None:
    """Keep a stored account's last pass time and failure for the office to see."""
    if account.account_id is None:
        return
    try:
        with rt.db.session() as session:
            row = session.get(MailAccount, account.account_id)
            if row is not None:
                row.last_polled_at = utcnow()
                row.last_error = report.failure
    except Exception:
        logger.exception("could not note the pass over %s", account.key)


def poll_account(rt: Runtime, account: Account) -> Report:
    """Take every message waiting in one mailbox folder into intake."""
    owner = new_owner()
    with rt.db.session() as session:
        claimed = claim_mailbox(session, account.key, owner)
    if not claimed:
        raise MailboxBusy(Reason.BUSY, account=account.key)
    try:
        with Mailbox(account) as box:
            return _poll(rt, account, box, owner)
    finally:
        with rt.db.session() as session:
            release_mailbox(session, account.key, owner)


def _poll(rt: Runtime, account: Account, box: Mailbox, owner: str) -> Report:
    report = Report(account.key)
    sizes = box.sizes()
    report.messages = len(sizes)
    with rt.db.session() as session:
        report.uidvalidity_changed = note_uidvalidity(session, account.key, box.uidvalidity)
        rows = known(session, account.key, box.uidvalidity, sorted(sizes))
        states = {uid: (row.status, given_up(row)) for uid, row in rows.items()}
    for status in TERMINAL:
        # Handled by an earlier pass that stopped before moving them.
        done = [uid for uid, (s, _) in states.items() if s == status]
        box.file(done, folder_for(account, status), status)
        count(report, status, len(done))
    todo = {uid: size for uid, size in sizes.items() if uid not in states or _open(states[uid])}
    report.skipped += len([uid for uid in sizes if uid in states and states[uid][1]])
    limit = section(rt).max_message_bytes
    renewed = time.monotonic()
    for oversized in [uid for uid, size in todo.items() if size > limit]:
        head = box.fetch([oversized], headers_only=True).get(oversized, b"")
        with rt.db.session() as session:
            outcome = reject_oversized(
                session, account, box.uidvalidity, oversized, head, todo.pop(oversized), limit
            )
        box.file([oversized], folder_for(account, outcome.status), outcome.status)
        count(report, outcome.status)
    for batch in batches(todo):
        raws = box.fetch(batch)
        handled: dict[MailStatus, list[int]] = {}
        for uid in batch:
            if time.monotonic() - renewed > RENEW_EVERY_S:
                with rt.db.session() as session:
                    renew_mailbox(session, account.key, owner)
                renewed = time.monotonic()
            if uid not in raws:
                continue  # deleted by someone else since the search
            ended = handle_one(rt, account, box.uidvalidity, uid, raws.pop(uid), report)
            if ended is not None:
                handled.setdefault(ended, []).append(uid)
        # A transport failure here ends the pass; the next one finds the rows and moves them.
        for status, uids in handled.items():
            box.file(uids, folder_for(account, status), status)
    return report


def _open(state: tuple[MailStatus, bool]) -> bool:
    status, gave_up = state
    return status not in TERMINAL and not gave_up


def handle_one(
    rt: Runtime, account: Account, uidvalidity: int, uid: int, raw: bytes, report: Report
) -> MailStatus | None:
    """Handle one message and return its status; a failure is recorded and the pass goes on."""
    try:
        outcome = handle_message(rt, account, uidvalidity, uid, raw, limits_for(rt))
    except Exception as e:
        logger.exception("%s uid %s: the message could not be handled", account.key, uid)
        report.errors += 1
        try:
            with rt.db.session() as session:
                record_error(
                    session, account.key, uidvalidity, uid, describe(e), office_id=account.office_id
                )
        except Exception:
            logger.exception("%s uid %s: could not record the error", account.key, uid)
        return None
    report.documents += outcome.documents
    count(report, outcome.status)
    return outcome.status


def folder_for(account: Account, status: MailStatus) -> str:
    """Return where a message of a status goes."""
    return account.rejected_folder if status == MailStatus.REJECTED else account.processed_folder


def count(report: Report, status: MailStatus, n: int = 1) -> None:
    """Add messages of a status to a report."""
    if status in TERMINAL:
        setattr(report, status.value, getattr(report, status.value) + n)


class Poller(threading.Thread):
    """The background poller of a running service: passes, then IDLE or a pause, until stopped."""

    def __init__(self, rt: Runtime, interval_s: float = 60.0) -> None:
        super().__init__(name="intake-inbox", daemon=True)
        self.rt, self.interval_s = rt, interval_s
        self.stopping = threading.Event()
        self.failures: dict[str, int] = {}
        self.next_try: dict[str, float] = {}

    def stop(self, timeout: float | None = 30) -> None:
        """Ask the loop to end and wait for it."""
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        """Loop until stopped; one failing mailbox waits with backoff, the others go on."""
        while not self.stopping.is_set():
            try:
                accounts, _ = configured_accounts(self.rt)
                for account in accounts:
                    if self.stopping.is_set():
                        return
                    if time.monotonic() >= self.next_try.get(account.key, 0):
                        self.note(account.key, poll_safely(self.rt, account))
                self.pause(accounts)
            except Exception:
                logger.exception("the inbox loop failed; trying again shortly")
                self.stopping.wait(min(self.interval_s, 30))

    def note(self, key: str, report: Report) -> None:
        """Back off from a mailbox that failed: 5 s, 10 s, 20 s ... at most 5 minutes."""
        if report.failure is None or code_of(report.failure) == Reason.BUSY.code:
            self.failures.pop(key, None)
            self.next_try.pop(key, None)
            return
        failures = self.failures[key] = self.failures.get(key, 0) + 1
        delay = min(MAX_BACKOFF_S, 5 * 2 ** (failures - 1))
        self.next_try[key] = time.monotonic() + delay
        logger.warning("%s failed %s times; next try in %s s", key, failures, delay)

    def pause(self, accounts: list[Account]) -> None:
        """Wait for new mail with IDLE on the first healthy mailbox, or sleep the interval."""
        deadline = time.monotonic() + self.interval_s
        healthy = [a for a in accounts if a.key not in self.failures]
        if healthy:
            try:
                with Mailbox(healthy[0]) as box:
                    while not self.stopping.is_set() and time.monotonic() < deadline:
                        step = min(5.0, max(0.1, deadline - time.monotonic()))
                        if box.wait_for_mail(step):
                            return
                        if not box.imap.has_capability("IDLE"):
                            break
            except (InboxError, *FAILURES) as e:
                logger.info("IDLE on %s ended: %s", healthy[0].key, e)
        self.stopping.wait(max(0.0, deadline - time.monotonic()))


def start_background(rt: Runtime, interval_s: float | None = None) -> Poller:
    """Start the poller thread of a running service (INTAKE_IMAP_INTERVAL_S, default 60)."""
    poller = Poller(rt, section(rt).interval_s if interval_s is None else interval_s)
    poller.start()
    return poller
