"""The desk's tabs: to assign, mine, to accept, all; each a query on indexed columns, with
counts for the tab bar in one grouped query, and a page of rows at a time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from cases.models import Answer, Case, case_labels
from cases.vocabulary import AnswerState, CaseState, Priority
from intake.i18n import N_
from intake.models import User
from intake.vocabulary import Choice

PAGE = 50


class Tab(Choice):
    """A tab of the desk."""

    TO_ASSIGN = "to_assign", N_("To assign")
    MINE = "mine", N_("Mine")
    TO_ACCEPT = "to_accept", N_("To accept")
    ALL = "all", N_("All")


MINE_STATES = (CaseState.ASSIGNED, CaseState.TO_ACCEPT)


@dataclass(frozen=True)
class Filters:
    """What the 'all' tab narrows to."""

    state: CaseState | None = None
    priority: Priority | None = None
    label_id: int | None = None
    assignee_id: int | None = None


def tab_query(user: User, tab: Tab, filters: Filters = Filters()) -> Select[Case]:
    """Return the query of a tab's cases for a person of the office."""
    query = select(Case).where(Case.office_id == user.office_id)
    if tab == Tab.TO_ASSIGN:
        query = query.where(Case.state == CaseState.TO_ASSIGN)
    elif tab == Tab.MINE:
        query = query.where(Case.assignee_id == user.id, Case.state.in_(MINE_STATES))
    elif tab == Tab.TO_ACCEPT:
        query = query.where(Case.state == CaseState.TO_ACCEPT)
    if filters.state:
        query = query.where(Case.state == filters.state)
    if filters.priority:
        query = query.where(Case.priority == filters.priority)
    if filters.assignee_id:
        query = query.where(Case.assignee_id == filters.assignee_id)
    if filters.label_id:
        tagged = select(case_labels.c.case_id).where(case_labels.c.label_id == filters.label_id)
        query = query.where(Case.id.in_(tagged))
    return query


def tab_page(
    session: Session, user: User, tab: Tab, filters: Filters = Filters(), page: int = 1
) -> list[Case]:
    """Return one page of a tab's cases, newest first."""
    query = (
        tab_query(user, tab, filters)
        .options(joinedload(Case.company), joinedload(Case.assignee), selectinload(Case.labels))
        .order_by(Case.id.desc())
        .limit(PAGE)
        .offset(max(0, page - 1) * PAGE)
    )
    return list(session.scalars(query).unique())


def tab_counts(session: Session, user: User) -> dict[Tab, int]:
    """Return how many cases each tab holds, from one grouped count on the office's index."""
    mine = (Case.assignee_id == user.id).label("mine")
    rows = session.execute(
        select(Case.state, mine, func.count())
        .where(Case.office_id == user.office_id)
        .group_by(Case.state, mine)
    ).all()
    by_state: dict[str, int] = {}
    for state, _mine, count in rows:
        by_state[state] = by_state.get(state, 0) + count
    return {
        Tab.TO_ASSIGN: by_state.get(CaseState.TO_ASSIGN, 0),
        Tab.MINE: sum(n for state, is_mine, n in rows if is_mine and state in MINE_STATES),
        Tab.TO_ACCEPT: by_state.get(CaseState.TO_ACCEPT, 0),
        Tab.ALL: sum(by_state.values()),
    }


def returned_to(session: Session, user: User, cases: list[Case]) -> set[int]:
    """Return which of these cases hold an answer of the person's that was returned and not
    yet answered again (the portal marks them)."""
    ids = [c.id for c in cases if c.state == CaseState.ASSIGNED and c.assignee_id == user.id]
    if not ids:
        return set()
    last = (
        select(Answer.case_id, func.max(Answer.id).label("newest"))
        .where(Answer.case_id.in_(ids))
        .group_by(Answer.case_id)
        .subquery()
    )
    rows = session.execute(
        select(Answer.case_id)
        .join(last, Answer.id == last.c.newest)
        .where(Answer.state == AnswerState.RETURNED, Answer.author_id == user.id)
    )
    return {case_id for (case_id,) in rows}
