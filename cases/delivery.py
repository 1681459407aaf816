"""What leaves the desk: an answer to the client, signed by its author, in the case's
conversation (and by e-mail through the conversation's notice) or, to a prospect without
a login, by e-mail; and the e-mail telling an author their answer was returned.

Internal comments are never passed here: nothing the client receives is made from them.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from cases.errors import CaseError, Why
from cases.models import Answer, Case, CaseMessage
from cases.vocabulary import CaseMessageKind
from conversations.files import StoredFile
from conversations.models import Thread
from conversations.threads import new_thread, post
from conversations.vocabulary import Side, Via
from intake.config import Settings
from intake.i18n import pick_locale
from intake.models import Company, Office, User
from notify.compose import render
from notify.delivery import queue_notification
from notify.messages import queue_rendered, recipient_locale
from notify.vocabulary import Channel

PACKAGE = "cases"


def signed(body: str, author: User, office: Office) -> str:
    """Return an answer's text with its author's signature below."""
    return f"{body.rstrip()}\n\n--\n{author.name}\n{office.name}"


def stored_files(answer: Answer) -> list[StoredFile]:
    """Return the files that go with an answer."""
    return [StoredFile(**f) for f in answer.files or []]


def deliver(session: Session, settings: Settings, case: Case, answer: Answer) -> None:
    """Send an answer to whoever asked: into the conversation, else by e-mail."""
    author = session.get_one(User, answer.author_id)
    office = session.get_one(Office, case.office_id)
    text = signed(answer.body, author, office)
    case.messages.append(
        CaseMessage(side=Side.OFFICE, author_id=author.id, author_name=author.name, body=text)
    )
    if case.company_id is not None:
        thread = session.get(Thread, case.thread_id) if case.thread_id else None
        if thread is None:
            company = session.get_one(Company, case.company_id)
            thread = new_thread(session, company, case.title, Side.OFFICE)
            case.thread_id = thread.id
        post(
            session,
            settings,
            thread,
            body=text,
            files=stored_files(answer),
            via=Via.PORTAL,
            author=author,
        )
        return
    if not case.prospect_email:
        raise CaseError(Why.NO_ADDRESS)
    locale = pick_locale(case.locale, office.locale)
    rendered = render(
        PACKAGE,
        CaseMessageKind.ANSWER.value,
        locale,
        title=case.title,
        case_id=case.id,
        body=text,
        office=office.name,
        files=[f.filename for f in stored_files(answer)[1:]],
    )
    files = stored_files(answer)
    data: dict[str, object] = {"headers": {"Content-Language": locale}, "locale": locale}
    if files:  # an e-mail of notify's carries one file: the first; the others are named
        first = files[0]
        data["attachment"] = {"key": first.key, "name": first.filename, "type": first.media_type}
    queue_notification(
        session,
        office_id=case.office_id,
        channel=Channel.EMAIL,
        recipient=case.prospect_email,
        subject=rendered.subject,
        body=rendered.body,
        kind=CaseMessageKind.ANSWER,
        key=f"case_answer:{answer.id}",
        about=f"case:{case.id}",
        data=data,
    )


def tell_returned(session: Session, settings: Settings, case: Case, answer: Answer) -> None:
    """E-mail an answer's author that it was returned, with the reason and a link."""
    author = session.get_one(User, answer.author_id)
    reviewer = session.get_one(User, answer.reviewer_id) if answer.reviewer_id else None
    rendered = render(
        PACKAGE,
        CaseMessageKind.ANSWER_RETURNED.value,
        recipient_locale(session, author),
        case_id=case.id,
        title=case.title,
        reviewer=reviewer.name if reviewer else "",
        reason=answer.reason or "",
        link=f"{settings.base_url}/staff/cases/{case.id}",
    )
    queue_rendered(
        session,
        rendered,
        channel=Channel.EMAIL,
        recipient=author.email,
        office_id=case.office_id,
        kind=CaseMessageKind.ANSWER_RETURNED,
        key=f"case_returned:{answer.id}",
        about=f"case:{case.id}",
    )


def tell_assigned(
    session: Session, settings: Settings, case: Case, assignee: User, actor: User | None
) -> None:
    """E-mail a person that a case was delegated to them."""
    rendered = render(
        PACKAGE,
        CaseMessageKind.ASSIGNED.value,
        recipient_locale(session, assignee),
        case_id=case.id,
        title=case.title,
        client=case.who,
        actor=actor.name if actor else "",
        link=f"{settings.base_url}/staff/cases/{case.id}",
    )
    queue_rendered(
        session,
        rendered,
        channel=Channel.EMAIL,
        recipient=assignee.email,
        office_id=case.office_id,
        kind=CaseMessageKind.ASSIGNED,
        key=f"case_assigned:{case.id}:{len(case.events)}",
        about=f"case:{case.id}",
    )
