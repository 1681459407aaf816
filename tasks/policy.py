"""The office's work policy: whether clients approve their amounts, when to remind them."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from intake.models.work import WorkPolicy
from tasks.errors import TaskError

logger = logging.getLogger(__name__)


def get_policy(session: Session, office_id: int) -> WorkPolicy:
    """Return an office's policy; the defaults (no approval, remind after 3 days) if unset."""
    policy = session.get(WorkPolicy, office_id)
    return policy or WorkPolicy(office_id=office_id, approval_required=False, remind_after_days=3)


def set_policy(
    session: Session,
    office_id: int,
    *,
    approval_required: bool | None = None,
    remind_after_days: int | None = None,
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
            raise TaskError("remind after 1 to 60 days")
        policy.remind_after_days = remind_after_days
    session.flush()
    return policy
