"""Credentials per office (and per company): a KSeF certificate with its key, or a KSeF token.

What is secret (the private key, the token) is kept only as a Fernet token keyed from the
installation's secret key through HKDF, as the inbox keeps IMAP passwords: a copied
database alone gives nothing away. It is never logged, and never shown again once entered;
what may be shown is the credential's label (a certificate's subject and serial, or a
token's fingerprint).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.models import Company, Office, utcnow
from ksef.errors import CredentialError, Reason
from ksef.models import KsefCredential
from ksef.vocabulary import CredentialKind, Environment
from ksef.xades import PrivateKey


@dataclass(frozen=True)
class Credential:
    """A credential ready to use; its secrets never appear in a repr or a log."""

    id: int
    kind: CredentialKind
    environment: Environment
    label: str
    certificate: x509.Certificate | None = field(default=None, repr=False)
    key: PrivateKey | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    valid_until: dt.datetime | None = None


def _fernet(secret_key: str) -> Fernet:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"intake-ksef", info=b"credential")
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(secret_key.encode())))


def read_certificate(data: bytes, path: str = "") -> x509.Certificate:
    """Read a certificate in PEM or DER; raise CredentialError."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as e:
        raise CredentialError(Reason.CERTIFICATE_UNREADABLE, path=path, detail=str(e)) from e


def read_key(data: bytes, password: bytes | None, path: str = "") -> PrivateKey:
    """Read an RSA or EC private key in PEM or DER (PKCS#8 or traditional)."""
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_private_key(data, password)
        else:
            key = serialization.load_der_private_key(data, password)
    except (ValueError, TypeError) as e:
        raise CredentialError(Reason.KEY_UNREADABLE, path=path, detail=str(e)) from e
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise CredentialError(Reason.KEY_UNREADABLE, path=path, detail="not an RSA or EC key")
    return key


def check_pair(certificate: x509.Certificate, key: PrivateKey, now: dt.datetime) -> None:
    """Refuse a key that is not the certificate's, or a certificate out of its dates."""
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    mine = key.public_key().public_bytes(serialization.Encoding.DER, spki)
    theirs = certificate.public_key().public_bytes(serialization.Encoding.DER, spki)
    if mine != theirs:
        raise CredentialError(Reason.KEY_MISMATCH)
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if not start <= now <= end:
        raise CredentialError(Reason.CERTIFICATE_OUT_OF_DATE, start=start, end=end)


def certificate_label(certificate: x509.Certificate) -> str:
    """Return what may be shown of a certificate: its subject and serial number."""
    return f"{certificate.subject.rfc4514_string()} (serial {certificate.serial_number:X})"[:300]


def set_certificate(
    session: Session,
    settings: Settings,
    office: Office,
    certificate: bytes,
    key: bytes,
    *,
    password: bytes | None = None,
    environment: Environment = Environment.PROD,
    company: Company | None = None,
    by: str = "operator",
) -> KsefCredential:
    """Store a KSeF certificate and its key for an office (or one company), replacing any."""
    cert = read_certificate(certificate, "--certificate")
    private = read_key(key, password, "--key")
    check_pair(cert, private, utcnow())
    unlocked = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    secret = {
        "certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),
        "key": unlocked.decode(),
    }
    return _store(
        session,
        settings,
        office,
        company,
        CredentialKind.CERTIFICATE,
        environment,
        secret,
        certificate_label(cert),
        cert.not_valid_after_utc,
        by,
    )


def set_token(
    session: Session,
    settings: Settings,
    office: Office,
    token: str,
    *,
    environment: Environment = Environment.PROD,
    company: Company | None = None,
    by: str = "operator",
) -> KsefCredential:
    """Store a KSeF token for an office (or one company), replacing any."""
    token = token.strip()
    if not token:
        raise CredentialError(Reason.TOKEN_EMPTY)
    fingerprint = hashlib.sha256(token.encode()).hexdigest()[:12]
    label = f"KSeF token {fingerprint}"
    return _store(
        session,
        settings,
        office,
        company,
        CredentialKind.TOKEN,
        environment,
        {"token": token},
        label,
        None,
        by,
    )


def _store(
    session: Session,
    settings: Settings,
    office: Office,
    company: Company | None,
    kind: CredentialKind,
    environment: Environment,
    secret: dict[str, str],
    label: str,
    valid_until: dt.datetime | None,
    by: str,
) -> KsefCredential:
    if company is not None and company.office_id != office.id:
        raise CredentialError(
            Reason.COMPANY_OF_ANOTHER_OFFICE, company=company.name, office=office.name
        )
    company_id = company.id if company else None
    session.execute(
        delete(KsefCredential).where(
            KsefCredential.office_id == office.id,
            KsefCredential.company_id.is_(None)
            if company_id is None
            else KsefCredential.company_id == company_id,
        )
    )
    row = KsefCredential(
        office_id=office.id,
        company_id=company_id,
        kind=kind,
        environment=environment,
        secret=_fernet(settings.secret_key).encrypt(json.dumps(secret).encode()).decode(),
        label=label,
        valid_until=valid_until,
        created_by=by,
    )
    session.add(row)
    session.flush()
    return row


def stored_credential(session: Session, company: Company) -> KsefCredential | None:
    """Return the credential a company is reached with: its own, else its office's."""
    rows = session.scalars(
        select(KsefCredential).where(
            KsefCredential.office_id == company.office_id,
            (KsefCredential.company_id == company.id) | KsefCredential.company_id.is_(None),
        )
    ).all()
    own = [r for r in rows if r.company_id == company.id]
    found = own or list(rows)
    return found[0] if found else None


def open_credential(settings: Settings, row: KsefCredential) -> Credential:
    """Open a stored credential; raise CredentialError when the secret key changed."""
    try:
        secret = json.loads(_fernet(settings.secret_key).decrypt(row.secret.encode()))
    except InvalidToken as e:
        raise CredentialError(Reason.CREDENTIAL_UNREADABLE) from e
    kind = CredentialKind(row.kind)
    if kind == CredentialKind.TOKEN:
        return Credential(
            row.id, kind, Environment(row.environment), row.label, token=secret["token"]
        )
    return Credential(
        row.id,
        kind,
        Environment(row.environment),
        row.label,
        certificate=x509.load_pem_x509_certificate(secret["certificate"].encode()),
        key=read_key(secret["key"].encode(), None),
        valid_until=row.valid_until,
    )
