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
import ipaddress
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.errors import AccountError, PlainTextRefused
from intake.config import Settings
from intake.models import Company, MailAccount, Office

PORTS = {"tls": 993, "starttls": 143, "plain": 143}


@dataclass(frozen=True)
class Account:
    """Everything needed to reach one mailbox folder and route its messages."""

    key: str
    host: str
    port: int
    security: str
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


def is_loopback(host: str) -> bool:
    """Tell whether a host is this machine's loopback (a literal address or 'localhost')."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_security(account: Account) -> None:
    """Refuse plain text anywhere but loopback; raise PlainTextRefused."""
    if account.security not in PORTS:
        raise AccountError(f"{account.key}: unknown security {account.security!r}")
    if account.security == "plain" and not is_loopback(account.host):
        raise PlainTextRefused(
            f"{account.key}: plain-text IMAP to {account.host} is refused; "
            "use imaps:// or STARTTLS (plain text is allowed on loopback only)"
        )


def catch_all_domains(settings: Settings, address: str | None = None) -> tuple[str, ...]:
    """Return the domains where '<code>@domain' names a company (a bare INTAKE_INBOX_ADDRESS)."""
    found = [a for a in (settings.inbox_address, address) if a and "@" not in a]
    found += [d for d in settings.extra.get("INTAKE_INBOX_DOMAINS", "").split(",") if d.strip()]
    return tuple(sorted({d.strip().lower() for d in found}))


def parse_url(url: str, settings: Settings) -> Account:
    """Read an imaps://USER:PASS@HOST:PORT/FOLDER URL into an Account; raise AccountError."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme == "imaps":
        security = "tls"
    elif parts.scheme == "imap":
        security = "plain" if query.get("plaintext") == "loopback" else "starttls"
    else:
        raise AccountError(f"INTAKE_IMAP_URL: expected imaps:// or imap://, not {parts.scheme!r}")
    if not parts.hostname or not parts.username:
        raise AccountError("INTAKE_IMAP_URL: expected imaps://USER:PASS@HOST:PORT/FOLDER")
    username = unquote(parts.username)
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    host = parts.hostname
    account = Account(
        key=f"{username}@{host}/{folder}",
        host=host,
        port=parts.port or PORTS[security],
        security=security,
        username=username,
        password=unquote(parts.password or ""),
        folder=folder,
        processed_folder=query.get("processed", "Processed"),
        rejected_folder=query.get("rejected", "Rejected"),
        domains=catch_all_domains(settings),
        cafile=query.get("cafile") or settings.extra.get("INTAKE_IMAP_CAFILE"),
        timeout_s=float(query.get("timeout", 30)),
    )
    check_security(account)
    return account


def _fernet(secret_key: str) -> Fernet:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"intake-inbox", info=b"imap-password")
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(secret_key.encode())))


def encrypt_password(settings: Settings, password: str) -> str:
    """Return a password as a token only this installation's secret key opens."""
    return _fernet(settings.secret_key).encrypt(password.encode()).decode()


def decrypt_password(settings: Settings, token: str) -> str:
    """Open a stored password token; raise AccountError when the secret key changed."""
    try:
        return _fernet(settings.secret_key).decrypt(token.encode()).decode()
    except InvalidToken as e:
        raise AccountError("a stored IMAP password cannot be opened (secret key changed?)") from e


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
    parsed = parse_url(url, settings)
    if company is not None and company.office_id != office.id:
        raise AccountError(f"company {company.name!r} is not a client of {office.name!r}")
    exists = select(MailAccount).where(MailAccount.office_id == office.id, MailAccount.name == name)
    if session.scalar(exists):
        raise AccountError(f"{office.name} already has a mail account named {name!r}")
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
    """Return the Account a stored row describes."""
    return Account(
        key=f"account:{row.id}",
        host=row.host,
        port=row.port,
        security=row.security,
        username=row.username,
        password=decrypt_password(settings, row.password_token),
        folder=row.folder,
        processed_folder=row.processed_folder,
        rejected_folder=row.rejected_folder,
        office_id=row.office_id,
        company_id=row.company_id,
        domains=catch_all_domains(settings, row.address),
        cafile=settings.extra.get("INTAKE_IMAP_CAFILE"),
        account_id=row.id,
    )


def stored_accounts(session: Session) -> list[MailAccount]:
    """Return every active stored account, oldest first."""
    query = select(MailAccount).where(MailAccount.active).order_by(MailAccount.id)
    return list(session.scalars(query))
