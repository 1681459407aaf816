"""Helpers of the desk's tests: people with desk roles, a client's question as a case."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from cases.desk import set_desk_role
from cases.models import Case
from cases.vocabulary import DeskRole
from cases.work import case_from_thread
from conversations.threads import start_thread
from intake.models import Company, User
from intake.offices import add_user
from intake.runtime import Runtime
from tests.seeding import PASSWORD


def add_desk_person(rt: Runtime, data: dict[str, int], email_: str, role: DeskRole) -> int:
    """Add an accountant to office A with a desk role; return their id."""
    with rt.db.session() as s:
        office = s.get_one(User, data["owner"]).office
        person = add_user(s, office, email_, email_.split("@")[0].title(), "staff", PASSWORD)
        s.flush()
        set_desk_role(s, s.get_one(User, data["owner"]), person.id, role)
        return person.id


def question(rt: Runtime, data: dict[str, int], body: str = "Czy mogę odliczyć VAT?") -> int:
    """Let client 1 ask in a conversation and the owner turn it into a case; return its id."""
    with rt.db.session() as s:
        client = s.get_one(User, data["client1"])
        thread = start_thread(
            s,
            rt.storage,
            rt.settings,
            client,
            s.get_one(Company, data["c1"]),
            "Pytanie o VAT",
            body,
        )
        s.flush()
        case = case_from_thread(s, s.get_one(User, data["owner"]), thread.id)
        return case.id


def mails(sink) -> list[EmailMessage]:  # type: ignore[no-untyped-def]
    """Return the e-mails the SMTP sink received."""
    return [
        email.message_from_bytes(e.content, policy=email.policy.default)  # type: ignore[misc]
        for e in sink.envelopes
    ]


def text_of(message: EmailMessage) -> str:
    """Return an e-mail's subject and plain body."""
    body = message.get_body(("plain",))
    return f"{message['Subject']}\n{body.get_content() if body else ''}"


def case_of(s, case_id: int) -> Case:  # type: ignore[no-untyped-def]
    """Return a case by id."""
    return s.get_one(Case, case_id)
