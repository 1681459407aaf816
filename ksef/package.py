"""One export, from asking to opened files (docs/pobieranie-faktur.md, przyrostowe-...md).

POST /invoices/exports with dateType PermanentStorage and restrictToPermanentStorageHwmDate,
the symmetric key encrypted under the Ministry's key; the status polled until the package
is ready; each part downloaded, checked against its hash, decrypted (AES-256-CBC) and
joined; the ZIP opened: {ksefNumber}.xml files and _metadata.json, each XML checked
against its invoiceHash.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ksef.auth import Connection, moment, public_keys
from ksef.crypto import SymmetricKey, sha256_b64
from ksef.errors import PackageError, Reason
from ksef.vocabulary import SubjectType

METADATA = "_metadata.json"


@dataclass(frozen=True)
class Fetched:
    """One invoice of a package: its InvoiceMetadata and its XML."""

    metadata: dict[str, Any]
    xml: bytes

    @property
    def number(self) -> str:
        """Return its KSeF number."""
        return str(self.metadata["ksefNumber"])


@dataclass
class Package:
    """What one export brought, and where the next export of the role starts."""

    invoices: list[Fetched] = field(default_factory=list)
    truncated: bool = False
    # LastPermanentStorageDate of a truncated package, else PermanentStorageHwmDate.
    continuation: dt.datetime | None = None


def iso(moment_: dt.datetime) -> str:
    """Write a moment for KSeF: ISO 8601 with an offset, milliseconds."""
    return moment_.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def export(
    conn: Connection,
    subject: SubjectType,
    start: dt.datetime,
    end: dt.datetime | None,
    *,
    poll_s: float,
    max_wait_s: float,
) -> Package:
    """Export one window of a role's invoices and return them with the next start."""
    key = SymmetricKey.new()
    ministry = public_keys(conn.api)["SymmetricKeyEncryption"]
    dates: dict[str, Any] = {
        "dateType": "PermanentStorage",
        "from": iso(start),
        "restrictToPermanentStorageHwmDate": True,
    }
    if end is not None:
        dates["to"] = iso(end)
    body = {
        "encryption": {
            "encryptedSymmetricKey": base64.b64encode(ministry.encrypt(key.key)).decode(),
            "initializationVector": base64.b64encode(key.iv).decode(),
            "publicKeyId": ministry.public_key_id,
        },
        "filters": {"subjectType": subject.value, "dateRange": dates},
    }
    started = conn.request(
        "POST", "/invoices/exports", group="invoiceExport", payload=body, ok=(201,)
    )
    reference = started.json()["referenceNumber"]
    status = wait_for(conn, reference, poll_s, max_wait_s)
    code = int(status["status"]["code"])
    if code == 420:  # the window starts after the high-water mark: nothing new yet
        return Package(continuation=start)
    if code != 200 or not status.get("package"):
        detail = "; ".join(status["status"].get("details") or []) or status["status"].get(
            "description", ""
        )
        raise PackageError(Reason.EXPORT_FAILED, status=code, detail=detail)
    package = status["package"]
    truncated = bool(package.get("isTruncated"))
    mark = package.get("lastPermanentStorageDate") if truncated else None
    mark = mark or package.get("permanentStorageHwmDate")
    return Package(
        invoices=open_parts(conn, package.get("parts") or [], key),
        truncated=truncated,
        continuation=moment(mark) if mark else None,
    )


def wait_for(conn: Connection, reference: str, poll_s: float, max_wait_s: float) -> dict:
    """Poll an export's status until it is no longer in progress (code 100)."""
    deadline = time.monotonic() + max_wait_s
    while True:
        answer = conn.request(
            "GET", f"/invoices/exports/{reference}", group="invoiceExportStatus"
        ).json()
        if int(answer["status"]["code"]) != 100:
            return answer
        if time.monotonic() > deadline:
            raise PackageError(Reason.EXPORT_TIMEOUT, seconds=int(max_wait_s))
        conn.api.sleep(poll_s)


def open_parts(conn: Connection, parts: list[dict], key: SymmetricKey) -> list[Fetched]:
    """Download, check, decrypt and join the parts; return the package's invoices."""
    joined = io.BytesIO()
    for part in sorted(parts, key=lambda p: int(p["ordinalNumber"])):
        data = conn.api.download(part["url"]).data
        if part.get("encryptedPartHash") and sha256_b64(data) != part["encryptedPartHash"]:
            raise PackageError(Reason.PACKAGE_DAMAGED, detail=f"{part['partName']}: hash")
        try:
            plain = key.decrypt(data)
        except ValueError as e:
            raise PackageError(Reason.PACKAGE_DAMAGED, detail=f"{part['partName']}: {e}") from e
        if part.get("partHash") and sha256_b64(plain) != part["partHash"]:
            raise PackageError(Reason.PACKAGE_DAMAGED, detail=f"{part['partName']}: part hash")
        joined.write(plain)
    if not parts:
        return []
    return read_zip(joined.getvalue())


def read_zip(data: bytes) -> list[Fetched]:
    """Return the invoices of a package ZIP, in _metadata.json's order, hashes checked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if METADATA not in names:
                raise PackageError(Reason.PACKAGE_DAMAGED, detail=f"no {METADATA}")
            listed = json.loads(archive.read(METADATA)).get("invoices") or []
            found = []
            for metadata in listed:
                name = f"{metadata['ksefNumber']}.xml"
                if name not in names:
                    raise PackageError(Reason.PACKAGE_DAMAGED, detail=f"{name} missing")
                xml = archive.read(name)
                if metadata.get("invoiceHash") and sha256_b64(xml) != metadata["invoiceHash"]:
                    raise PackageError(Reason.PACKAGE_DAMAGED, detail=f"{name}: invoiceHash")
                found.append(Fetched(metadata, xml))
            return found
    except (zipfile.BadZipFile, ValueError, KeyError) as e:
        raise PackageError(Reason.PACKAGE_DAMAGED, detail=str(e)[:200]) from e
