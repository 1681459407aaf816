"""The office's work policy: whether clients approve their amounts, when to remind them."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from intake.models import Company
from tasks.errors import TaskError, Why
from tasks.models import WorkPolicy

logger = logging.getLogger(__name__)


def get_policy(session: Session, office_id: int) -> WorkPolicy:
    """Return an office's policy; the defaults (no approval, remind after 3 days) if unset."""
    policy = session.get(WorkPolicy, office_id)
    return policy or WorkPolicy(
        office_id=office_id,
        approval_required=False,
        remind_after_days=3,
        digest_owner=True,
        digest_staff=True,
    )


def set_policy(
    session: Session,
    office_id: int,
    *,
    approval_required: bool | None = None,
    remind_after_days: int | None = None,
    digest_owner: bool | None = None,
    digest_staff: bool | None = None,
) -> WorkPolicy:
    """Change an office's policy; the values not given stay as they are."""
    policy = session.get(WorkPolicy, office_id)
    if policy is None:
        policy = WorkPolicy(office_id=office_id, approval_required=False, remind_after_days=3)
        session.add(policy)
    if approval_required is not None:
        policy.approval_required = approval_required
    if remind_after_days is not None:
        if not 1 <= remind_after_days <= 60:
            raise TaskError(Why.REMIND_DAYS)
        policy.remind_after_days = remind_after_days
    if digest_owner is not None:
        policy.digest_owner = digest_owner
    if digest_staff is not None:
        policy.digest_staff = digest_staff
    session.flush()
    return policy


def approval_wanted(session: Session, company: Company) -> bool:
    """Tell whether a client approves its amounts: its own setting, else the office's policy."""
    if company.approval_required is not None:
        return company.approval_required
    return get_policy(session, company.office_id).approval_required
