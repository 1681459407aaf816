"""Months and 'all documents sent' in what a client writes: '10/2026', 'komplet dokumentów'."""

from __future__ import annotations

import re

from intake.month import Month
from ocr.text import fold

# '10/2026', '10.2026', '10-2026' but not the tail of a date such as '15.10.2026'.
MONTH_YEAR = re.compile(r"(?<![\d/.\-])(0?[1-9]|1[0-2])\s?[/.\-]\s?(20\d\d)(?!\d)")
YEAR_MONTH = re.compile(r"(?<![\d/.\-])(20\d\d)-(0[1-9]|1[0-2])(?![\d\-])")
KEYWORDS = ("wszystkie dokumenty", "komplet dokumentow", "all documents", "כל המסמכים")


def months_in(text: str) -> list[Month]:
    """Return every month written in a text, in order, without repeats."""
    found: dict[Month, None] = {}
    hits = [(m.start(), Month(int(m[2]), int(m[1]))) for m in MONTH_YEAR.finditer(text)]
    hits += [(m.start(), Month(int(m[1]), int(m[2]))) for m in YEAR_MONTH.finditer(text)]
    for _, month in sorted(hits, key=lambda hit: hit[0]):
        found.setdefault(month, None)
    return list(found)


def month_of(subject: str) -> Month | None:
    """Return the one month a subject names; None when it names none or several."""
    months = months_in(subject)
    return months[0] if len(months) == 1 else None


def confirmation(subject: str, lines: list[str]) -> tuple[bool, Month | None]:
    """Tell whether a message says 'all documents sent', and for which month if it says."""
    texts = [subject, *lines]
    said = [t for t in texts if any(k in fold(t) for k in KEYWORDS)]
    if not said:
        return False, None
    for text in [*said, *texts]:
        months = months_in(text)
        if len(months) == 1:
            return True, months[0]
    return True, None
