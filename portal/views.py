"""Pieces the client and staff pages share: document rows as JSON, serving a file."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import quote

from flask import Response

from intake.models import Document
from intake.models.texts import code_of
from portal import filters
from portal.db import get_runtime
from portal.language import say
from portal.vocabulary import label


def document_json(doc: Document) -> dict[str, Any]:
    """Return what a page needs to show and refresh one document's row.

    Raw values are for programs; each `<name>_label` is the same value written for the
    reader (translated, formatted in the locale and the office's time zone) for live.js.
    """
    fields = doc.extraction.fields if doc.extraction else {}
    gross, currency = fields.get("gross_total"), fields.get("currency")
    return {
        "id": doc.id,
        "filename": doc.filename,
        "status": doc.status,
        "status_label": label(doc.status),
        "month": str(doc.month) if doc.month else None,
        "month_label": filters.month(doc.month),
        "source": doc.source,
        "source_label": label(doc.source),
        "error": say(doc.error) if doc.error else None,
        "error_code": code_of(doc.error),
        "invoice_number": fields.get("invoice_number"),
        "gross_total": gross,
        "gross_total_label": filters.money(gross, currency) if gross else "",
        "currency": currency,
        "seller_name": fields.get("seller_name"),
        "created_at": doc.created_at.isoformat(),
        "created_at_label": filters.moment(doc.created_at),
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
    response.headers["Content-Disposition"] = content_disposition(disposition, doc.filename)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def content_disposition(disposition: str, filename: str) -> str:
    """Return a Content-Disposition naming a file in full (RFC 6266 / 5987).

    `filename*=UTF-8''...` carries the real name ('Faktura łódź.pdf'); `filename=` an
    ASCII look-alike for old clients ('Faktura lodz.pdf'), never a name of question marks.
    """
    plain = unicodedata.normalize("NFKD", filename).replace("ł", "l").replace("Ł", "L")
    plain = plain.encode("ascii", "ignore").decode()
    plain = "".join(c if c.isprintable() and c not in '"\\;' else "_" for c in plain).strip()
    if not plain.rpartition(".")[0].strip(" ._"):
        plain = "document" + ("." + plain.rpartition(".")[2] if "." in plain else "")
    header = f'{disposition}; filename="{plain}"'
    if plain != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header
