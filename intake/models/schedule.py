"""The last slot each periodic job ran in: one row per job, so one run per slot."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base


class ScheduleSlot(Base):
    """A periodic job and the start of the last slot some process claimed for it."""

    __tablename__ = "schedule_slot"

    job: Mapped[str] = mapped_column(String(100), primary_key=True)
    slot: Mapped[dt.datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(200))
