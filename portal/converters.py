"""Row ids in URLs and forms: one converter for every `<int:...>`, 404 past what a row id holds.

A path such as /staff/documents/99999999999999999999 used to reach the database as a
number no column can hold and fail with a 500; here it simply matches no page.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, ValidationError

# Row ids are 32-bit integers in PostgreSQL (and never reach SQLite's 64-bit limit).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """An integer row id from 1 to MAX_ID; anything else is 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        """Return the id, or answer 404 at once.

        A failed conversion would let the router look on, and where the same path has a GET
        rule and a POST rule it would answer 405 "method not allowed" for a row that is
        simply not there.
        """
        try:
            return super().to_python(value)
        except ValidationError:
            raise NotFound() from None


def row_id(value: str | None) -> int | None:
    """Return a row id typed in a form or a query string, or None when it cannot be one."""
    text = (value or "").strip()
    if not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def init_app(app: Flask) -> None:
    """Make every `<int:...>` of the URL map a row id (before any blueprint is registered)."""
    app.url_map.converters["int"] = IdConverter
