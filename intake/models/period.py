"""A company's month: its 'documents delivered' step."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.models.base import Base, Timestamped, choice
from intake.models.office import Company
from intake.month import Month
from intake.vocabulary import PeriodState


class Period(Timestamped, Base):
    """A company's month and the state of its 'documents delivered' step."""

    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("company_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    month: Mapped[Month]
    state: Mapped[PeriodState] = mapped_column(
        choice(PeriodState, "state", 10), default=PeriodState.OPEN
    )
    confirmed_at: Mapped[dt.datetime | None]
    confirmed_by: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[dt.datetime | None]
    reopen_count: Mapped[int] = mapped_column(default=0)

    company: Mapped[Company] = relationship()
