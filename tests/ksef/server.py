"""A local KSeF speaking the documented API 2.0 (../shared/ksef/open-api.json), for tests.

Paths, bodies and status codes follow open-api.json and the guides: authentication by a
XAdES-signed AuthTokenRequest (checked against a test CA) or an RSA-OAEP-encrypted KSeF
token; permissions per context; exports with dateType PermanentStorage, the high-water
mark, truncated packages, parts encrypted with AES-256-CBC under the client's key and a
_metadata.json; GET /invoices/ksef/{ksefNumber}; 429 with Retry-After on demand.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import logging
import secrets
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, Response, request
from lxml import etree
from signxml.xades import XAdESVerifier
from werkzeug.serving import make_server

from ksef.crypto import OAEP_SHA256, SymmetricKey, key_id, sha256_b64
from ocr.qr import ksef_number
from tests.ksef.pki import Issued, make_ca, nip_of

AUTH_NS = "http://ksef.mf.gov.pl/auth/token/2.0"
DSIG = "http://www.w3.org/2000/09/xmldsig#"
INVOICE_TYPES = {
    "VAT": "Vat",
    "ZAL": "Zal",
    "KOR": "Kor",
    "ROZ": "Roz",
    "UPR": "Upr",
    "KOR_ZAL": "KorZal",
    "KOR_ROZ": "KorRoz",
}
SUBJECTS = ("Subject1", "Subject2", "Subject3", "SubjectAuthorized")
MAX_RANGE = dt.timedelta(days=92)  # "Maksymalny dozwolony okres wynosi 3 miesiące"


def reference_number(kind: str) -> str:
    """Return a 36-character reference like KSeF's (20250514-AU-2DFC46C000-3AC6D5877F-D4)."""
    hexes = [secrets.token_hex(n).upper() for n in (5, 5, 1)]
    return f"{dt.date.today():%Y%m%d}-{kind}-{hexes[0]}-{hexes[1]}-{hexes[2]}"


def iso(moment: dt.datetime) -> str:
    """Write a moment as KSeF does (microseconds and an offset)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_moment(text: str) -> dt.datetime:
    """Read an ISO moment; without an offset it is Warsaw time (open-api.json)."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        from zoneinfo import ZoneInfo

        value = value.replace(tzinfo=ZoneInfo("Europe/Warsaw"))
    return value.astimezone(dt.UTC)


@dataclass
class StoredInvoice:
    """One invoice in the repository with its metadata (InvoiceMetadata)."""

    number: str
    xml: bytes
    stored: dt.datetime
    metadata: dict[str, Any]
    subjects: dict[str, set[str]]


@dataclass
class Export:
    """One export operation: its package is fixed when it is asked for."""

    reference: str
    context: str
    polls_left: int
    status: dict[str, Any]
    package: dict[str, Any] | None = None


def text_of(root: etree._Element, path: str, ns: dict[str, str]) -> str | None:
    """Return a node's stripped text, or None."""
    node = root.find(path, ns)
    return node.text.strip() if node is not None and node.text else None


def metadata_of(xml: bytes, number: str, stored: dt.datetime) -> tuple[dict, dict[str, set[str]]]:
    """Return an invoice's InvoiceMetadata and the NIPs in each subject role."""
    root = etree.fromstring(xml)
    ns = {"f": etree.QName(root).namespace}
    seller = text_of(root, "f:Podmiot1/f:DaneIdentyfikacyjne/f:NIP", ns) or ""
    buyer_ids = root.find("f:Podmiot2/f:DaneIdentyfikacyjne", ns)
    buyer: dict[str, Any] = {"type": "None"}
    if buyer_ids is not None:
        for tag, kind in (("NIP", "Nip"), ("NrVatUE", "VatUe"), ("NrID", "Other")):
            value = text_of(buyer_ids, f"f:{tag}", ns)
            if value:
                buyer = {"type": kind, "value": value}
                break
    thirds = {
        (n.text or "").strip() for n in root.iterfind("f:Podmiot3/f:DaneIdentyfikacyjne/f:NIP", ns)
    }
    authorized = {
        (n.text or "").strip()
        for n in root.iterfind("f:PodmiotUpowazniony/f:DaneIdentyfikacyjne/f:NIP", ns)
    }
    fa = root.find("f:Fa", ns)
    assert fa is not None
    net = sum(
        (Decimal(n.text) for n in fa if etree.QName(n).localname.startswith("P_13") and n.text),
        Decimal(0),
    )
    vat = sum(
        (
            Decimal(n.text)
            for n in fa
            if etree.QName(n).localname in {f"P_14_{i}" for i in range(1, 6)} and n.text
        ),
        Decimal(0),
    )
    form = root.find("f:Naglowek/f:KodFormularza", ns)
    kind = text_of(fa, "f:RodzajFaktury", ns) or "VAT"
    metadata = {
        "ksefNumber": number,
        "invoiceNumber": text_of(fa, "f:P_2", ns),
        "issueDate": text_of(fa, "f:P_1", ns),
        "invoicingDate": iso(stored - dt.timedelta(seconds=2)),
        "acquisitionDate": iso(stored - dt.timedelta(seconds=1)),
        "permanentStorageDate": iso(stored),
        "seller": {
            "nip": seller,
            "name": text_of(root, "f:Podmiot1/f:DaneIdentyfikacyjne/f:Nazwa", ns),
        },
        "buyer": {
            "identifier": buyer,
            "name": text_of(root, "f:Podmiot2/f:DaneIdentyfikacyjne/f:Nazwa", ns),
        },
        "netAmount": float(net),
        "grossAmount": float(Decimal(text_of(fa, "f:P_15", ns) or "0")),
        "vatAmount": float(vat),
        "currency": text_of(fa, "f:KodWaluty", ns),
        "invoicingMode": "Online",
        "invoiceType": INVOICE_TYPES.get(kind, "Vat"),
        "formCode": {
            "systemCode": form.get("kodSystemowy") if form is not None else "FA (3)",
            "schemaVersion": form.get("wersjaSchemy") if form is not None else "1-0E",
            "value": "FA",
        },
        "isSelfInvoicing": False,
        "hasAttachment": False,
        "invoiceHash": sha256_b64(xml),
        "thirdSubjects": [],
    }
    subjects = {
        "Subject1": {seller},
        "Subject2": {buyer["value"]} if buyer["type"] == "Nip" else set(),
        "Subject3": thirds,
        "SubjectAuthorized": authorized,
    }
    return metadata, subjects


@dataclass
class KsefServer:
    """The whole of a KSeF: keys, permissions, tokens, invoices, exports; and its HTTP face."""

    ca: Issued = field(default_factory=make_ca)
    base: str = ""
    access_minutes: int = 15
    auth_polls: int = 1
    export_polls: int = 1
    package_limit: int = 10_000
    part_size: int = 50 * 1024 * 1024
    hwm_lag: dt.timedelta = dt.timedelta(0)
    retry_after: int = 1
    lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.mf = make_ca("Ministerstwo Finansów")
        self.token_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.symmetric_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.token_cert = self._mf_certificate(self.token_key)
        self.symmetric_cert = self._mf_certificate(self.symmetric_key)
        self.grants: set[tuple[str, str, str]] = set()
        self.tokens: dict[str, dict[str, Any]] = {}
        self.revoked: set[int] = set()
        self.invoices: list[StoredInvoice] = []
        self.by_number: dict[str, StoredInvoice] = {}
        self.challenges: dict[str, int] = {}
        self.operations: dict[str, dict[str, Any]] = {}
        self.temporary: dict[str, str] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.refreshes: dict[str, dict[str, Any]] = {}
        self.exports: dict[str, Export] = {}
        self.parts: dict[str, bytes] = {}
        self.throttle: dict[str, int] = {}
        self.failures: dict[str, int] = {}
        self.requests: list[tuple[str, str, str]] = []
        self.export_requests: list[dict[str, Any]] = []
        self.ca_file = Path(tempfile.mkstemp(suffix=".pem")[1])
        self.ca_file.write_bytes(self.ca.cert_pem())
        self.app = self._make_app()
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def _mf_certificate(self, key: rsa.RSAPrivateKey) -> x509.Certificate:
        from tests.ksef.pki import _builder

        subject = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Ministerstwo Finansów")])
        return _builder(subject, self.mf.certificate.subject, key, 730).sign(
            self.mf.key, hashes.SHA256()
        )

    # -- running -------------------------------------------------------------------------

    def start(self) -> str:
        """Serve on a free loopback port; return the API's base URL."""
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        port = self._server.server_port
        self.host = f"http://127.0.0.1:{port}"
        self.base = f"{self.host}/v2"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.base

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self.ca_file.unlink(missing_ok=True)

    # -- the world -----------------------------------------------------------------------

    def grant(self, context: str, to: str, scope: str = "InvoiceRead") -> None:
        """The owner of `context` grants `to` a permission (docs/uprawnienia.md)."""
        with self.lock:
            self.grants.add((context, to, scope))

    def revoke(self, context: str, to: str) -> None:
        """The owner of `context` takes every permission back from `to`."""
        with self.lock:
            self.grants = {g for g in self.grants if not (g[0] == context and g[1] == to)}

    def new_token(self, owner: str) -> str:
        """Return a new KSeF token of a NIP (POST /tokens, done in KSeF's own pages)."""
        token = f"{reference_number('EC')}|nip-{owner}|{secrets.token_hex(32)}"
        with self.lock:
            self.tokens[token] = {"owner": owner, "active": True}
        return token

    def revoke_token(self, token: str) -> None:
        """Revoke a KSeF token."""
        with self.lock:
            self.tokens[token]["active"] = False

    def revoke_certificate(self, certificate: x509.Certificate) -> None:
        """Revoke a certificate (auth then ends with status 460 'Certyfikat odwołany')."""
        with self.lock:
            self.revoked.add(certificate.serial_number)

    def add(self, xml: bytes, at: dt.datetime | None = None) -> StoredInvoice:
        """Take an invoice in: give it a KSeF number and store it permanently at `at`."""
        with self.lock:
            stored = at or dt.datetime.now(dt.UTC)
            while any(i.stored == stored for i in self.invoices[-50:]):
                stored += dt.timedelta(microseconds=1)
            seller = (metadata_of(xml, "", stored)[0]["seller"]["nip"]) or "9999999999"
            number = ksef_number(seller, f"{stored:%Y%m%d}", secrets.token_hex(6).upper())
            metadata, subjects = metadata_of(xml, number, stored)
            invoice = StoredInvoice(number, xml, stored, metadata, subjects)
            self.invoices.append(invoice)
            self.invoices.sort(key=lambda i: i.stored)
            self.by_number[number] = invoice
            return invoice

    def hwm(self) -> dt.datetime:
        """Return the high-water mark: everything stored up to it is there for good."""
        return dt.datetime.now(dt.UTC) - self.hwm_lag

    def may_read(self, context: str, subject: str) -> bool:
        """Tell whether a subject may read invoices in a context (owner, or InvoiceRead)."""
        return subject == context or (context, subject, "InvoiceRead") in self.grants

    def has_any(self, context: str, subject: str) -> bool:
        """Tell whether a subject holds any permission in a context."""
        return subject == context or any(g[0] == context and g[1] == subject for g in self.grants)

    def count(self, method: str, path_start: str) -> int:
        """Count requests received whose path starts with something."""
        return sum(1 for m, p, _ in self.requests if m == method and p.startswith(path_start))

    # -- HTTP ----------------------------------------------------------------------------

    def _make_app(self) -> Flask:
        app = Flask("ksef-test-server")
        server = self

        def problem(status: int, detail: str, **extra: Any) -> Response:
            body = {
                "title": {401: "Unauthorized", 403: "Forbidden", 410: "Gone"}.get(status, "Error"),
                "status": status,
                "detail": detail,
                "instance": request.path,
                "timestamp": iso(dt.datetime.now(dt.UTC)),
                **extra,
            }
            return Response(json.dumps(body), status, content_type="application/problem+json")

        def exception(code: int, description: str, *details: str) -> Response:
            body = {
                "exception": {
                    "exceptionDetailList": [
                        {
                            "exceptionCode": code,
                            "exceptionDescription": description,
                            "details": list(details),
                        }
                    ],
                    "referenceNumber": None,
                    "serviceCode": secrets.token_hex(8),
                    "serviceCtx": "srvTEST",
                    "serviceName": "Test",
                    "timestamp": iso(dt.datetime.now(dt.UTC)),
                }
            }
            return Response(json.dumps(body), 400, content_type="application/json")

        def ok(body: Any, status: int = 200) -> Response:
            return Response(json.dumps(body), status, content_type="application/json")

        def group_of(path: str, method: str) -> str:
            if path.startswith("/v2/auth") or path.startswith("/v2/security"):
                return "auth"
            if path == "/v2/invoices/exports" and method == "POST":
                return "invoiceExport"
            if path.startswith("/v2/invoices/exports/"):
                return "invoiceExportStatus"
            if path.startswith("/v2/invoices/ksef/"):
                return "invoiceDownload"
            if path.startswith("/v2/invoices/query/metadata"):
                return "invoiceMetadata"
            if path.startswith("/storage/"):
                return "part"
            return "other"

        @app.before_request
        def throttled() -> Response | None:
            group = group_of(request.path, request.method)
            with server.lock:
                server.requests.append((request.method, request.path, group))
                if server.throttle.get(group, 0) > 0:
                    server.throttle[group] -= 1
                    body = {
                        "status": {
                            "code": 429,
                            "description": "Too Many Requests",
                            "details": [f"Spróbuj ponownie po {server.retry_after} sekundach."],
                        }
                    }
                    return Response(
                        json.dumps(body),
                        429,
                        headers={"Retry-After": str(server.retry_after)},
                        content_type="application/json",
                    )
                if server.failures.get(group, 0) > 0:
                    server.failures[group] -= 1
                    return Response("upstream failed", 503)
            return None

        def session() -> dict[str, Any] | Response:
            header = request.headers.get("Authorization", "")
            token = header.removeprefix("Bearer ").strip()
            with server.lock:
                found = server.sessions.get(token)
            if found is None or found["until"] < dt.datetime.now(dt.UTC):
                return problem(401, "Wymagane jest uwierzytelnienie.")
            return found

        @app.post("/v2/auth/challenge")
        def challenge() -> Response:
            now = dt.datetime.now(dt.UTC)
            value = reference_number("CR")
            ms = int(now.timestamp() * 1000)
            with server.lock:
                server.challenges[value] = ms
            return ok(
                {
                    "challenge": value,
                    "timestamp": iso(now),
                    "timestampMs": ms,
                    "clientIp": "127.0.0.1",
                }
            )

        def start_operation(
            context: str, subject: str | None, code: int, details: list[str], method: str
        ) -> Response:
            reference = reference_number("AU")
            temporary = "op." + secrets.token_urlsafe(24)
            until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
            with server.lock:
                server.operations[reference] = {
                    "context": context,
                    "subject": subject,
                    "code": code,
                    "details": details,
                    "polls": server.auth_polls,
                    "redeemed": False,
                    "method": method,
                }
                server.temporary[temporary] = reference
            return ok(
                {
                    "referenceNumber": reference,
                    "authenticationToken": {"token": temporary, "validUntil": iso(until)},
                },
                202,
            )

        @app.post("/v2/auth/xades-signature")
        def xades() -> Response:
            data = request.get_data()
            try:
                results = XAdESVerifier().verify(data, ca_pem_file=str(server.ca_file))
            except Exception as e:  # signxml raises its own family
                return exception(9105, "Nieprawidłowy podpis.", str(e)[:200])
            signed = results[0].signed_xml
            ns = {"a": AUTH_NS}
            value = text_of(signed, "a:Challenge", ns)
            context = text_of(signed, "a:ContextIdentifier/a:Nip", ns)
            if value not in server.challenges:
                return exception(21111, "Nieprawidłowe wyzwanie autoryzacyjne.")
            if not context:
                return exception(
                    21117, "Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu."
                )
            root = etree.fromstring(data)
            cert_text = root.findtext(f".//{{{DSIG}}}X509Certificate") or ""
            certificate = x509.load_der_x509_certificate(base64.b64decode(cert_text))
            subject = nip_of(certificate)
            with server.lock:
                server.challenges.pop(value, None)
                if certificate.serial_number in server.revoked:
                    code, details = 460, ["Certyfikat odwołany."]
                elif subject is None:
                    code, details = 460, ["Niepoprawny certyfikat."]
                elif not server.has_any(context, subject):
                    code, details = 415, ["Brak przypisanych uprawnień"]
                else:
                    code, details = 200, []
            return start_operation(context, subject, code, details, "QualifiedSeal")

        @app.post("/v2/auth/ksef-token")
        def ksef_token() -> Response:
            body = request.get_json(force=True)
            if body.get("publicKeyId") not in (None, key_id(server.token_cert)):
                return exception(
                    21470,
                    "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.",
                )
            context = (body.get("contextIdentifier") or {}).get("value", "")
            try:
                plain = server.token_key.decrypt(
                    base64.b64decode(body["encryptedToken"]), OAEP_SHA256
                )
                token, _, stamp = plain.decode().rpartition("|")
            except Exception:
                return start_operation(context, None, 450, ["Nieprawidłowy token"], "Token")
            with server.lock:
                expected = server.challenges.pop(body.get("challenge", ""), None)
                known = server.tokens.get(token)
                if expected is None or str(expected) != stamp:
                    code, details = 450, ["Nieprawidłowe wyzwanie autoryzacyjne"]
                elif known is None:
                    code, details = 450, ["Nieprawidłowy token"]
                elif not known["active"]:
                    code, details = 450, ["Token unieważniony"]
                elif not server.has_any(context, known["owner"]):
                    code, details = 415, ["Brak przypisanych uprawnień"]
                else:
                    code, details = 200, []
            return start_operation(
                context, known["owner"] if known else None, code, details, "Token"
            )

        def operation_of(reference: str | None = None) -> dict[str, Any] | Response:
            token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            with server.lock:
                ref = server.temporary.get(token)
                if ref is None or (reference and ref != reference):
                    return problem(401, "Wymagane jest uwierzytelnienie.")
                return server.operations[ref]

        @app.get("/v2/auth/<reference>")
        def auth_status(reference: str) -> Response:
            found = operation_of(reference)
            if isinstance(found, Response):
                return found
            with server.lock:
                if found["polls"] > 0:
                    found["polls"] -= 1
                    status = {"code": 100, "description": "Uwierzytelnianie w toku"}
                elif found["code"] == 200:
                    status = {"code": 200, "description": "Uwierzytelnianie zakończone sukcesem"}
                else:
                    status = {
                        "code": found["code"],
                        "description": "Uwierzytelnianie zakończone niepowodzeniem",
                        "details": found["details"],
                    }
            return ok(
                {
                    "startDate": iso(dt.datetime.now(dt.UTC)),
                    "authenticationMethod": found["method"],
                    "authenticationMethodInfo": {
                        "category": "Token",
                        "code": found["method"],
                        "displayName": found["method"],
                    },
                    "status": status,
                }
            )

        def new_session(context: str, subject: str) -> dict[str, Any]:
            now = dt.datetime.now(dt.UTC)
            access = "acc." + secrets.token_urlsafe(24)
            until = now + dt.timedelta(minutes=server.access_minutes)
            server.sessions[access] = {"context": context, "subject": subject, "until": until}
            return {"token": access, "validUntil": iso(until)}

        @app.post("/v2/auth/token/redeem")
        def redeem() -> Response:
            found = operation_of()
            if isinstance(found, Response):
                return found
            with server.lock:
                if found["redeemed"] or found["code"] != 200 or found["polls"] > 0:
                    return exception(21301, "Brak autoryzacji.")
                found["redeemed"] = True
                access = new_session(found["context"], found["subject"])
                refresh = "ref." + secrets.token_urlsafe(24)
                refresh_until = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
                server.refreshes[refresh] = {
                    "context": found["context"],
                    "subject": found["subject"],
                    "until": refresh_until,
                }
            return ok(
                {
                    "accessToken": access,
                    "refreshToken": {"token": refresh, "validUntil": iso(refresh_until)},
                }
            )

        @app.post("/v2/auth/token/refresh")
        def refresh() -> Response:
            token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            with server.lock:
                found = server.refreshes.get(token)
                if found is None:
                    return problem(401, "Wymagane jest uwierzytelnienie.")
                if not server.has_any(found["context"], found["subject"]):
                    return exception(21301, "Brak autoryzacji.")
                return ok({"accessToken": new_session(found["context"], found["subject"])})

        @app.get("/v2/security/public-key-certificates")
        def public_keys() -> Response:
            now = dt.datetime.now(dt.UTC)
            items = []
            for cert, usage in (
                (server.token_cert, "KsefTokenEncryption"),
                (server.symmetric_cert, "SymmetricKeyEncryption"),
            ):
                der = cert.public_bytes(serialization.Encoding.DER)
                items.append(
                    {
                        "certificate": base64.b64encode(der).decode(),
                        "certificateId": sha256_b64(der),
                        "publicKeyId": key_id(cert),
                        "validFrom": iso(now - dt.timedelta(days=30)),
                        "validTo": iso(now + dt.timedelta(days=700)),
                        "usage": [usage],
                    }
                )
            return ok(items)

        @app.post("/v2/permissions/query/personal/grants")
        def personal_grants() -> Response:
            found = session()
            if isinstance(found, Response):
                return found
            context, subject = found["context"], found["subject"]
            with server.lock:
                scopes = sorted(
                    {g[2] for g in server.grants if g[0] == context and g[1] == subject}
                )
            if subject == context:
                scopes = ["CredentialsManage", "CredentialsRead", "InvoiceRead", "InvoiceWrite"]
            items = [
                {
                    "id": secrets.token_hex(18)[:36],
                    "contextIdentifier": {"type": "Nip", "value": context},
                    "authorizedIdentifier": {"type": "Nip", "value": subject},
                    "permissionScope": scope,
                    "description": "Uprawnienie nadane w teście",
                    "permissionState": "Active",
                    "startDate": iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=3)),
                    "canDelegate": False,
                }
                for scope in scopes
            ]
            return ok({"permissions": items, "hasMore": False})

        def forbidden() -> Response:
            return problem(
                403,
                "Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.",
                reasonCode="missing-permissions",
                security={"requiredAnyOfPermissions": ["InvoiceRead"], "presentPermissions": []},
            )

        @app.post("/v2/invoices/exports")
        def start_export() -> Response:
            found = session()
            if isinstance(found, Response):
                return found
            context = found["context"]
            with server.lock:
                if not server.may_read(context, found["subject"]):
                    return forbidden()
            body = request.get_json(force=True)
            server.export_requests.append(body)
            encryption = body.get("encryption") or {}
            filters = body.get("filters") or {}
            if encryption.get("publicKeyId") not in (None, key_id(server.symmetric_cert)):
                return exception(
                    21470,
                    "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.",
                )
            subject = filters.get("subjectType")
            dates = filters.get("dateRange") or {}
            if (
                subject not in SUBJECTS
                or not dates.get("from")
                or dates.get("dateType") not in ("Issue", "Invoicing", "PermanentStorage")
            ):
                return exception(21405, "Błąd walidacji danych wejściowych.", "filters")
            start = parse_moment(dates["from"])
            end = parse_moment(dates["to"]) if dates.get("to") else dt.datetime.now(dt.UTC)
            if end - start > MAX_RANGE:
                return exception(
                    21405, "Błąd walidacji danych wejściowych.", "dateRange > 3 months"
                )
            try:
                key = server.symmetric_key.decrypt(
                    base64.b64decode(encryption["encryptedSymmetricKey"]), OAEP_SHA256
                )
                aes = SymmetricKey(key, base64.b64decode(encryption["initializationVector"]))
                assert len(key) == 32 and len(aes.iv) == 16
            except Exception:
                aes = None
            reference = reference_number("EH")
            with server.lock:
                export = Export(reference, context, server.export_polls, {})
                if aes is None:
                    export.status = {
                        "code": 415,
                        "description": "Błąd odszyfrowania dostarczonego klucza",
                    }
                else:
                    restrict = bool(dates.get("restrictToPermanentStorageHwmDate"))
                    export.status, export.package = server._package(
                        reference,
                        context,
                        subject,
                        start,
                        end,
                        restrict,
                        aes,
                        bool(body.get("onlyMetadata")),
                    )
                server.exports[reference] = export
            return ok({"referenceNumber": reference}, 201)

        @app.get("/v2/invoices/exports/<reference>")
        def export_status(reference: str) -> Response:
            found = session()
            if isinstance(found, Response):
                return found
            with server.lock:
                export = server.exports.get(reference)
                if export is None or export.context != found["context"]:
                    return exception(
                        21175, "Wynik zapytania o podanym identyfikatorze nie istnieje."
                    )
                if export.polls_left > 0:
                    export.polls_left -= 1
                    return ok({"status": {"code": 100, "description": "Eksport faktur w toku"}})
                answer: dict[str, Any] = {"status": export.status}
                if export.package is not None:
                    now = dt.datetime.now(dt.UTC)
                    answer["completedDate"] = iso(now)
                    answer["packageExpirationDate"] = iso(now + dt.timedelta(days=7))
                    answer["package"] = export.package
            return ok(answer)

        @app.get("/storage/<name>")
        def part(name: str) -> Response:
            with server.lock:
                data = server.parts.get(name)
            if data is None:
                return Response("not found", 404)
            return Response(
                data,
                200,
                headers={"x-ms-meta-hash": sha256_b64(data)},
                content_type="application/octet-stream",
            )

        @app.get("/v2/invoices/ksef/<number>")
        def get_invoice(number: str) -> Response:
            found = session()
            if isinstance(found, Response):
                return found
            context = found["context"]
            with server.lock:
                if not server.may_read(context, found["subject"]):
                    return forbidden()
                invoice = server.by_number.get(number)
                if invoice is None or not any(
                    context in nips for nips in invoice.subjects.values()
                ):
                    return exception(
                        21164,
                        "Faktura o podanym identyfikatorze nie istnieje.",
                        f"Faktura o numerze KSeF {number} nie została znaleziona.",
                    )
            return Response(
                invoice.xml,
                200,
                headers={"x-ms-meta-hash": sha256_b64(invoice.xml)},
                content_type="application/xml",
            )

        @app.post("/v2/invoices/query/metadata")
        def query_metadata() -> Response:
            found = session()
            if isinstance(found, Response):
                return found
            context = found["context"]
            with server.lock:
                if not server.may_read(context, found["subject"]):
                    return forbidden()
            body = request.get_json(force=True)
            subject = body.get("subjectType")
            dates = body.get("dateRange") or {}
            if subject not in SUBJECTS or not dates.get("from"):
                return exception(21405, "Błąd walidacji danych wejściowych.", "filters")
            start = parse_moment(dates["from"])
            end = parse_moment(dates["to"]) if dates.get("to") else dt.datetime.now(dt.UTC)
            field_name = {"Issue": "issueDate", "Invoicing": "invoicingDate"}.get(
                dates.get("dateType"), "permanentStorageDate"
            )
            found_items = []
            with server.lock:
                for invoice in server.invoices:
                    if context not in invoice.subjects[subject]:
                        continue
                    raw = invoice.metadata[field_name]
                    moment = parse_moment(raw if "T" in raw else raw + "T12:00:00+00:00")
                    if not start <= moment <= end:
                        continue
                    if (
                        body.get("sellerNip")
                        and invoice.metadata["seller"]["nip"] != body["sellerNip"]
                    ):
                        continue
                    if body.get("ksefNumber") and invoice.number != body["ksefNumber"]:
                        continue
                    found_items.append(invoice.metadata)
            return ok(
                {
                    "hasMore": False,
                    "isTruncated": False,
                    "permanentStorageHwmDate": iso(min(end, server.hwm())),
                    "invoices": found_items[:250],
                }
            )

        return app

    def _package(
        self,
        reference: str,
        context: str,
        subject: str,
        start: dt.datetime,
        end: dt.datetime,
        restrict: bool,
        aes: SymmetricKey,
        only_metadata: bool,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Build an export's package now: ZIP, split into parts, each AES-encrypted."""
        hwm = self.hwm()
        if restrict:
            if start > hwm:
                return {
                    "code": 420,
                    "description": "Zakres filtrowania wykracza poza dostępny zakres danych",
                    "details": [
                        "Parametr dateRange.from jest późniejszy niż PermanentStorageHwmDate."
                    ],
                }, {}
            end = min(end, hwm)
        chosen = [
            i for i in self.invoices if context in i.subjects[subject] and start <= i.stored <= end
        ]
        truncated = len(chosen) > self.package_limit
        chosen = chosen[: self.package_limit]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            if not only_metadata:
                for invoice in chosen:
                    archive.writestr(f"{invoice.number}.xml", invoice.xml)
            archive.writestr(
                "_metadata.json", json.dumps({"invoices": [i.metadata for i in chosen]})
            )
        data = buffer.getvalue()
        parts = []
        for ordinal, offset in enumerate(range(0, len(data), self.part_size), 1):
            plain = data[offset : offset + self.part_size]
            encrypted = aes.encrypt(plain)
            name = f"{reference}-{ordinal:03d}.zip.aes"
            self.parts[name] = encrypted
            parts.append(
                {
                    "ordinalNumber": ordinal,
                    "partName": name,
                    "method": "GET",
                    "url": f"{self.host}/storage/{name}",
                    "partSize": len(plain),
                    "partHash": sha256_b64(plain),
                    "encryptedPartSize": len(encrypted),
                    "encryptedPartHash": sha256_b64(encrypted),
                    "expirationDate": iso(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)),
                }
            )
        package: dict[str, Any] = {
            "invoiceCount": len(chosen),
            "size": len(data),
            "parts": parts,
            "isTruncated": truncated,
            "permanentStorageHwmDate": iso(end),
        }
        if truncated:
            package["lastPermanentStorageDate"] = iso(chosen[-1].stored)
        return {"code": 200, "description": "Eksport faktur zakończony sukcesem"}, package
