"""The tasks package's tables: the office's tasks, a tax task's amounts, the work policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.i18n import gettext
from intake.models import Company, Office, User, utcnow
from intake.models.base import Base, Timestamped, choice
from intake.month import Month
from intake.vocabulary import Role
from tasks.vocabulary import (
    TITLES,
    AfterAction,
    AssigneeRule,
    CommentKind,
    DueRule,
    TaskKind,
    TaskState,
    TaxCode,
)


class Task(Timestamped, Base):
    """A piece of the office's work, such as 'calculate tax' for a company's month."""

    __tablename__ = "task"
    __table_args__ = (Index("ix_task_office_status_due", "office_id", "status", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"), index=True)
    kind: Mapped[TaskKind] = mapped_column(choice(TaskKind, "kind", 40))
    # The title in the office's language when the task was made: what a hand-made task
    # shows, and the fallback of title_in() for a task without a company or month.
    title: Mapped[str] = mapped_column(String(300))
    month: Mapped[Month | None]
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[TaskState] = mapped_column(
        choice(TaskState, "status", 10), default=TaskState.OPEN
    )
    due_on: Mapped[dt.date | None]
    done_at: Mapped[dt.datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(Text)
    # Which reopening of its month a recalculation is for (0: the first close).
    reopen_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Whether the client must approve the amounts, and when and by whom they did.
    approval_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    approved_at: Mapped[dt.datetime | None]
    approved_by: Mapped[str | None] = mapped_column(String(254))
    # What makes this task one of a kind ('period:7:calculate_tax'): a second event that
    # would create it again finds it instead, even when two processes race.
    key: Mapped[str | None] = mapped_column(String(120), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"), index=True)
    # The office's template the task was made from (its chain: what comes next, when).
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_template.id", ondelete="SET NULL"), index=True
    )
    # Whether the client sees the task (its title and state) on the company's pages.
    visible_to_client: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Until this day the task is planned, not yet to do (a month's work made in advance).
    starts_on: Mapped[dt.date | None]

    office: Mapped[Office] = relationship()
    company: Mapped[Company | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])
    amounts: Mapped[list[TaxAmount]] = relationship(
        back_populates="task", order_by="TaxAmount.id", cascade="all, delete-orphan"
    )
    template: Mapped[TaskTemplate | None] = relationship()
    comments: Mapped[list[TaskComment]] = relationship(
        back_populates="task", order_by="TaskComment.id", cascade="all, delete-orphan"
    )

    def title_in(self, locale: str) -> str:
        """Return the task's title in a reader's language (the stored one if it has no kind's)."""
        msgid = TITLES.get(self.kind)
        if msgid is None or self.company is None or self.month is None:
            return self.title
        return gettext(locale, msgid, company=self.company.name, month=self.month)

    @property
    def waits_for_approval(self) -> bool:
        """Tell whether the client is asked to approve the amounts and has not yet."""
        return self.approval_required and self.approved_at is None


class TaxAmount(Base):
    """One tax a company owes for a month, as a tax task recorded and told the client."""

    __tablename__ = "tax_amount"
    __table_args__ = (
        UniqueConstraint("task_id", "code"),
        Index("ix_tax_amount_office_month", "office_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    month: Mapped[Month]
    code: Mapped[TaxCode] = mapped_column(choice(TaxCode, "code", 10))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="PLN", server_default="PLN")
    due_on: Mapped[dt.date]
    # The account to pay to (IBAN, capitals, no spaces) where the office gave one.
    account: Mapped[str | None] = mapped_column(String(34))
    # Paid: when, and who said so (a client's or staff member's e-mail).
    paid_at: Mapped[dt.datetime | None]
    paid_by: Mapped[str | None] = mapped_column(String(254))

    task: Mapped[Task] = relationship(back_populates="amounts")
    company: Mapped[Company] = relationship()


class WorkPolicy(Base):
    """How an office wants its clients' tax work handled (one row per office, optional)."""

    __tablename__ = "work_policy"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    approval_required: Mapped[bool] = mapped_column(default=False)
    remind_after_days: Mapped[int] = mapped_column(default=3)
    # The daily digests: the owner's of overdue tasks per person; each person's of today's.
    digest_owner: Mapped[bool] = mapped_column(default=True, server_default=true())
    digest_staff: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Whether the office's default templates were installed (an office may then delete them).
    templates_installed: Mapped[bool] = mapped_column(default=False, server_default=false())


class TaskTemplate(Base):
    """A step of the office's work: what task it makes, for whom, when due, what follows."""

    __tablename__ = "task_template"
    __table_args__ = (UniqueConstraint("office_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    # A short name the next steps, the command line and shared files refer to it by.
    name: Mapped[str] = mapped_column(String(80))
    # The title of its tasks; empty: the kind's own title, in each reader's language.
    title: Mapped[str] = mapped_column(String(300), default="", server_default="")
    kind: Mapped[TaskKind] = mapped_column(choice(TaskKind, "kind", 40))
    assignee_rule: Mapped[AssigneeRule] = mapped_column(
        choice(AssigneeRule, "assignee_rule", 20), default=AssigneeRule.ACCOUNTANT
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    assignee_role: Mapped[str | None] = mapped_column(String(20))
    due_rule: Mapped[DueRule] = mapped_column(choice(DueRule, "due_rule", 20), default=DueRule.NONE)
    due_days: Mapped[int] = mapped_column(default=0, server_default="0")
    deadline_tax: Mapped[TaxCode | None] = mapped_column(choice(TaxCode, "deadline_tax", 10))
    visible_to_client: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The names of the templates whose tasks are made when this one's is done.
    next_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    after_days: Mapped[int | None]
    after_action: Mapped[AfterAction | None] = mapped_column(
        choice(AfterAction, "after_action", 20)
    )
    # Monthly: on this day of each month, a task for every company (or those NIPs) and the
    # month before; every_months 2 makes it bi-monthly (months ending a two-month period).
    monthly_day: Mapped[int | None]
    every_months: Mapped[int] = mapped_column(default=1, server_default="1")
    companies: Mapped[list[str] | None] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    assignee: Mapped[User | None] = relationship()

    @property
    def role(self) -> Role | None:
        """Return the role whose person does the task (the `role` rule)."""
        return Role(self.assignee_role) if self.assignee_role else None

    def title_in(self, locale: str) -> str:
        """Return the template's title for a reader: its own, else its kind's name."""
        return self.title or gettext(locale, self.kind.label)

    def to_json(self, people: dict[int, str]) -> dict[str, Any]:
        """Return the template as shareable JSON (a person by e-mail, companies by NIP)."""
        return {
            "name": self.name,
            "title": self.title,
            "kind": str(self.kind),
            "assignee": {
                "rule": str(self.assignee_rule),
                "person": people.get(self.assignee_id) if self.assignee_id else None,
                "role": self.assignee_role,
            },
            "due": {
                "rule": str(self.due_rule),
                "days": self.due_days,
                "tax": str(self.deadline_tax) if self.deadline_tax else None,
            },
            "visible_to_client": self.visible_to_client,
            "next": list(self.next_names or []),
            "after": (
                {"days": self.after_days, "action": str(self.after_action)}
                if self.after_days and self.after_action
                else None
            ),
            "monthly": (
                {
                    "day": self.monthly_day,
                    "every_months": self.every_months,
                    "companies": self.companies,
                }
                if self.monthly_day
                else None
            ),
            "active": self.active,
        }


class TaskComment(Base):
    """A line in a task's log: a comment, a postponement with its reason, a reassignment."""

    __tablename__ = "task_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    kind: Mapped[CommentKind] = mapped_column(choice(CommentKind, "kind", 20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    task: Mapped[Task] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
