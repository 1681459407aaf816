"""Who does what at the desk: each office person's desk role and the powers it gives.

A person without a row of their own has the role their login suggests: the office's
owner administers the desk, an accountant is a specialist (answers directly). The
administrator sets anyone's role (a trainee's answers then wait for acceptance).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases.errors import CaseError, NotAllowed, Why
from cases.models import DeskMember
from cases.vocabulary import POWERS, DeskRole, Power
from intake.models import User
from intake.vocabulary import OFFICE_ROLES, Role

DEFAULT_ROLES = {Role.OWNER: DeskRole.ADMINISTRATOR, Role.STAFF: DeskRole.SPECIALIST}


def desk_role(session: Session, user: User) -> DeskRole | None:
    """Return a person's desk role (None for a client)."""
    if user.role not in OFFICE_ROLES:
        return None
    role = session.scalar(select(DeskMember.role).where(DeskMember.user_id == user.id))
    return role or DEFAULT_ROLES[Role(user.role)]


def may(session: Session, user: User, power: Power) -> bool:
    """Tell whether a person's desk role gives them a power."""
    role = desk_role(session, user)
    return role is not None and power in POWERS[role]


def require(session: Session, user: User, power: Power) -> None:
    """Raise NotAllowed unless a person's desk role gives them a power."""
    if not may(session, user, power):
        raise NotAllowed()


def members(session: Session, office_id: int) -> list[tuple[User, DeskRole]]:
    """Return the office's people who work at the desk, with their roles, by name."""
    people = session.scalars(
        select(User)
        .where(User.office_id == office_id, User.role.in_(OFFICE_ROLES), User.active)
        .order_by(User.name)
    ).all()
    set_roles = dict(
        session.execute(
            select(DeskMember.user_id, DeskMember.role).where(DeskMember.office_id == office_id)
        ).all()
    )
    return [(u, set_roles.get(u.id) or DEFAULT_ROLES[Role(u.role)]) for u in people]


def desk_person(session: Session, office_id: int, who: int | str) -> User:
    """Return an office person by id or e-mail, or raise CaseError."""
    query = select(User).where(
        User.office_id == office_id, User.role.in_(OFFICE_ROLES), User.active
    )
    if isinstance(who, int):
        query = query.where(User.id == who)
    else:
        query = query.where(User.email == who.strip().lower())
    user = session.scalar(query)
    if user is None:
        raise CaseError(Why.NOT_A_DESK_MEMBER, who=str(who))
    return user


def set_desk_role(session: Session, actor: User, person_id: int, role: DeskRole) -> None:
    """Give an office person a desk role (the administrator's power)."""
    require(session, actor, Power.MANAGE)
    person = desk_person(session, actor.office_id, person_id)
    row = session.scalar(select(DeskMember).where(DeskMember.user_id == person.id))
    if row is None:
        session.add(DeskMember(office_id=actor.office_id, user_id=person.id, role=role))
    else:
        row.role = role
    session.flush()
