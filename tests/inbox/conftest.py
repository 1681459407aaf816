"""Dovecot on loopback for the inbox tests, a runtime without a worker, seeded companies."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from imapclient import IMAPClient

from intake import events, runtime
from intake.config import load_settings
from intake.offices import add_company, add_user, create_office
from intake.periods import CONFIRMABLE_BACK
from tests.conftest import fresh_home
from tests.environment import intake_env
from tests.seeding import PASSWORD as LOGIN_PASSWORD
from tests.services import answers, free_port

EML = Path(__file__).with_name("eml")
PASSWORD = "secret"
CONFIG = """
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
{ssl_files}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{tmp}/mail/%u
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={tmp}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
"""


@dataclass
class Dovecot:
    """A Dovecot of our own: any user logs in with PASSWORD and gets an empty maildir."""

    folder: Path
    tls: bool = False
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    users: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def conf(self) -> Path:
        """Return the config file's path."""
        return self.folder / "dovecot.conf"

    def start(self) -> None:
        """Write the config, start the master and wait for the greeting."""
        dovecot = shutil.which("dovecot") or "/usr/sbin/dovecot"
        if not Path(dovecot).exists():
            if os.environ.get("CI"):
                pytest.fail("dovecot is not installed")
            pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
        for sub in ("run", "state", "mail"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        ssl_files = ""
        if self.tls:
            ssl_files = f"ssl_cert = <{self.folder}/cert.pem\nssl_key = <{self.folder}/key.pem"
        self.conf.write_text(
            CONFIG.format(
                tmp=self.folder,
                ssl="required" if self.tls else "no",
                ssl_files=ssl_files,
                password=PASSWORD,
                imap_port=0 if self.tls else self.port,
                imaps_port=self.port if self.tls else 0,
            )
        )
        # Dovecot's auth process runs as 'dovecot' and must reach the folder; mail as nobody.
        for parent in [self.folder, *self.folder.parents]:
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | 0o755)
        shutil.chown(self.folder / "mail", "nobody", "nogroup")
        self.proc = subprocess.Popen(
            ["dovecot", "-F", "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not answers("127.0.0.1", self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                log = (self.folder / "dovecot.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"dovecot did not start: {log}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Stop the master with SIGTERM and reap it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)
        self.proc = None

    def new_user(self) -> str:
        """Return the name of a user with an empty mailbox."""
        return f"docs{next(self.users)}@office.test"

    def url(self, user: str, folder: str = "INBOX") -> str:
        """Return INTAKE_IMAP_URL for a user, plain text on loopback (allowed explicitly)."""
        return f"imap://{quote(user)}:{PASSWORD}@127.0.0.1:{self.port}/{folder}?plaintext=loopback"

    def client(self, user: str) -> IMAPClient:
        """Return a logged-in IMAP client."""
        client = IMAPClient("127.0.0.1", self.port, ssl=False, timeout=10)
        client.login(user, PASSWORD)
        return client

    def deliver(self, user: str, *messages: bytes, folder: str = "INBOX") -> None:
        """Put messages in a user's folder with IMAP APPEND."""
        with self.client(user) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    def count(self, user: str, folder: str) -> int:
        """Return how many messages a folder holds (0 when it does not exist)."""
        with self.client(user) as client:
            if not client.folder_exists(folder):
                return 0
            return int(client.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"])


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory) -> Iterator[Dovecot]:  # type: ignore[no-untyped-def]
    """One Dovecot for the session; each test takes a fresh user."""
    server = Dovecot(tmp_path_factory.mktemp("dovecot"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    """A mailbox user of its own for one test."""
    return dovecot.new_user()


def inbox_env(tmp_path: Path, url: str, **extra: str) -> dict[str, str]:
    """INTAKE_* variables of an embedded installation polling one mailbox."""
    return intake_env(
        tmp_path / "var",
        INTAKE_IMAP_URL=url,
        INTAKE_INBOX_ADDRESS="docs@office.test",
        INTAKE_INBOX_DOMAINS="docs.office.test",
        INTAKE_INBOX_AUTHSERV_IDS="mx.office.test",
        **extra,
    )


@pytest.fixture
def mail_rt(tmp_path, dovecot, user, migrated_db) -> Iterator[runtime.Runtime]:  # type: ignore[no-untyped-def]
    """An embedded runtime polling the test's mailbox, without a worker (documents wait)."""
    fresh_home(tmp_path, migrated_db)
    started = runtime.start(load_settings(inbox_env(tmp_path, dovecot.url(user))))
    yield started
    started.stop()
    events.clear()


def seed(rt: runtime.Runtime) -> dict[str, int]:
    """One office with an accountant and two companies ('jeden' PIN 4821, 'dwa' PIN 1357)."""
    with rt.db.session() as s:
        office = create_office(s, "Biuro A")
        # The golden samples confirm months of 2026 by mail: let clients reach that far back.
        office.confirm_months_back = CONFIRMABLE_BACK
        staff = add_user(s, office, "staff@a.test", "Staff A", "staff", LOGIN_PASSWORD)
        jeden = add_company(
            s, office, "Firma Jeden", "5260250274", pin="4821", inbox_code="jeden", accountant=staff
        )
        dwa = add_company(
            s, office, "Firma Dwa", "7740001454", pin="1357", inbox_code="dwa", accountant=staff
        )
        return {"office": office.id, "staff": staff.id, "jeden": jeden.id, "dwa": dwa.id}


@pytest.fixture
def companies(mail_rt) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The seeded office and companies on mail_rt."""
    return seed(mail_rt)


@pytest.fixture
def published(mail_rt) -> Iterator[list[tuple[str, dict]]]:  # type: ignore[no-untyped-def]
    """Record the inbox's events (a real subscriber on the in-process event bus)."""
    seen: list[tuple[str, dict]] = []
    for name in (events.REPLY_TO_SENDER, events.SENDER_BLOCKED):
        events.subscribe(name, lambda _name=name, **payload: seen.append((_name, payload)))
    yield seen


def eml(name: str) -> bytes:
    """Return a fixture message's bytes."""
    return (EML / f"{name}.eml").read_bytes()
