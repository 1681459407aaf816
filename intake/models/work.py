"""The office's tasks, its work policy and the messages sent to clients and staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.models.base import Base, Timestamped
from intake.models.office import Company, User

TASK_STATES = ("open", "done", "cancelled")
NOTIFICATION_STATES = ("queued", "sending", "sent", "failed")


class Task(Timestamped, Base):
    """A piece of the office's work, such as 'calculate tax' for a company's month."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    due_on: Mapped[dt.date | None]
    done_at: Mapped[dt.datetime | None]
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What makes this task one of a kind ('period:7:calculate_tax:0'): a second event that
    # would create it again finds it instead, even when two processes race.
    key: Mapped[str | None] = mapped_column(String(120), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"), index=True)

    company: Mapped[Company | None] = relationship()
    assignee: Mapped[User | None] = relationship()


class WorkPolicy(Base):
    """How an office wants its clients' tax work handled (one row per office, optional)."""

    __tablename__ = "work_policy"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    approval_required: Mapped[bool] = mapped_column(default=False)
    remind_after_days: Mapped[int] = mapped_column(default=3)


class Notification(Timestamped, Base):
    """One e-mail or SMS, its recipient, body and delivery status."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None]
    kind: Mapped[str | None] = mapped_column(String(40))
    # One message per occasion and recipient: an event handled twice finds it here.
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[dt.datetime | None]
    # Headers and gateway answers: message_id, in_reply_to, the gateway's id.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
