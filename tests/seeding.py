"""The one seeder: built on the domain functions, the same doors and steps the product uses."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher

import intake.security
from intake.accept import Accepted, Upload, accept
from intake.formats import office_day
from intake.month import Month
from intake.offices import add_company, add_user, create_office
from intake.periods import CONFIRMABLE_BACK, confirm_delivered
from intake.runtime import Runtime
from intake.vocabulary import Source

PASSWORD = "correct-horse-42"


def cheap_hashing() -> None:
    """Make Argon2 cheap for tests (each default hash takes ~0.3 s); hashes stay real."""
    intake.security._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def seed_offices(rt: Runtime) -> dict[str, int]:
    """Two offices; A with staff, an owner and two client companies (a client each); B apart."""
    with rt.db.session() as s:
        a = create_office(s, "Biuro A")
        b = create_office(s, "Biuro B")
        staff = add_user(s, a, "staff@a.test", "Staff A", "staff", PASSWORD)
        owner = add_user(s, a, "owner@a.test", "Owner A", "owner", PASSWORD)
        c1 = add_company(s, a, "Firma Jeden", "5260250274", pin="4821", accountant=staff)
        c2 = add_company(s, a, "Firma Dwa", "7740001454", pin="1357", accountant=staff)
        c3 = add_company(s, b, "Firma Obca", "1132853869")
        client1 = add_user(s, a, "client1@a.test", "Client 1", "client", PASSWORD, company=c1)
        client2 = add_user(s, a, "client2@a.test", "Client 2", "client", PASSWORD, company=c2)
        client3 = add_user(s, b, "client3@b.test", "Client 3", "client", PASSWORD, company=c3)
        staff_b = add_user(s, b, "staff@b.test", "Staff B", "staff", PASSWORD)
        s.flush()
        return {
            "office_a": a.id,
            "office_b": b.id,
            "staff": staff.id,
            "owner": owner.id,
            "c1": c1.id,
            "c2": c2.id,
            "c3": c3.id,
            "client1": client1.id,
            "client2": client2.id,
            "client3": client3.id,
            "staff_b": staff_b.id,
        }


def hand_in(
    rt: Runtime,
    company_id: int,
    data: bytes,
    filename: str,
    source: str = "portal",
    *,
    month: str | Month | None = None,
    origin: str | None = None,
) -> Accepted:
    """Hand a file in through intake's door, as an upload does, and commit."""
    upload = Upload(
        company_id,
        data,
        filename,
        Source(source),
        rt.settings.max_upload_mb * 1024 * 1024,
        month=Month.parse(month) if month else None,
        origin=origin,
    )
    with rt.db.session() as session:
        return accept(session, rt.storage, upload)


def confirm(rt: Runtime, company_id: int, month: str | Month, by: str = "client") -> None:
    """Record 'all documents sent' for a month as the office may (months back), and commit."""
    with rt.db.session() as session:
        confirm_delivered(session, company_id, month, by, months_back=CONFIRMABLE_BACK)


def office_today() -> dt.date:
    """Return today in the seeded offices' zone (Warsaw): the day the product counts by."""
    return office_day(None)
