"""Passes over every mailbox: one bad message or account never stops the others; IDLE between."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass

from inbox.accounts import Account, from_row, parse_url, stored_accounts
from inbox.archive import Limits
from inbox.errors import InboxError, MailboxBusy
from inbox.fetch import FAILURES, Mailbox, batches, describe
from inbox.importer import handle_message, reject_oversized
from inbox.records import (
    TERMINAL,
    claim_mailbox,
    given_up,
    known,
    new_owner,
    note_uidvalidity,
    record_error,
    release_mailbox,
    renew_mailbox,
)
from intake.models import MailAccount, utcnow
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
    failure: str | None = None

    def to_json(self) -> dict[str, object]:
        """Return the report as plain values."""
        return asdict(self)


def limits_for(rt: Runtime) -> Limits:
    """Return the archive limits for this installation's upload size."""
    return Limits(max_file=rt.settings.max_upload_mb * 1024 * 1024)


def max_message_bytes(rt: Runtime) -> int:
    """Return the largest message fetched (INTAKE_IMAP_MAX_MESSAGE_MB, default 60)."""
    raw = rt.settings.extra.get("INTAKE_IMAP_MAX_MESSAGE_MB", "")
    return (int(raw) if raw.isdigit() else 60) * 1024 * 1024


def configured_accounts(rt: Runtime) -> tuple[list[Account], list[Report]]:
    """Return every mailbox to poll; a stored account that cannot be read becomes a failure."""
    found: list[Account] = []
    broken: list[Report] = []
    if rt.settings.imap_url:
        try:
            found.append(parse_url(rt.settings.imap_url, rt.settings))
        except InboxError as e:
            logger.error("INTAKE_IMAP_URL: %s", e)
            broken.append(Report("INTAKE_IMAP_URL", failure=str(e)))
    with rt.db.session() as session:
        for row in stored_accounts(session):
            try:
                found.append(from_row(row, rt.settings))
            except InboxError as e:
                row.last_error = str(e)
                broken.append(Report(f"account:{row.id}", failure=str(e)))
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
        report = Report(account.key, failure=str(e))
    except InboxError as e:
        logger.warning("%s", e)
        report = Report(account.key, failure=str(e))
    except Exception as e:
        logger.exception("pass over %s failed", account.key)
        report = Report(account.key, failure=describe(e))
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
    if not claim_mailbox(rt, account.key, owner):
        raise MailboxBusy(f"{account.key}: another poller is working on it")
    try:
        with Mailbox(account) as box:
            return _poll(rt, account, box, owner)
    finally:
        release_mailbox(rt, account.key, owner)


def _poll(rt: Runtime, account: Account, box: Mailbox, owner: str) -> Report:
    report = Report(account.key)
    report.uidvalidity_changed = note_uidvalidity(rt, account.key, box.uidvalidity)
    sizes = box.sizes()
    report.messages = len(sizes)
    with rt.db.session() as session:
        rows = known(session, account.key, box.uidvalidity, sorted(sizes))
        states = {uid: (row.status, given_up(row)) for uid, row in rows.items()}
    for status in TERMINAL:
        # Handled by an earlier pass that stopped before moving them.
        done = [uid for uid, (s, _) in states.items() if s == status]
        box.file(done, folder_for(account, status), status)
        count(report, status, len(done))
    todo = {uid: size for uid, size in sizes.items() if uid not in states or _open(states[uid])}
    report.skipped += len([uid for uid in sizes if uid in states and states[uid][1]])
    limit = max_message_bytes(rt)
    renewed = time.monotonic()
    for oversized in [uid for uid, size in todo.items() if size > limit]:
        head = box.fetch([oversized], headers_only=True).get(oversized, b"")
        outcome = reject_oversized(
            rt, account, box.uidvalidity, oversized, head, todo.pop(oversized)
        )
        box.file([oversized], folder_for(account, outcome.status), outcome.status)
        count(report, outcome.status)
    for batch in batches(todo):
        raws = box.fetch(batch)
        handled: dict[str, list[int]] = {}
        for uid in batch:
            if time.monotonic() - renewed > RENEW_EVERY_S:
                renew_mailbox(rt, account.key, owner)
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


def _open(state: tuple[str, bool]) -> bool:
    status, gave_up = state
    return status not in TERMINAL and not gave_up


def handle_one(
    rt: Runtime, account: Account, uidvalidity: int, uid: int, raw: bytes, report: Report
) -> str | None:
    """Handle one message and return its status; a failure is recorded and the pass goes on."""
    try:
        outcome = handle_message(rt, account, uidvalidity, uid, raw, limits_for(rt))
    except Exception as e:
        logger.exception("%s uid %s: the message could not be handled", account.key, uid)
        record_error(rt, account.key, uidvalidity, uid, e, office_id=account.office_id)
        report.errors += 1
        return None
    report.documents += outcome.documents
    count(report, outcome.status)
    return outcome.status


def folder_for(account: Account, status: str) -> str:
    """Return where a message of a status goes."""
    return account.rejected_folder if status == "rejected" else account.processed_folder


def count(report: Report, status: str, n: int = 1) -> None:
    """Add messages of a status to a report."""
    if status in ("imported", "rejected", "skipped"):
        setattr(report, status, getattr(report, status) + n)


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
        if report.failure is None or report.failure.endswith("working on it"):
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
    if interval_s is None:
        raw = rt.settings.extra.get("INTAKE_IMAP_INTERVAL_S", "")
        interval_s = float(raw) if raw.replace(".", "", 1).isdigit() else 60.0
    poller = Poller(rt, interval_s)
    poller.start()
    return poller
