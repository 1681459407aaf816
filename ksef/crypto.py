"""The cryptography KSeF asks for, all from the `cryptography` package (nothing hand-made).

RSA-OAEP with SHA-256 (MGF1-SHA256) under the Ministry's public key for a KSeF token and
for the symmetric key of an export; AES-256-CBC with PKCS#7 padding for the package parts
(docs/przyrostowe-pobieranie-faktur.md, open-api.json's InvoiceExportStatusResponse).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, OAEP
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

OAEP_SHA256 = OAEP(mgf=MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def b64(data: bytes) -> str:
    """Return bytes as standard Base64 text."""
    return base64.b64encode(data).decode("ascii")


def sha256_b64(data: bytes) -> str:
    """Return the SHA-256 of some bytes in Base64, as KSeF writes hashes."""
    return b64(hashlib.sha256(data).digest())


@dataclass(frozen=True)
class PublicKey:
    """One of the Ministry's public keys (GET /security/public-key-certificates)."""

    certificate: x509.Certificate
    public_key_id: str

    @classmethod
    def from_der_b64(cls, text: str, public_key_id: str | None = None) -> PublicKey:
        """Read a certificate given as Base64 DER, as the API returns it."""
        cert = x509.load_der_x509_certificate(base64.b64decode(text))
        return cls(cert, public_key_id or key_id(cert))

    def encrypt(self, data: bytes) -> bytes:
        """Encrypt with RSA-OAEP, SHA-256 and MGF1-SHA-256."""
        key = self.certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise ValueError("the KSeF public key is not an RSA key")
        return key.encrypt(data, OAEP_SHA256)


def key_id(cert: x509.Certificate) -> str:
    """Return a certificate's publicKeyId: the SHA-256 of its SubjectPublicKeyInfo, Base64."""
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return sha256_b64(spki)


@dataclass(frozen=True)
class SymmetricKey:
    """A fresh AES-256 key and IV for one export."""

    key: bytes
    iv: bytes

    @classmethod
    def new(cls) -> SymmetricKey:
        """Return a random 32-byte key and 16-byte IV."""
        return cls(os.urandom(32), os.urandom(16))

    def decrypt(self, data: bytes) -> bytes:
        """Decrypt one AES-256-CBC part and remove its PKCS#7 padding; raise ValueError."""
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.iv)).decryptor()
        padded = decryptor.update(data) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()

    def encrypt(self, data: bytes) -> bytes:
        """Encrypt with AES-256-CBC and PKCS#7 padding (what KSeF does to a part)."""
        padder = padding.PKCS7(128).padder()
        padded = padder.update(data) + padder.finalize()
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.iv)).encryptor()
        return encryptor.update(padded) + encryptor.finalize()
