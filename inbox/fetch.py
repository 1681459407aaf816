"""One IMAP connection: TLS rules, UIDVALIDITY, fetching without \\Seen, moving to folders."""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Iterator

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from imapclient.imapclient import SEEN, SocketTimeout

from inbox.accounts import Account, check_security
from inbox.errors import AccountError, MailboxUnavailable, Reason
from inbox.vocabulary import MailStatus, Security

logger = logging.getLogger(__name__)

# What a transport failure looks like, from the socket up through imapclient.
FAILURES = (OSError, ssl.SSLError, IMAPClientError, socket.timeout, EOFError)
KEYWORDS = {MailStatus.IMPORTED: b"$IntakeImported", MailStatus.REJECTED: b"$IntakeRejected"}
BATCH_BYTES = 16 * 1024 * 1024
BATCH_COUNT = 50


class Mailbox:
    """An open, selected IMAP folder of one account."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.client: IMAPClient | None = None
        self.uidvalidity = 0

    def __enter__(self) -> Mailbox:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        """Connect with the account's security, log in, make the folders and select."""
        check_security(self.account)
        try:
            self.client = connect(self.account)
            self.client.login(self.account.username, self.account.password)
            for folder in (self.account.processed_folder, self.account.rejected_folder):
                if not self.client.folder_exists(folder):
                    self.client.create_folder(folder)
            selected = self.client.select_folder(self.account.folder)
        except AccountError:
            self.close()
            raise
        except FAILURES as e:
            self.close()
            raise MailboxUnavailable(
                Reason.UNREACHABLE, account=self.account.key, detail=describe(e)
            ) from e
        self.uidvalidity = int(selected[b"UIDVALIDITY"])

    def close(self) -> None:
        """Log out, or just drop the socket when the server is gone."""
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.logout()
        except FAILURES:
            try:
                client.shutdown()
            except FAILURES:
                logger.debug("socket of %s already closed", self.account.key)

    @property
    def imap(self) -> IMAPClient:
        """Return the live client or fail clearly."""
        if self.client is None:
            raise MailboxUnavailable(Reason.NOT_CONNECTED, account=self.account.key)
        return self.client

    def sizes(self) -> dict[int, int]:
        """Return the size in bytes of every message in the folder, by UID."""
        uids = self.imap.search(["ALL"])
        if not uids:
            return {}
        found = self.imap.fetch(uids, ["RFC822.SIZE"])
        return {int(uid): int(data[b"RFC822.SIZE"]) for uid, data in found.items()}

    def fetch(self, uids: list[int], *, headers_only: bool = False) -> dict[int, bytes]:
        """Return raw messages by UID, leaving them unseen (BODY.PEEK)."""
        if not uids:
            return {}
        item, key = (
            ("BODY.PEEK[HEADER]", b"BODY[HEADER]") if headers_only else ("BODY.PEEK[]", b"BODY[]")
        )
        found = self.imap.fetch(uids, [item])
        return {int(uid): bytes(data[key]) for uid, data in found.items() if key in data}

    def file(self, uids: list[int], folder: str, outcome: MailStatus) -> None:
        """Mark messages seen with the outcome's keyword and move them to a folder."""
        if not uids:
            return
        try:
            self.imap.add_flags(uids, [SEEN, KEYWORDS.get(outcome, b"$IntakeDone")], silent=True)
        except IMAPClientError:
            # Some servers keep no custom keywords; \Seen and the folder still tell.
            self.imap.add_flags(uids, [SEEN], silent=True)
        if self.imap.has_capability("MOVE"):
            self.imap.move(uids, folder)
            return
        self.imap.copy(uids, folder)
        self.imap.delete_messages(uids, silent=True)
        if self.imap.has_capability("UIDPLUS"):
            self.imap.uid_expunge(uids)
        else:
            self.imap.expunge()

    def wait_for_mail(self, timeout_s: float) -> bool:
        """Wait in IDLE until new mail arrives or the time is up; False when IDLE is absent."""
        if not self.imap.has_capability("IDLE"):
            return False
        self.imap.idle()
        try:
            responses = self.imap.idle_check(timeout=timeout_s)
        finally:
            self.imap.idle_done()
        return any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses)


def connect(account: Account) -> IMAPClient:
    """Open a connection: implicit TLS, STARTTLS (required) or plain on loopback."""
    timeout = SocketTimeout(connect=10, read=account.timeout_s)
    if account.security == Security.TLS:
        return IMAPClient(
            account.host, account.port, ssl=True, ssl_context=tls_context(account), timeout=timeout
        )
    client = IMAPClient(account.host, account.port, ssl=False, timeout=timeout)
    if account.security == Security.PLAIN:
        logger.warning("%s: plain-text IMAP on loopback, as configured", account.key)
        return client
    if not client.has_capability("STARTTLS"):
        client.shutdown()
        raise AccountError(Reason.NO_STARTTLS, account=account.key)
    client.starttls(tls_context(account))
    return client


def tls_context(account: Account) -> ssl.SSLContext:
    """Return a verifying TLS context, trusting the account's CA file when it names one."""
    context = ssl.create_default_context(cafile=account.cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def batches(sizes: dict[int, int]) -> Iterator[list[int]]:
    """Group UIDs, oldest first, so one fetch holds at most BATCH_BYTES or BATCH_COUNT."""
    batch: list[int] = []
    total = 0
    for uid in sorted(sizes):
        if batch and (total + sizes[uid] > BATCH_BYTES or len(batch) >= BATCH_COUNT):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += sizes[uid]
    if batch:
        yield batch


def describe(error: BaseException) -> str:
    """Return one line about a transport error, without the password."""
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}"[:300]
