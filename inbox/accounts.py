"""IMAP accounts: the catch-all one from INTAKE_IMAP_URL and the ones stored per office or company.

Passwords stored in the database are Fernet tokens keyed from the installation's secret
key through HKDF, so a copied database alone does not give the mailboxes away.

Security: `imaps://` is TLS from the first byte, `imap://` upgrades with STARTTLS and
fails when the server does not offer it. Plain text is used only when the URL says
`?plaintext=loopback` (an account's security is 'plain') and the host is a loopback
address; anything else is refused before connecting.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.errors import AccountError, PlainTextRefused, Reason
from inbox.models import MailAccount
from inbox.vocabulary import Security
from intake.config import Settings, redact
from intake.models import Company, Office
from intake.network import is_loopback

PORTS = {Security.TLS: 993, Security.STARTTLS: 143, Security.PLAIN: 143}
OPTIONS = ("cafile", "processed", "rejected", "timeout", "plaintext")


@dataclass(frozen=True)
class Account:
    """Everything needed to reach one mailbox folder and route its messages."""

    key: str
    host: str
    port: int
    security: Security
    username: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    rejected_folder: str = "Rejected"
    office_id: int | None = None
    company_id: int | None = None
    domains: tuple[str, ...] = ()
    cafile: str | None = None
    account_id: int | None = None
    timeout_s: float = 30.0


def check_security(account: Account) -> None:
    """Refuse plain text anywhere but loopback; raise PlainTextRefused."""
    if account.security == Security.PLAIN and not is_loopback(account.host):
        raise PlainTextRefused(Reason.PLAIN_TEXT_REFUSED, account=account.key, host=account.host)


def with_domain(domains: tuple[str, ...], address: str | None) -> tuple[str, ...]:
    """Return catch-all domains plus an account's own address when it is a bare domain."""
    extra = (address.strip().lower(),) if address and "@" not in address else ()
    return tuple(sorted({*domains, *extra}))


def parse_url(
    url: str, *, name: str, domains: tuple[str, ...] = (), cafile: str | None = None
) -> Account:
    """Read an imaps://USER:PASS@HOST:PORT/FOLDER URL into an Account; raise AccountError.

    `name` is what the URL is called where it was written (INTAKE_IMAP_URL, --url), so an
    error names it.
    """
    parts = urlsplit(url)
    shown = redact(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    for option, value in query.items():
        if option not in OPTIONS or (option == "plaintext" and value != "loopback"):
            raise AccountError(Reason.BAD_URL_OPTION, name=name, option=f"{option}={value}")
    if parts.scheme == "imaps" and "plaintext" not in query:
        security = Security.TLS
    elif parts.scheme == "imap":
        security = Security.PLAIN if "plaintext" in query else Security.STARTTLS
    else:
        raise AccountError(Reason.EXPECTED_IMAP_URL, name=name, value=shown)
    try:
        port = parts.port or PORTS[security]
    except ValueError:
        raise AccountError(Reason.EXPECTED_IMAP_URL, name=name, value=shown) from None
    if not parts.hostname or not parts.username:
        raise AccountError(Reason.EXPECTED_IMAP_URL, name=name, value=shown)
    if security == Security.PLAIN and not is_loopback(parts.hostname):
        raise PlainTextRefused(Reason.PLAIN_TEXT_REFUSED, account=name, host=parts.hostname)
    cafile = query.get("cafile") or cafile
    if cafile and not Path(cafile).is_file():
        raise AccountError(Reason.NO_SUCH_FILE, name=f"{name} cafile", value=cafile)
    username = unquote(parts.username)
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    account = Account(
        key=f"{username}@{parts.hostname}/{folder}",
        host=parts.hostname,
        port=port,
        security=security,
        username=username,
        password=unquote(parts.password or ""),
        folder=folder,
        processed_folder=query.get("processed", "Processed"),
        rejected_folder=query.get("rejected", "Rejected"),
        domains=domains,
        cafile=cafile,
        timeout_s=timeout(query.get("timeout", "30"), name),
    )
    return account


def timeout(raw: str, name: str) -> float:
    """Return a URL's timeout= in seconds; raise AccountError unless it is a positive number."""
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise AccountError(Reason.BAD_TIMEOUT, name=name, value=raw)
    return seconds


def from_url(settings: Settings, url: str, name: str = "--url") -> Account:
    """Read an account URL with this installation's catch-all domains and CA file."""
    section = settings.section("inbox")
    return parse_url(url, name=name, domains=section.domains, cafile=section.cafile)


def _fernet(secret_key: str) -> Fernet:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"intake-inbox", info=b"imap-password")
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(secret_key.encode())))


def encrypt_password(settings: Settings, password: str) -> str:
    """Return a password as a token only this installation's secret key opens."""
    return _fernet(settings.secret_key).encrypt(password.encode()).decode()


def decrypt_password(settings: Settings, token: str, account: str = "") -> str:
    """Open a stored password token; raise AccountError when the secret key changed."""
    try:
        return _fernet(settings.secret_key).decrypt(token.encode()).decode()
    except InvalidToken as e:
        raise AccountError(Reason.PASSWORD_UNREADABLE, account=account) from e


def add_account(
    session: Session,
    settings: Settings,
    office: Office,
    name: str,
    url: str,
    *,
    company: Company | None = None,
    address: str | None = None,
) -> MailAccount:
    """Store an office's (or one company's) IMAP account from a URL; the password encrypted."""
    parsed = from_url(settings, url)
    if company is not None and company.office_id != office.id:
        raise AccountError(
            Reason.COMPANY_OF_ANOTHER_OFFICE, company=company.name, office=office.name
        )
    exists = select(MailAccount).where(MailAccount.office_id == office.id, MailAccount.name == name)
    if session.scalar(exists):
        raise AccountError(Reason.ACCOUNT_EXISTS, office=office.name, name=name)
    row = MailAccount(
        office_id=office.id,
        company_id=company.id if company else None,
        name=name,
        host=parsed.host,
        port=parsed.port,
        security=parsed.security,
        username=parsed.username,
        password_token=encrypt_password(settings, parsed.password),
        folder=parsed.folder,
        processed_folder=parsed.processed_folder,
        rejected_folder=parsed.rejected_folder,
        address=address,
        active=True,
    )
    session.add(row)
    session.flush()
    return row


def from_row(row: MailAccount, settings: Settings) -> Account:
    """Return the Account a stored row describes; raise AccountError when it cannot be used."""
    section = settings.section("inbox")
    key = f"account:{row.id}"
    return Account(
        key=key,
        host=row.host,
        port=row.port,
        security=Security(row.security),
        username=row.username,
        password=decrypt_password(settings, row.password_token, key),
        folder=row.folder,
        processed_folder=row.processed_folder,
        rejected_folder=row.rejected_folder,
        office_id=row.office_id,
        company_id=row.company_id,
        domains=with_domain(section.domains, row.address),
        cafile=section.cafile,
        account_id=row.id,
    )


def stored_accounts(session: Session) -> list[MailAccount]:
    """Return every active stored account, oldest first."""
    query = select(MailAccount).where(MailAccount.active).order_by(MailAccount.id)
    return list(session.scalars(query))
