"""A second look at an OCR'd field: its words read again, another way, must say the same.

The invoice number and the dates have no checksum. Their words are cropped from the page
before thresholding and read again by tesseract as one line (its own binarisation, another
page segmentation); when that second reading holds the same value, the field is marked
sure. A date must also be plausible and read in the document's known day/month order.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import numpy as np
from PIL import Image

from ocr.corroborate import AHEAD, BASE, COMMON_TERMS, PAST, _in_order
from ocr.dates import find_dates
from ocr.errors import OcrError
from ocr.fields import Reading
from ocr.layout import _lines
from ocr.model import Page, Word

logger = logging.getLogger(__name__)

SURE = 0.92
FLOOR = 0.6  # a field less sure than this (a failed check, a guess) gets no second look
FIELDS = ("invoice_number", "issue_date", "sale_date", "due_date")
SQUASH = re.compile(r"[\s\u200e\u200f]")


def second_look(reading: Reading, pages: list[Page], today: dt.date | None = None) -> list[str]:
    """Read the number and dates again from their crops; mark the agreeing ones sure."""
    today = today or dt.date.today()
    raised = []
    dates_agree = _in_order(reading.fields, today)
    for name in FIELDS:
        value = getattr(reading.fields, name)
        conf = reading.confidence.get(name, 0.0)
        if value is None or conf >= SURE or conf < FLOOR:
            continue
        if isinstance(value, dt.date) and not (
            dates_agree and reading.order_known and today - PAST <= value <= today + AHEAD
        ):
            continue
        try:
            if _agrees(value, pages, reading.day_first):
                reading.confidence[name] = SURE
                raised.append(name)
        except OcrError:
            logger.warning("cannot read %s a second time", name)
    if "issue_date" in raised and _due_by_term(reading):
        raised.append("due_date")
    return raised


def _due_by_term(reading: Reading) -> bool:
    """Mark sure a due date computed from a common term and an issue date now sure."""
    fields, conf = reading.fields, reading.confidence
    issue, due, term = fields.issue_date, fields.due_date, reading.due_from_term
    if issue is None or due is None or term not in COMMON_TERMS or (due - issue).days != term:
        return False
    if not BASE < conf.get("due_date", 0.0) < SURE:
        return False
    conf["due_date"] = SURE
    return True


def _agrees(value: object, pages: list[Page], day_first: bool) -> bool:
    """Tell whether a second reading of the value's words gives the same value."""
    for page in pages:
        if page.gray is None:
            continue
        box = _locate(value, page, day_first)
        if box is None:
            continue
        text = _reread(page, box)
        if isinstance(value, dt.date):
            return value in [d.value for d in find_dates(text, day_first)]
        return SQUASH.sub("", str(value)).upper() in SQUASH.sub("", text).upper()
    return False


def _locate(value: object, page: Page, day_first: bool) -> tuple[float, ...] | None:
    """Return the box of the words that hold the value on a page, or None."""
    words = page.words
    if isinstance(value, dt.date):
        for i in range(len(words)):
            for span in (1, 2, 3):  # '04.07.2025' or '4 lipca 2025'
                group = words[i : i + span]
                if len(_lines(group)) > 1:  # the rows' own rule of one line
                    break
                text = " ".join(w.text for w in group)
                if value in [d.value for d in find_dates(text, day_first)]:
                    return _union(group)
        return None
    target = SQUASH.sub("", str(value)).upper()
    for i in range(len(words)):
        got = ""
        for j in range(i, min(i + 4, len(words))):
            got += SQUASH.sub("", words[j].text).upper()
            if target in got:
                return _union(words[i : j + 1])
            if not target.startswith(got):
                break
    return None


def _union(words: list[Word]) -> tuple[float, ...]:
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


def _reread(page: Page, box: tuple[float, ...]) -> str:
    """Read the box again from the unthresholded page as one line of text."""
    from ocr.tesseract import ocr_line

    gray = np.asarray(page.gray)
    x0, top, x1, bottom = box
    pad = max(4.0, 0.5 * (bottom - top))
    crop = gray[
        max(0, int(top - pad)) : min(gray.shape[0], int(bottom + pad)),
        max(0, int(x0 - 2 * pad)) : min(gray.shape[1], int(x1 + 2 * pad)),
    ]
    if crop.size == 0:
        return ""
    return ocr_line(Image.fromarray(crop), page.lang)
