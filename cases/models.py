"""cases' tables: desk roles, cases with labels, messages, answers, internal comments, the
audit trail, reply templates and public forms with their submissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cases.vocabulary import (
    AnswerState,
    CaseSource,
    CaseState,
    DeskRole,
    FormKind,
    Priority,
    Step,
)
from conversations.vocabulary import Side
from intake.models import Company, User
from intake.models.base import Base, Timestamped, choice


class DeskMember(Base):
    """A person's role at their office's desk (owners default to administrator, staff to
    specialist, until someone sets it)."""

    __tablename__ = "case_desk_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    role: Mapped[DeskRole] = mapped_column(choice(DeskRole, "role", 20))


case_labels = Table(
    "case_label_link",
    Base.metadata,
    Column("case_id", ForeignKey("desk_case.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("case_label.id", ondelete="CASCADE"), primary_key=True),
)


class Label(Base):
    """A label the office puts on cases."""

    __tablename__ = "case_label"
    __table_args__ = (UniqueConstraint("office_id", "name", name="uq_case_label_office_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))


class Case(Timestamped, Base):
    """A client's question or request, worked by the desk until it is answered and closed."""

    __tablename__ = "desk_case"
    __table_args__ = (
        Index("ix_desk_case_office_state", "office_id", "state", "id"),
        Index("ix_desk_case_office_assignee", "office_id", "assignee_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    # A client of the office, or a prospect known only by name and e-mail (a form).
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    prospect_name: Mapped[str | None] = mapped_column(String(200))
    prospect_email: Mapped[str | None] = mapped_column(String(320))
    locale: Mapped[str | None] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[CaseSource] = mapped_column(choice(CaseSource, "source", 20))
    state: Mapped[CaseState] = mapped_column(
        choice(CaseState, "state", 20), default=CaseState.TO_ASSIGN
    )
    priority: Mapped[Priority] = mapped_column(
        choice(Priority, "priority", 10), default=Priority.NONE
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The conversation it came from, where its answers go.
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("conversation.id"), index=True)
    first_answer_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]

    company: Mapped[Company | None] = relationship()
    assignee: Mapped[User | None] = relationship()
    labels: Mapped[list[Label]] = relationship(secondary=case_labels, order_by="Label.name")
    messages: Mapped[list[CaseMessage]] = relationship(
        back_populates="case", order_by="CaseMessage.id", cascade="all, delete-orphan"
    )
    answers: Mapped[list[Answer]] = relationship(
        back_populates="case", order_by="Answer.id", cascade="all, delete-orphan"
    )
    comments: Mapped[list[Comment]] = relationship(
        order_by="Comment.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        order_by="CaseEvent.id", cascade="all, delete-orphan"
    )

    @property
    def who(self) -> str:
        """Return whom the case is for: the client's name, or the prospect's."""
        if self.company is not None:
            return self.company.name
        return self.prospect_name or self.prospect_email or "?"


class CaseMessage(Timestamped, Base):
    """What the client wrote, and every answer that went to them."""

    __tablename__ = "case_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_case.id"), index=True)
    side: Mapped[Side] = mapped_column(choice(Side, "side", 10))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="messages")


class Answer(Timestamped, Base):
    """An answer written at the desk: sent, or waiting for a senior's acceptance."""

    __tablename__ = "case_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_case.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[AnswerState] = mapped_column(choice(AnswerState, "state", 10))
    # Files that go with it (from a reply template): StoredFile fields.
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    edited: Mapped[bool] = mapped_column(default=False)
    decided_at: Mapped[dt.datetime | None]

    case: Mapped[Case] = relationship(back_populates="answers")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])


class Comment(Timestamped, Base):
    """An internal comment on a case or on a passage of an answer; never shown to clients."""

    __tablename__ = "case_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_case.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("case_answer.id"))
    passage: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)

    author: Mapped[User] = relationship()


class CaseEvent(Timestamped, Base):
    """One line of a case's audit trail: who did what, and to what."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_case.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    step: Mapped[Step] = mapped_column(choice(Step, "step", 20))
    detail: Mapped[str | None] = mapped_column(String(300))

    actor: Mapped[User | None] = relationship()


class ReplyTemplate(Timestamped, Base):
    """A ready answer in a group, with placeholders, in Polish, English and Hebrew."""

    __tablename__ = "case_reply_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    group: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    body_pl: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    body_he: Mapped[str] = mapped_column(Text, default="")
    # Files sent with every answer made from it: StoredFile fields.
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    def body_in(self, locale: str) -> str:
        """Return the variant in a language, else the first one written."""
        variants = {"pl": self.body_pl, "en": self.body_en, "he": self.body_he}
        return variants.get(locale) or self.body_pl or self.body_en or self.body_he


class CaseForm(Timestamped, Base):
    """A contact or offer form the office puts on its own website."""

    __tablename__ = "case_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[FormKind] = mapped_column(choice(FormKind, "kind", 10))
    # The form's public name in its address (/forms/KEY): unguessable, not a row id.
    key: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # Which optional fields (phone, company, nip, message) must be filled.
    required: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_text: Mapped[str] = mapped_column(Text, default="")
    terms_url: Mapped[str] = mapped_column(String(500), default="")
    colour: Mapped[str] = mapped_column(String(7), default="#1f5fa8")
    background: Mapped[str] = mapped_column(String(7), default="#ffffff")
    locale: Mapped[str] = mapped_column(String(5), default="pl")


class Submission(Timestamped, Base):
    """What someone sent through a form: a case once they activate it from their e-mail."""

    __tablename__ = "case_form_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("case_form.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    fields: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    address: Mapped[str | None] = mapped_column(String(64))
    activated_at: Mapped[dt.datetime | None]
    case_id: Mapped[int | None] = mapped_column(ForeignKey("desk_case.id"))

    form: Mapped[CaseForm] = relationship()


__all__ = [
    "Answer",
    "Case",
    "CaseEvent",
    "CaseForm",
    "CaseMessage",
    "CaseSource",
    "Comment",
    "DeskMember",
    "Label",
    "ReplyTemplate",
    "Submission",
]
