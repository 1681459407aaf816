"""A month as a value: the period documents, deadlines and taxes belong to."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

# '2026-10', '10/2026', '10.2026', '10-2026', '10 2026'; never the tail of a full date.
_FORMS = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})"),
    re.compile(r"(?P<month>\d{1,2})\s*[/.\- ]\s*(?P<year>\d{4})"),
)


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; str() gives 'YYYY-MM', the form kept in the database and URLs."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise ValueError(f"{self.year}-{self.month} is not a month")

    @classmethod
    def parse(cls, text: str | Month) -> Month:
        """Return the month of '2026-10', '10/2026' or '10.2026'; raise ValueError."""
        if isinstance(text, Month):
            return text
        cleaned = (text or "").strip()
        for form in _FORMS:
            match = form.fullmatch(cleaned)
            if match:
                return cls(int(match["year"]), int(match["month"]))
        raise ValueError(f"{text!r} is not a month")

    @classmethod
    def of(cls, day: dt.date) -> Month:
        """Return the month a day falls in."""
        return cls(day.year, day.month)

    @classmethod
    def current(cls, today: dt.date | None = None) -> Month:
        """Return this month (of today, or of the day given)."""
        return cls.of(today or dt.date.today())

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __add__(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, months: int) -> Month:
        return self + (-months)

    @property
    def first_day(self) -> dt.date:
        """Return the month's first day."""
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        """Return the month's last day."""
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def day(self, number: int) -> dt.date:
        """Return a day of the month; a day past its end is its last day."""
        return dt.date(self.year, self.month, min(number, self.last_day.day))

    def recent(self, count: int) -> list[Month]:
        """Return this month and the count-1 before it, newest first."""
        return [self - i for i in range(count)]


class MonthType(TypeDecorator[Month]):
    """Stores a Month as its 'YYYY-MM' text, so queries and indexes stay plain strings."""

    impl = String(7)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        """Return the text of a Month (a 'YYYY-MM' string is checked and passed on)."""
        if value is None:
            return None
        return str(Month.parse(value))

    def process_result_value(self, value: Any, dialect: Any) -> Month | None:
        """Return a Month from its stored text."""
        return None if value is None else Month.parse(value)
