"""The e-mails that open the portal to a person: an invitation and a password reset.

Each carries a link to set a password (intake.passwords: single use, expiring) and goes
out in the person's language; neither has a key, since each request is a new link.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from intake.config import Settings
from intake.models import Company, User
from intake.passwords import LinkPurpose, find_login, password_url
from notify.compose import render
from notify.messages import queue_rendered, recipient_locale
from notify.models import Notification
from notify.vocabulary import Channel, MessageKind

logger = logging.getLogger(__name__)

PACKAGE = "notify"


def send_invitation(
    session: Session, settings: Settings, user: User, invited_by: User
) -> Notification | None:
    """E-mail a client user the link that sets their first password."""
    company = session.get_one(Company, user.company_id) if user.company_id else None
    office = user.office
    signature = "\n".join(x for x in (invited_by.name, office.name, invited_by.phone) if x)
    text = render(
        PACKAGE,
        MessageKind.INVITATION,
        recipient_locale(session, user),
        office=office.name,
        company=company.name if company else office.name,
        link=password_url(settings, user, LinkPurpose.INVITE),
        email=user.email,
        signature=signature,
    )
    return queue_rendered(
        session,
        text,
        channel=Channel.EMAIL,
        recipient=user.email,
        office_id=user.office_id,
        company_id=user.company_id,
        kind=MessageKind.INVITATION,
        about=f"user:{user.id}",
        headers={"Reply-To": invited_by.email},
    )


def send_password_reset(session: Session, settings: Settings, email: str) -> Notification | None:
    """E-mail the person of an address a reset link; nothing (and no hint) for an unknown one."""
    user = find_login(session, email)
    if user is None:
        logger.info("password reset asked for an unknown address")
        return None
    text = render(
        PACKAGE,
        MessageKind.PASSWORD_RESET,
        recipient_locale(session, user),
        link=password_url(settings, user, LinkPurpose.RESET),
    )
    return queue_rendered(
        session,
        text,
        channel=Channel.EMAIL,
        recipient=user.email,
        office_id=user.office_id,
        company_id=user.company_id,
        kind=MessageKind.PASSWORD_RESET,
        about=f"user:{user.id}",
    )
