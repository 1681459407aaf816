"""The AuthTokenRequest and its XAdES signature (docs/uwierzytelnianie.md, auth/podpis-xades.md).

The document names the challenge, the context (the client's NIP) and how KSeF finds the
signer (certificateSubject: the NIP or PESEL in the certificate). It is signed enveloped,
XAdES-BES, by signxml: RSA with SHA-256, or ECDSA with SHA-256 (R||S, as XMLDSIG 1.1 says).
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree
from signxml import methods
from signxml.xades import XAdESSigner

AUTH_NS = "http://ksef.mf.gov.pl/auth/token/2.0"
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def auth_token_request(challenge: str, nip: str, subject: str = "certificateSubject") -> bytes:
    """Return the unsigned AuthTokenRequest for a challenge in a NIP's context."""
    root = etree.Element(f"{{{AUTH_NS}}}AuthTokenRequest", nsmap={None: AUTH_NS})
    etree.SubElement(root, f"{{{AUTH_NS}}}Challenge").text = challenge
    context = etree.SubElement(root, f"{{{AUTH_NS}}}ContextIdentifier")
    etree.SubElement(context, f"{{{AUTH_NS}}}Nip").text = nip
    etree.SubElement(root, f"{{{AUTH_NS}}}SubjectIdentifierType").text = subject
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def sign(document: bytes, certificate: x509.Certificate, key: PrivateKey) -> bytes:
    """Return a document with an enveloped XAdES-BES signature by a certificate's key."""
    algorithm = "ecdsa-sha256" if isinstance(key, ec.EllipticCurvePrivateKey) else "rsa-sha256"
    signer = XAdESSigner(
        method=methods.enveloped, signature_algorithm=algorithm, digest_algorithm="sha256"
    )
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    signed = signer.sign(etree.fromstring(document, parser), key=key, cert=[certificate])
    return etree.tostring(signed, xml_declaration=True, encoding="utf-8")
