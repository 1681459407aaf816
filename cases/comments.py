"""Internal comments: on a case, or on a passage of one of its answers. They are the
office's own talk about a case and never reach the client (cases.delivery never reads
them; the client's pages never query them)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cases.errors import CaseError, Why
from cases.models import Case, Comment
from cases.vocabulary import Step
from cases.work import clean_text, get_answer, record
from intake.models import User


def add_comment(
    session: Session,
    author: User,
    case: Case,
    body: str,
    *,
    answer_id: int | None = None,
    passage: str | None = None,
) -> Comment:
    """Add an internal comment to a case, or to a passage of one of its answers."""
    body = clean_text(body)
    passage = (passage or "").strip() or None
    if answer_id is not None:
        answer = get_answer(session, author, case, answer_id)
        if passage is not None and passage not in answer.body:
            raise CaseError(Why.PASSAGE_NOT_IN_ANSWER)
    elif passage is not None:
        raise CaseError(Why.PASSAGE_NOT_IN_ANSWER)
    comment = Comment(author_id=author.id, body=body, answer_id=answer_id, passage=passage)
    case.comments.append(comment)
    record(session, case, Step.COMMENTED, author)
    session.flush()
    return comment
