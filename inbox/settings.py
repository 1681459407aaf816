"""The inbox's settings, read and checked when Intake starts (the `intake.settings` entry point).

- INTAKE_IMAP_URL: the catch-all mailbox, `imaps://USER:PASS@HOST:993/INBOX` (TLS) or
  `imap://...` (STARTTLS, required); plain text only as `imap://...?plaintext=loopback`
  to a loopback host. Options: `cafile=`, `processed=`, `rejected=` (folders), `timeout=`.
- INTAKE_INBOX_DOMAINS: more catch-all domains ('CODE@domain'), comma-separated.
- INTAKE_IMAP_INTERVAL_S: seconds between passes of the background poller (60).
- INTAKE_IMAP_MAX_MESSAGE_MB: larger messages are rejected unread (60).
- INTAKE_IMAP_CAFILE: a CA file trusted for every IMAP account.
- INTAKE_INBOX_AUTHSERV_IDS: the authserv-ids of the office's own receiving mail servers
  (comma-separated, e.g. `mx.office.pl`); a trusted sender skips the PIN only when the
  topmost Authentication-Results header with one of these ids says DKIM or DMARC passed.
  Unset: no header is believed, and every sender needs the PIN.
- INTAKE_INBOX_SENDER_WRONG_PINS: wrong PINs from one sender in an hour that block it (5).
- INTAKE_INBOX_COMPANY_WRONG_PINS: wrong PINs from anyone in an hour that lock a company's
  inbox for everyone, and tell its accountant (10).

Anything wrong stops Intake with one line naming the variable; nothing falls back quietly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from inbox.accounts import Account, parse_url
from inbox.errors import AccountError, InboxSettingError, Reason
from intake.config import Settings, whole_number

DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}")
MB = 1024 * 1024


@dataclass(frozen=True)
class InboxSettings:
    """What the inbox reads from INTAKE_* variables."""

    # The catch-all mailbox of INTAKE_IMAP_URL, checked; None when it is not set.
    catch_all: Account | None = None
    # Where 'CODE@domain' names a company: a bare INTAKE_INBOX_ADDRESS and INTAKE_INBOX_DOMAINS.
    domains: tuple[str, ...] = ()
    interval_s: float = 60.0
    max_message_bytes: int = 60 * MB
    cafile: str | None = None
    authserv_ids: tuple[str, ...] = ()
    sender_wrong_pins: int = 5
    company_wrong_pins: int = 10


def of(settings: Settings) -> InboxSettings:
    """Return the inbox's settings, read and checked when the runtime started."""
    found: InboxSettings = settings.section("inbox")
    return found


def load(env: Mapping[str, str], settings: Settings) -> InboxSettings:
    """Read the inbox's settings; raise InboxSettingError naming the first wrong one."""
    cafile = env.get("INTAKE_IMAP_CAFILE") or None
    if cafile is not None and not Path(cafile).is_file():
        raise InboxSettingError(Reason.NO_SUCH_FILE, name="INTAKE_IMAP_CAFILE", value=cafile)
    domains = catch_all_domains(settings.inbox_address, env.get("INTAKE_INBOX_DOMAINS", ""))
    catch_all = None
    if url := env.get("INTAKE_IMAP_URL"):
        try:
            catch_all = parse_url(url, name="INTAKE_IMAP_URL", domains=domains, cafile=cafile)
        except AccountError as e:
            raise InboxSettingError(e.reason, **e.params) from e
    return InboxSettings(
        catch_all=catch_all,
        domains=domains,
        interval_s=seconds(env, "INTAKE_IMAP_INTERVAL_S", InboxSettings.interval_s),
        max_message_bytes=megabytes(env, "INTAKE_IMAP_MAX_MESSAGE_MB", 60) * MB,
        cafile=cafile,
        authserv_ids=authserv_ids(env.get("INTAKE_INBOX_AUTHSERV_IDS", "")),
        sender_wrong_pins=whole_number(env, "INTAKE_INBOX_SENDER_WRONG_PINS", 5),
        company_wrong_pins=whole_number(env, "INTAKE_INBOX_COMPANY_WRONG_PINS", 10),
    )


def authserv_ids(listed: str) -> tuple[str, ...]:
    """Return the authserv-ids to believe (lower-cased host names, comma-separated)."""
    found = []
    for raw in listed.split(","):
        name = raw.strip().lower()
        if not name:
            continue
        if not DOMAIN.fullmatch(name) and name != "localhost":
            raise InboxSettingError(
                Reason.NOT_A_DOMAIN, name="INTAKE_INBOX_AUTHSERV_IDS", value=raw
            )
        found.append(name)
    return tuple(found)


def catch_all_domains(inbox_address: str, listed: str) -> tuple[str, ...]:
    """Return the catch-all domains: a bare INTAKE_INBOX_ADDRESS and INTAKE_INBOX_DOMAINS."""
    found = {inbox_address.strip().lower()} if "@" not in inbox_address else set()
    for raw in listed.split(","):
        domain = raw.strip().lower()
        if not domain:  # 'a.test, b.test,' : an empty item between commas says nothing
            continue
        if not DOMAIN.fullmatch(domain):
            raise InboxSettingError(Reason.NOT_A_DOMAIN, name="INTAKE_INBOX_DOMAINS", value=raw)
        found.add(domain)
    return tuple(sorted(found))


def seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """Return a setting that must be a number of seconds above zero."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise InboxSettingError(Reason.NOT_POSITIVE_SECONDS, name=name, value=raw)
    return value


def megabytes(env: Mapping[str, str], name: str, default: int) -> int:
    """Return a setting that must be a whole number of megabytes above zero."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if not raw.strip().isdigit() or int(raw) <= 0:
        raise InboxSettingError(Reason.NOT_POSITIVE_MB, name=name, value=raw)
    return int(raw)
