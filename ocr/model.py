"""The invoice fields and the extraction result that cross the ocr/ package line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from ocr.errors import Problem

SOURCES = ("ksef-xml", "pdf-text", "ocr")


@dataclass
class VatRow:
    """One row of a VAT summary: a rate ('23', '8', '5', '0', 'zw', 'np') and its sums."""

    rate: str
    net: Decimal
    vat: Decimal

    def to_json(self) -> dict[str, str]:
        """Return the row in the contract's normal form."""
        return {"rate": self.rate, "net": money(self.net), "vat": money(self.vat)}


@dataclass
class InvoiceFields:
    """The fields of DESIGN.md's contract; None where the document does not have one."""

    kind: str | None = None
    invoice_number: str | None = None
    issue_date: dt.date | None = None
    sale_date: dt.date | None = None
    due_date: dt.date | None = None
    seller_name: str | None = None
    seller_tax_id: str | None = None
    buyer_name: str | None = None
    buyer_tax_id: str | None = None
    currency: str | None = None
    net_total: Decimal | None = None
    vat_total: Decimal | None = None
    gross_total: Decimal | None = None
    bank_account: str | None = None
    vat_breakdown: list[VatRow] | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the fields in the contract's normal forms (ISO dates, '1234.56' amounts)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = money(value)
            elif f.name == "vat_breakdown" and value is not None:
                value = [row.to_json() for row in value]
            out[f.name] = value
        return out


@dataclass
class Extraction:
    """What ocr.extract() read from one file, with its checks and per-field confidence."""

    status: str = "ok"  # "ok" | "rejected"
    error: Problem | None = None  # why a file is rejected
    source: str | None = None  # one of SOURCES
    media_type: str | None = None
    pages: int = 0
    elapsed_ms: int = 0
    fields: InvoiceFields = field(default_factory=InvoiceFields)
    confidence: dict[str, float] = field(default_factory=dict)
    text: str = ""
    problems: list[Problem] = field(default_factory=list)  # why a person must look
    # A stack of several documents in one file: each one's (first page, last page), 1-based;
    # empty for a file of one document. Its fields are then left for the parts' readings.
    parts: list[tuple[int, int]] = field(default_factory=list)

    def to_contract(self, file: str) -> dict[str, Any]:
        """Return the one-line JSON object of `intake extract --json` for this file.

        "error" stays the English reason DESIGN.md's contract promises; "error_code" adds
        its stable code, for tools that decide by it.
        """
        return {
            "file": file,
            "status": self.status,
            "error": str(self.error) if self.error else None,
            "error_code": self.error.code if self.error else None,
            "source": self.source,
            "pages": self.pages,
            "elapsed_ms": self.elapsed_ms,
            "fields": self.fields.to_json(),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Word:
    """One word on a page with its box (points for PDFs, pixels for images) and confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 1.0


@dataclass
class Page:
    """One page's words in reading order, from a PDF text layer or from tesseract."""

    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    lang: str = "pol+eng"
    gray: Any = field(default=None, repr=False, compare=False)  # OCR'd page, unthresholded


@dataclass
class Inspection:
    """What a quick look at the bytes tells before any reading: type, pages, largest image."""

    media_type: str
    pages: int
    pixels: int = 0


def money(value: Decimal) -> str:
    """Format an amount in the contract's normal form: two decimals, a dot, leading minus."""
    return f"{value.quantize(Decimal('0.01')):f}"
