"""The declarative base and the column types every package's models share.

Every package declares its tables on this one Base (so foreign keys may point down the
layers: a task at a company), in its own models module named by an `intake.models`
entry point; `load_models()` imports them all before the schema is used.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, ClassVar

from sqlalchemy import DateTime, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from intake.month import Month, MonthType

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Return the current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment, always aware and in UTC on the way in and out (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> dt.datetime | None:
        """Refuse a naive time; store an aware one as UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime {value!r} cannot be stored; use UTC")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        """Return the stored moment with UTC attached."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def choice(enum: type[StrEnum], name: str, length: int = 20) -> Enum:
    """Return a column type storing a StrEnum's values as text, with a CHECK constraint."""
    return Enum(
        enum,
        name=name,
        length=length,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    """Base of every Intake table, whichever package owns it."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {dt.datetime: UTCDateTime(), Month: MonthType()}


class Timestamped:
    """Adds created_at to a model."""

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def model_modules() -> dict[str, str]:
    """Return each package's models module, by package name (`intake.models` entry points)."""
    return {ep.name: ep.value for ep in entry_points(group="intake.models")}


def load_models() -> list[str]:
    """Import every package's models so Base.metadata holds the whole schema."""
    names = model_modules()
    for module in names.values():
        import_module(module)
    return sorted(names)
