"""A case's life: opened (by staff, from a conversation, from a form), assigned, answered
directly or through acceptance by a senior, closed; every change in its audit trail.

Who may do what comes from the person's desk role (cases.desk). An answer by someone who
may not answer directly (a trainee) waits for acceptance: an expert or administrator sends
it as it is, edits and sends it, or returns it with a reason, which its author is told by
e-mail and sees on the desk. The client receives every answer signed by its author
(cases.delivery).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases.delivery import deliver, tell_assigned, tell_returned
from cases.desk import desk_person, may, require
from cases.errors import CaseError, CaseNotFound, Why
from cases.models import Answer, Case, CaseEvent, CaseMessage, Label, case_labels
from cases.vocabulary import AnswerState, CaseSource, CaseState, Power, Priority, Step
from conversations.models import Thread
from conversations.threads import get_thread
from conversations.vocabulary import Side
from intake.config import Settings
from intake.models import Company, User, utcnow
from intake.vocabulary import OFFICE_ROLES

TEXT_LIMIT = 20_000


def clean_text(text: str | None, missing: Why = Why.TEXT_MISSING) -> str:
    """Return a text stripped, or raise CaseError when it is empty or too long."""
    text = (text or "").strip()
    if not text:
        raise CaseError(missing)
    if len(text) > TEXT_LIMIT:
        raise CaseError(Why.TEXT_TOO_LONG, limit=TEXT_LIMIT)
    return text


def record(session: Session, case: Case, step: Step, actor: User | None, detail: str = "") -> None:
    """Add a line to a case's audit trail."""
    case.events.append(
        CaseEvent(step=step, actor_id=actor.id if actor else None, detail=detail[:300] or None)
    )


def get_case(session: Session, user: User, case_id: int) -> Case:
    """Return a case of the person's office (never to a client), or raise CaseNotFound."""
    case = session.get(Case, case_id)
    if case is None or case.office_id != user.office_id or user.role not in OFFICE_ROLES:
        raise CaseNotFound()
    return case


def get_answer(session: Session, user: User, case: Case, answer_id: int) -> Answer:
    """Return an answer of a case, or raise CaseNotFound."""
    answer = session.get(Answer, answer_id)
    if answer is None or answer.case_id != case.id:
        raise CaseNotFound()
    return answer


def open_case(
    session: Session,
    actor: User | None,
    office_id: int,
    *,
    title: str,
    body: str,
    source: CaseSource,
    company: Company | None = None,
    prospect_name: str | None = None,
    prospect_email: str | None = None,
    locale: str | None = None,
    priority: Priority = Priority.NONE,
    thread: Thread | None = None,
) -> Case:
    """Open a case 'to assign' with the client's question as its first message."""
    title = " ".join((title or "").split())[:200]
    if not title:
        raise CaseError(Why.TITLE_MISSING)
    if company is not None and company.office_id != office_id:
        raise CaseNotFound()
    case = Case(
        office_id=office_id,
        company_id=company.id if company else None,
        prospect_name=prospect_name,
        prospect_email=prospect_email,
        locale=locale,
        title=title,
        source=source,
        state=CaseState.TO_ASSIGN,
        priority=priority,
        thread_id=thread.id if thread else None,
    )
    session.add(case)
    if body.strip():
        author = company.name if company else (prospect_name or prospect_email or "?")
        case.messages.append(
            CaseMessage(side=Side.CLIENT, author_name=author[:200], body=clean_text(body))
        )
    record(session, case, Step.CREATED, actor)
    session.flush()
    return case


def case_from_thread(session: Session, actor: User, thread_id: int) -> Case:
    """Turn a client's conversation into a case (once: a second time finds the open one; an
    answered one the client wrote to again goes back to its person)."""
    thread = get_thread(session, actor, thread_id)
    found = session.scalar(
        select(Case).where(Case.thread_id == thread.id, Case.state != CaseState.CLOSED)
    )
    if found is not None:
        if found.state == CaseState.ANSWERED and thread.messages[-1].side == Side.CLIENT:
            found.state = CaseState.ASSIGNED if found.assignee_id else CaseState.TO_ASSIGN
            record(session, found, Step.CLIENT_WROTE, actor)
            session.flush()
        return found
    company = session.get_one(Company, thread.company_id)
    asked = [m for m in thread.messages if m.side == Side.CLIENT]
    body = asked[-1].body if asked else ""
    return open_case(
        session,
        actor,
        thread.office_id,
        title=thread.subject,
        body=body,
        source=CaseSource.CONVERSATION,
        company=company,
        thread=thread,
    )


def assign(
    session: Session, settings: Settings, actor: User | None, case: Case, person: int | str
) -> User:
    """Delegate a case to a person of the desk, who is told by e-mail; anyone may take an
    unassigned case for themselves, delegating needs ASSIGN (actor None: the operator)."""
    assignee = desk_person(session, case.office_id, person)
    if actor is not None and assignee.id != actor.id:
        require(session, actor, Power.ASSIGN)
    elif (
        actor is not None and case.assignee_id is not None and not may(session, actor, Power.ASSIGN)
    ):
        raise CaseError(Why.NOT_ALLOWED)
    if case.state in (CaseState.TO_ACCEPT, CaseState.CLOSED):
        raise CaseError(Why.WRONG_STATE, state=case.state.label)
    case.assignee_id = assignee.id
    if case.state == CaseState.TO_ASSIGN:
        case.state = CaseState.ASSIGNED
    record(session, case, Step.ASSIGNED, actor, assignee.name)
    session.flush()
    if actor is None or actor.id != assignee.id:
        tell_assigned(session, settings, case, assignee, actor)
    return assignee


def write_answer(
    session: Session,
    settings: Settings,
    author: User,
    case: Case,
    body: str,
    files: Sequence[dict[str, Any]] = (),
) -> Answer:
    """Answer a case: sent at once when the author may answer directly, else to accept."""
    body = clean_text(body)
    if case.state not in (CaseState.ASSIGNED, CaseState.ANSWERED):
        raise CaseError(Why.WRONG_STATE, state=case.state.label)
    if case.assignee_id != author.id:
        raise CaseError(Why.NOT_YOURS)
    direct = may(session, author, Power.ANSWER)
    answer = Answer(
        author_id=author.id,
        body=body,
        files=list(files),
        state=AnswerState.SENT if direct else AnswerState.TO_ACCEPT,
    )
    case.answers.append(answer)
    session.flush()
    if direct:
        send(session, settings, case, answer, author)
    else:
        case.state = CaseState.TO_ACCEPT
        record(session, case, Step.SUBMITTED, author)
    session.flush()
    return answer


def accept(
    session: Session,
    settings: Settings,
    reviewer: User,
    case: Case,
    answer: Answer,
    body: str | None = None,
) -> Answer:
    """Send an answer waiting for acceptance, as it is or edited by the reviewer."""
    require(session, reviewer, Power.ACCEPT)
    if answer.state != AnswerState.TO_ACCEPT or case.state != CaseState.TO_ACCEPT:
        raise CaseError(Why.ANSWER_NOT_WAITING)
    if body is not None and clean_text(body) != answer.body:
        answer.body = clean_text(body)
        answer.edited = True
        record(session, case, Step.EDITED, reviewer)
    answer.reviewer_id = reviewer.id
    answer.decided_at = utcnow()
    answer.state = AnswerState.SENT
    send(session, settings, case, answer, reviewer)
    return answer


def return_answer(
    session: Session, settings: Settings, reviewer: User, case: Case, answer: Answer, reason: str
) -> Answer:
    """Send an answer back to its author with a reason; they are told by e-mail."""
    require(session, reviewer, Power.ACCEPT)
    if answer.state != AnswerState.TO_ACCEPT or case.state != CaseState.TO_ACCEPT:
        raise CaseError(Why.ANSWER_NOT_WAITING)
    reason = clean_text(reason, Why.REASON_MISSING)
    answer.state = AnswerState.RETURNED
    answer.reason = reason
    answer.reviewer_id = reviewer.id
    answer.decided_at = utcnow()
    case.state = CaseState.ASSIGNED
    case.assignee_id = answer.author_id
    record(session, case, Step.RETURNED, reviewer, reason)
    session.flush()
    tell_returned(session, settings, case, answer)
    return answer


def send(session: Session, settings: Settings, case: Case, answer: Answer, actor: User) -> None:
    """Deliver an answer to the client signed by its author; the case is answered."""
    deliver(session, settings, case, answer)
    case.state = CaseState.ANSWERED
    if case.first_answer_at is None:
        case.first_answer_at = utcnow()
    record(session, case, Step.ANSWERED, actor, answer.author.name)
    session.flush()


def close(session: Session, actor: User, case: Case) -> None:
    """Close a case (the assignee, or someone who assigns)."""
    if case.assignee_id != actor.id:
        require(session, actor, Power.ASSIGN)
    if case.state in (CaseState.CLOSED, CaseState.TO_ACCEPT):
        raise CaseError(Why.WRONG_STATE, state=case.state.label)
    case.state = CaseState.CLOSED
    case.closed_at = utcnow()
    record(session, case, Step.CLOSED, actor)
    session.flush()


def reopen(session: Session, actor: User, case: Case) -> None:
    """Reopen a closed case: back to its person, or to assign."""
    if case.state != CaseState.CLOSED:
        raise CaseError(Why.WRONG_STATE, state=case.state.label)
    case.state = CaseState.ASSIGNED if case.assignee_id else CaseState.TO_ASSIGN
    case.closed_at = None
    record(session, case, Step.REOPENED, actor)
    session.flush()


def set_priority(session: Session, actor: User, case: Case, priority: Priority) -> None:
    """Change a case's priority (anyone at the desk)."""
    if case.priority != priority:
        case.priority = priority
        record(session, case, Step.PRIORITY, actor)
        session.flush()


def set_labels(session: Session, actor: User, case: Case, names: Sequence[str]) -> None:
    """Put the office's labels (by name) on a case; a new name needs MANAGE."""
    wanted = sorted({" ".join(n.split()) for n in names if n.strip()})
    if any(len(n) > 40 for n in wanted):
        raise CaseError(Why.BAD_LABEL)
    known = {
        label.name: label
        for label in session.scalars(select(Label).where(Label.office_id == case.office_id))
    }
    if any(n not in known for n in wanted):
        require(session, actor, Power.MANAGE)
    labels = []
    for name in wanted:
        label = known.get(name)
        if label is None:
            label = Label(office_id=case.office_id, name=name)
            session.add(label)
        labels.append(label)
    if [label.name for label in case.labels] != wanted:
        case.labels = labels
        record(session, case, Step.LABELS, actor, ", ".join(wanted))
    session.flush()


def labels_of(session: Session, office_id: int) -> list[Label]:
    """Return the office's labels by name."""
    query = select(Label).where(Label.office_id == office_id).order_by(Label.name)
    return list(session.scalars(query))


def add_label(session: Session, actor: User, name: str) -> Label:
    """Add a label to the office's list (MANAGE); an existing name is found."""
    require(session, actor, Power.MANAGE)
    name = " ".join(name.split())
    if not 0 < len(name) <= 40:
        raise CaseError(Why.BAD_LABEL)
    found = session.scalar(
        select(Label).where(Label.office_id == actor.office_id, Label.name == name)
    )
    if found is None:
        found = Label(office_id=actor.office_id, name=name)
        session.add(found)
        session.flush()
    return found


def remove_label(session: Session, actor: User, label_id: int) -> None:
    """Take a label off the office's list and off every case (MANAGE)."""
    require(session, actor, Power.MANAGE)
    label = session.get(Label, label_id)
    if label is None or label.office_id != actor.office_id:
        raise CaseNotFound()
    session.execute(case_labels.delete().where(case_labels.c.label_id == label.id))
    session.delete(label)
    session.flush()
