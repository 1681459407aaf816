"""Pieces the client and staff pages share: document rows as JSON, serving a file."""

from __future__ import annotations

from typing import Any

from flask import Response

from intake.models import Document
from portal.db import get_runtime
from portal.i18n import _


def document_json(doc: Document) -> dict[str, Any]:
    """Return what a page needs to show and refresh one document's row."""
    fields = doc.extraction.fields if doc.extraction else {}
    return {
        "id": doc.id,
        "filename": doc.filename,
        "status": doc.status,
        "status_label": _(doc.status),
        "month": doc.month,
        "source": doc.source,
        "error": doc.error,
        "invoice_number": fields.get("invoice_number"),
        "gross_total": fields.get("gross_total"),
        "currency": fields.get("currency"),
        "seller_name": fields.get("seller_name"),
        "created_at": doc.created_at.isoformat(),
        "duplicate_of": doc.duplicate_of_id,
    }


def file_response(doc: Document, download: bool = False) -> Response:
    """Send a document's stored bytes with its sniffed type (never the client's claim)."""
    data = get_runtime().storage.get(doc.storage_key)
    disposition = "attachment" if download else "inline"
    # Only types a browser shows safely are inline; everything else downloads.
    inline_ok = doc.media_type in ("application/pdf", "image/png", "image/jpeg", "image/webp")
    media_type = doc.media_type if inline_ok or download else "application/octet-stream"
    if not inline_ok:
        disposition = "attachment"
    response = Response(data, mimetype=media_type)
    safe_name = doc.filename.encode("ascii", "replace").decode().replace('"', "")
    response.headers["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
