"""Offices (tenants), their people and their client companies."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.formats import DEFAULT_TIMEZONE
from intake.i18n import DEFAULT_LOCALE
from intake.models.base import Base, Timestamped, choice
from intake.vocabulary import Role


class Office(Timestamped, Base):
    """An accounting office; every other row belongs to exactly one."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    deadline_day: Mapped[int] = mapped_column(default=10)
    locale: Mapped[str] = mapped_column(String(5), default=DEFAULT_LOCALE)
    # Times are stored in UTC and shown in this zone.
    timezone: Mapped[str] = mapped_column(
        String(64), default=DEFAULT_TIMEZONE, server_default=DEFAULT_TIMEZONE
    )
    # Whose public holidays and weekend move deadlines (ISO 3166: 'PL', 'IL').
    country: Mapped[str] = mapped_column(String(2), default="PL", server_default="PL")
    # How many months before the current one a client may still confirm as delivered.
    confirm_months_back: Mapped[int] = mapped_column(default=1, server_default="1")


class User(Timestamped, Base):
    """A person who logs in: the office's owner, its staff, or a client company's person."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(choice(Role, "role", 10))
    password_hash: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(default=True)

    office: Mapped[Office] = relationship()
    company: Mapped[Company | None] = relationship(foreign_keys=[company_id])


class Company(Timestamped, Base):
    """A client company of an office, with its inbox code, PIN and accountant."""

    __tablename__ = "company"
    __table_args__ = (UniqueConstraint("office_id", "nip"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str] = mapped_column(String(20))
    inbox_code: Mapped[str] = mapped_column(String(40), unique=True)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    accountant_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", use_alter=True))
    deadline_day: Mapped[int | None]
    # Whether the client approves its tax amounts (None: as the office's policy says).
    approval_required: Mapped[bool | None]
    # Whether reminders that send themselves go to this client.
    reminders: Mapped[bool] = mapped_column(default=True, server_default=true())

    office: Mapped[Office] = relationship()
    accountant: Mapped[User | None] = relationship(foreign_keys=[accountant_id])
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="company", cascade="all, delete-orphan"
    )

    @property
    def effective_deadline_day(self) -> int:
        """Return the company's own deadline day, else the office's."""
        return self.deadline_day or self.office.deadline_day


class Contact(Base):
    """Someone at a client company who receives messages (which ones: notify's preferences)."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # E.164 ('+48600100200') when given through intake.contacts.
    phone: Mapped[str | None] = mapped_column(String(32))
    # The language of what this person receives (None: the company login's, else the office's).
    locale: Mapped[str | None] = mapped_column(String(5))

    company: Mapped[Company] = relationship(back_populates="contacts")
