"""A test CA and the certificates KSeF knows: seals (VATPL-NIP) and persons (TINPL-NIP).

docs/auth/podpis-xades.md: a seal carries organizationIdentifier (2.5.4.97) 'VATPL-<NIP>';
a person's certificate carries serialNumber (2.5.4.5) 'TINPL-<NIP>' or 'PNOPL-<PESEL>'.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

ORGANIZATION_IDENTIFIER = ObjectIdentifier("2.5.4.97")
NIP_IN_SUBJECT = re.compile(r"(?:VATPL|TINPL|NIP).*?(\d{10})")


@dataclass
class Issued:
    """A certificate and its key."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

    def cert_pem(self) -> bytes:
        """Return the certificate in PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def key_pem(self, password: bytes | None = None) -> bytes:
        """Return the key in PEM (PKCS#8), encrypted when a password is given."""
        encryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )


def _builder(subject: x509.Name, issuer: x509.Name, key, days: int, start_days: int = -1):  # type: ignore[no-untyped-def]
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=start_days))
        .not_valid_after(now + dt.timedelta(days=days))
    )


def make_ca(name: str = "Test KSeF CA") -> Issued:
    """Return a self-signed CA."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
        ]
    )
    cert = (
        _builder(subject, subject, key, 3650)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def issue(
    ca: Issued,
    nip: str,
    *,
    person: bool = False,
    rsa_key: bool = False,
    days: int = 365,
    start_days: int = -1,
) -> Issued:
    """Return a seal (or a person's certificate) for a NIP, signed by the CA."""
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if rsa_key
        else ec.generate_private_key(ec.SECP256R1())
    )
    if person:
        attributes = [
            x509.NameAttribute(NameOID.GIVEN_NAME, "Anna"),
            x509.NameAttribute(NameOID.SURNAME, "Nowak"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"TINPL-{nip}"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Anna Nowak"),
        ]
    else:
        attributes = [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"Biuro {nip}"),
            x509.NameAttribute(ORGANIZATION_IDENTIFIER, f"VATPL-{nip}"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"Biuro {nip}"),
        ]
    subject = x509.Name([*attributes, x509.NameAttribute(NameOID.COUNTRY_NAME, "PL")])
    cert = (
        _builder(subject, ca.certificate.subject, key, days, start_days)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(cert, key)


def nip_of(certificate: x509.Certificate) -> str | None:
    """Return the NIP a certificate's subject names, as KSeF recognises it."""
    for oid in (ORGANIZATION_IDENTIFIER, NameOID.SERIAL_NUMBER):
        for attribute in certificate.subject.get_attributes_for_oid(oid):
            found = NIP_IN_SUBJECT.search(str(attribute.value))
            if found:
                return found[1]
    return None
