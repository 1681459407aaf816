"""Read dates in every common form: ISO, 03.11.2026, 3 listopada 2026, Nov 3, 2026."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from babel.dates import get_month_names

from ocr.text import fold

MONTH_LOCALES = ("pl", "en", "nl", "de", "fr", "he")
OLDEST_YEAR = 1990
NEWEST_YEAR = 2100

NUMERIC_YMD = re.compile(r"(?<!\d)(\d{4})\s?[-./]\s?(\d{1,2})\s?[-./]\s?(\d{1,2})(?!\d)")
NUMERIC_DMY = re.compile(
    r"(?<![\d.,])(\d{1,2})\s?([-./])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d,]|\.\d)"
)
WORD = r"([^\W\d_]{3,}\.?)"
DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\.?\s*" + WORD + r",?\s*(\d{4})(?!\d)"
)
MONTH_DAY_YEAR = re.compile(WORD + r"\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})(?!\d)")
DAYS = re.compile(r"(?<!\d)(\d{1,3})\s*(dni|dzień|dnia|days?|ימים|tagen?|dagen)\b", re.IGNORECASE)
NET_DAYS = re.compile(r"\bnet\s*(\d{1,3})\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """One date found in a text, with where it stands."""

    value: dt.date
    start: int
    end: int


@cache
def month_names() -> dict[str, int]:
    """Return month names and abbreviations of several languages, folded, to numbers."""
    names: dict[str, int] = {}
    for locale in MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names[fold(name).rstrip(".")] = number
    for number, abbrev in enumerate(
        ("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paz", "lis", "gru"), 1
    ):
        names.setdefault(abbrev, number)
    names.setdefault("sept", 9)
    return names


def month_number(word: str) -> int | None:
    """Return the month a word names ('listopada', 'Nov.', 'maart'), or None."""
    key = fold(word).rstrip(".")
    if len(key) < 3:
        return None
    return month_names().get(key)


def _make(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    if not OLDEST_YEAR <= year <= NEWEST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, day_first: bool = True) -> list[FoundDate]:
    """Return every date in the text, left to right."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(value: dt.date | None, m: re.Match[str]) -> None:
        if value and not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(FoundDate(value, m.start(), m.end()))
            taken.append((m.start(), m.end()))

    for m in NUMERIC_YMD.finditer(text):
        add(_make(int(m[1]), int(m[2]), int(m[3])), m)
    for m in NUMERIC_DMY.finditer(text):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        if len(m[4]) == 2 and m[2] not in ".-/":
            continue
        day, month = (a, b) if day_first or a > 12 else (b, a)
        if month > 12 and day <= 12:
            day, month = month, day
        add(_make(year, month, day), m)
    for m in DAY_MONTH_YEAR.finditer(text):
        named = month_number(m[2])
        if named:
            add(_make(int(m[3]), named, int(m[1])), m)
    for m in MONTH_DAY_YEAR.finditer(text):
        named = month_number(m[1])
        if named:
            add(_make(int(m[3]), named, int(m[2])), m)
    return sorted(found, key=lambda f: f.start)


CONFUSED = {"6": "05", "0": "689", "8": "03", "9": "0", "5": "6", "3": "8", "1": "7", "7": "1"}
DATE_SHAPE = re.compile(
    r"(?<!\d)\d{1,2}\s?[-./]\s?\d{1,2}\s?[-./]\s?\d{4}(?!\d)|(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)"
    r"|(?<!\d)\d{1,2}\.?\s*[^\W\d_]{3,}\.?,?\s*\d{4}(?!\d)"
)
REPAIR_REACH = 400  # days: a repaired date must fall this near its reference


def repair_date(text: str, near: dt.date | None = None) -> dt.date | None:
    """Return the date an OCR slip most likely was (2626 for 2026): fewest changes, nearest."""
    near = near or dt.date.today()
    best: tuple[int, int, dt.date] | None = None
    for m in DATE_SHAPE.finditer(text):
        for changes, variant in _variants(m.group(0), 2):
            for found in find_dates(variant):
                distance = abs((found.value - near).days)
                key = (changes, distance, found.value)
                if distance <= REPAIR_REACH and (best is None or key < best):
                    best = key
    return best[2] if best else None


def _variants(token: str, changes: int) -> list[tuple[int, str]]:
    """Return the token with up to `changes` digits swapped for ones OCR confuses them with."""
    seen = {token: 0}
    frontier = [token]
    for step in range(1, changes + 1):
        following = []
        for text in frontier:
            for i, c in enumerate(text):
                for other in CONFUSED.get(c, ""):
                    variant = text[:i] + other + text[i + 1 :]
                    if variant not in seen:
                        seen[variant] = step
                        following.append(variant)
        frontier = following
    return [(n, text) for text, n in seen.items() if n]


SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/\d{4}(?!\d)")
DOTTED = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?!\d)")
DOLLARS = re.compile(r"\$|\bUSD\b")


def guess_day_first(text: str) -> bool:
    """Tell whether a document writes 03/11/2026 day first: its own dates, else its currency."""
    firsts = seconds = 0
    for m in SLASHED.finditer(text):
        firsts += int(m[1]) > 12
        seconds += int(m[2]) > 12
    if firsts or seconds:
        return firsts >= seconds
    if DOTTED.search(text):  # 04.07.2025: dots are the day-first custom, even beside a '$'
        return True
    return not DOLLARS.search(text)


def parse_days(text: str) -> int | None:
    """Return a payment term written as a number of days ('14 dni', 'Net 30'), or None."""
    m = DAYS.search(text) or NET_DAYS.search(text)
    if m and 0 <= int(m[1]) <= 365:
        return int(m[1])
    return None
