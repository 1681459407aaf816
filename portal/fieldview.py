"""What the review page shows of each field: its value as typed, how sure the reading is,
the checks it fails, and where on the page it was read.

A field needs a person's eye ("attention") when a check about it failed, when a key field
is missing, or when the reader was unsure of it; those fields are marked with a colour and
an icon and are visited first. A field a person corrected is sure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as attribute
from typing import Any

from intake.models import Document
from intake.models.texts import code_of
from intake.vocabulary import Field
from portal import filters
from portal.language import say

UNSURE = 0.9  # below this a reading is not sure (ocr/corroborate.py): a person checks it
KEY_FIELDS = (Field.INVOICE_NUMBER, Field.ISSUE_DATE, Field.GROSS_TOTAL, Field.SELLER_TAX_ID)
TOTALS = (Field.NET_TOTAL.value, Field.VAT_TOTAL.value, Field.GROSS_TOTAL.value)
# Problems that are about other fields than their code's start says.
PROBLEM_FIELDS = {
    "totals_mismatch": TOTALS,
    "totals_do_not_add_up": TOTALS,
    "vat_row_mismatch": (Field.NET_TOTAL.value, Field.VAT_TOTAL.value),
    "vat_summary_net_mismatch": (Field.NET_TOTAL.value,),
    "buyer_not_client": (Field.BUYER_TAX_ID.value,),
    "sales_invoice": (Field.SELLER_TAX_ID.value,),
    "probable_duplicate": (Field.INVOICE_NUMBER.value,),
}
# The order of the states: the first that applies is the field's.
ATTENTION = ("wrong", "failing", "missing", "unsure")


@dataclass
class FieldView:
    """One field as the review page shows it."""

    field: Field
    value: str
    confidence: float | None
    state: str = ""  # wrong | failing | missing | unsure | corrected | ""
    notes: list[str] = attribute(default_factory=list)
    box: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        """Return the field's stored name (its input's name)."""
        return self.field.value

    @property
    def attention(self) -> bool:
        """Tell whether a person should look at this field before approving."""
        return self.state in ATTENTION


def problem_fields(code: str | None) -> tuple[str, ...]:
    """Return the fields a problem (by its code) is about."""
    if not code:
        return ()
    if code in PROBLEM_FIELDS:
        return PROBLEM_FIELDS[code]
    return tuple(f.value for f in Field if code.startswith(f.value + "_"))


def shown_value(name: Field, stored: Any) -> str:
    """Return a stored value as a person types it: '01.01.2022', '1 234,50'."""
    if stored is None or stored == "":
        return ""
    if name.value.endswith("_date"):
        return filters.day(stored)
    if name.value.endswith("_total"):
        return filters.number(stored)
    return str(stored)


def field_views(
    doc: Document,
    typed: Mapping[str, str] | None = None,
    wrong: str | None = None,
    wrong_message: str | None = None,
) -> list[FieldView]:
    """Return every field of a document's reading, marked for the reviewer."""
    extraction = doc.extraction
    if extraction is None:
        return []
    read = extraction.fields or {}
    corrected = set(extraction.corrected or [])
    boxes = extraction.boxes or {}
    notes: dict[str, list[str]] = {}
    for problem in extraction.problems or []:
        for name in problem_fields(code_of(problem)):
            notes.setdefault(name, []).append(say(problem))
    views = []
    for name in Field:
        conf = (extraction.confidence or {}).get(name.value)
        value = typed[name.value] if typed and name.value in typed else None
        view = FieldView(
            field=name,
            value=value if value is not None else shown_value(name, read.get(name.value)),
            confidence=conf,
            notes=notes.get(name.value, []),
            box=_box(boxes.get(name.value)),
        )
        view.state = _state(view, read.get(name.value), name.value in corrected)
        if name.value == wrong:
            view.state = "wrong"
            view.notes = [wrong_message or ""]
        views.append(view)
    return views


def _state(view: FieldView, stored: Any, corrected: bool) -> str:
    if corrected:
        return "corrected"
    if view.notes:
        return "failing"
    if view.field in KEY_FIELDS and stored in (None, ""):
        return "missing"
    if view.confidence is not None and view.confidence < UNSURE:
        return "unsure"
    return ""


def _box(found: Any) -> dict[str, Any] | None:
    """Return a field box of the contract ({"page": 1, "box": [x0, top, x1, bottom]}) or None."""
    if not isinstance(found, dict):
        return None
    page, box = found.get("page"), found.get("box")
    if not isinstance(page, int) or not isinstance(box, list | tuple) or len(box) != 4:
        return None
    try:
        x0, top, x1, bottom = (min(max(float(v), 0.0), 1.0) for v in box)
    except (TypeError, ValueError):
        return None
    if x1 <= x0 or bottom <= top:
        return None
    return {"page": page, "box": [x0, top, x1, bottom]}


def general_problems(doc: Document) -> list[str]:
    """Return the problems about no one field, in the reader's language."""
    extraction = doc.extraction
    if extraction is None:
        return []
    return [say(p) for p in extraction.problems or [] if not problem_fields(code_of(p))]
