"""Stored texts: a message for later translation, or what a person wrote, in one JSON column.

A system's note is kept as its code, message id and parameters and translated when it is
shown, so a Polish page never shows an English sentence written by a worker; what a
person typed (a rejection reason) is kept as it is. Parameters keep their kind (a month,
a day, an amount, a nested message) so they are formatted for the reader too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.types import TypeDecorator

from intake.i18n import Message, Text
from intake.month import Month

Stored = Text | str


def dump_param(value: Any) -> Any:
    """Return a parameter as JSON, tagged with its kind where JSON has none."""
    if isinstance(value, Enum) and hasattr(value, "label"):  # a vocabulary member: its label
        return dump_text(Message(value.label))
    if isinstance(value, Month):
        return {"month": str(value)}
    if isinstance(value, dt.datetime):
        return {"moment": value.isoformat()}
    if isinstance(value, dt.date):
        return {"day": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, Text):
        return dump_text(value)
    if isinstance(value, list | tuple):
        return [dump_param(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def load_param(value: Any) -> Any:
    """Return a parameter from its JSON form."""
    if isinstance(value, list):
        return [load_param(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "month" in value:
        return Month.parse(value["month"])
    if "moment" in value:
        return dt.datetime.fromisoformat(value["moment"])
    if "day" in value:
        return dt.date.fromisoformat(value["day"])
    if "decimal" in value:
        return Decimal(value["decimal"])
    return load_text(value)


def dump_text(text: Text | str) -> dict[str, Any]:
    """Return a message (with its code when it has one) or a person's text as JSON."""
    if isinstance(text, str):
        return {"text": text}
    out: dict[str, Any] = {"msgid": text.msgid}
    code = getattr(text, "code", None)
    if code:
        out["code"] = code
    if text.params:
        out["params"] = {k: dump_param(v) for k, v in text.params.items()}
    return out


def load_text(data: Any) -> Stored:
    """Return a stored message or text (a bare string, as older rows hold, is a text)."""
    if isinstance(data, str):
        return data
    if "msgid" in data:
        params = {k: load_param(v) for k, v in (data.get("params") or {}).items()}
        return Message(data["msgid"], params, data.get("code"))
    return str(data.get("text", ""))


class TextType(TypeDecorator[Stored]):
    """A column holding one message or one person's text."""

    impl = JSON(none_as_null=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        """Return the JSON of a message or a text."""
        return None if value is None else dump_text(value)

    def process_result_value(self, value: Any, dialect: Any) -> Stored | None:
        """Return the message or text a row holds."""
        return None if value is None else load_text(value)


class TextListType(TypeDecorator[list[Stored]]):
    """A column holding a list of messages (what a check found wrong, in order)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        """Return the JSON list."""
        return None if value is None else [dump_text(item) for item in value]

    def process_result_value(self, value: Any, dialect: Any) -> list[Stored]:
        """Return the list of messages and texts."""
        return [load_text(item) for item in value or []]


def code_of(text: Stored | None) -> str | None:
    """Return the code a stored message carries (None for a person's text)."""
    return getattr(text, "code", None)
