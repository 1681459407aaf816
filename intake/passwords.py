"""Links to set a password: a client's invitation and a forgotten password's reset.

A link is a signed token naming the user, what it is for and a fingerprint of the
user's password hash as it was when the link was made. Setting a password changes the
hash, so a link works once; it also expires (an invitation after a week, a reset after
an hour). Nothing is stored: a link cannot be listed or leaked from the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.errors import InvalidInput, Problem
from intake.i18n import N_
from intake.models import Company, Office, User, utcnow
from intake.offices import add_user
from intake.security import hash_secret
from intake.vocabulary import Choice, Role

SALT = "intake.password-link"
PASSWORD_PATH = "/password/"
MIN_LENGTH = 8


class LinkPurpose(Choice):
    """What a password link is for, and how long it lives."""

    INVITE = "invite", N_("invitation")
    RESET = "reset", N_("password reset")


MAX_AGE_S = {LinkPurpose.INVITE: 7 * 86400, LinkPurpose.RESET: 3600}


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=SALT)


def fingerprint(user: User) -> str:
    """Return what a link remembers of the password: changed by setting a new one."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def password_token(settings: Settings, user: User, purpose: LinkPurpose) -> str:
    """Return a signed token that lets a user set a password once."""
    return _serializer(settings).dumps({"u": user.id, "p": str(purpose), "f": fingerprint(user)})


def password_url(settings: Settings, user: User, purpose: LinkPurpose) -> str:
    """Return the portal link a person opens to set their password."""
    return f"{settings.base_url}{PASSWORD_PATH}{password_token(settings, user, purpose)}"


def user_for_token(session: Session, settings: Settings, token: str) -> tuple[User, LinkPurpose]:
    """Return the user a link is for and its purpose, or raise InvalidInput (invalid, expired,
    used)."""
    try:
        data, signed_at = _serializer(settings).loads(
            token, max_age=max(MAX_AGE_S.values()), return_timestamp=True
        )
        purpose = LinkPurpose(data["p"])
        user_id = int(data["u"])
    except SignatureExpired:
        raise InvalidInput(Problem.PASSWORD_LINK_EXPIRED) from None
    except (BadSignature, KeyError, ValueError, TypeError):
        raise InvalidInput(Problem.PASSWORD_LINK_INVALID) from None
    if utcnow() - signed_at > dt.timedelta(seconds=MAX_AGE_S[purpose]):
        raise InvalidInput(Problem.PASSWORD_LINK_EXPIRED)
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise InvalidInput(Problem.PASSWORD_LINK_INVALID)
    if fingerprint(user) != data["f"]:
        raise InvalidInput(Problem.PASSWORD_LINK_USED)
    return user, purpose


def set_password(session: Session, settings: Settings, token: str, password: str) -> User:
    """Set a user's password through a link; the link is used up."""
    user, _purpose = user_for_token(session, settings, token)
    if len(password) < MIN_LENGTH:
        raise InvalidInput(Problem.PASSWORD_TOO_SHORT)
    user.password_hash = hash_secret(password)
    session.flush()
    return user


def invite_client(
    session: Session,
    company: Company,
    email: str,
    name: str,
    locale: str | None = None,
) -> User:
    """Return the client login of an e-mail at a company, creating it without a password.

    The person sets a password through the invitation link; until then nobody can log in.
    """
    email = email.strip().lower()
    user = session.scalar(select(User).where(User.email == email))
    if user is not None:
        if user.company_id != company.id or user.role != Role.CLIENT:
            raise InvalidInput(Problem.USER_EXISTS, email=email)
        return user
    office = session.get_one(Office, company.office_id)
    return add_user(
        session,
        office,
        email,
        name.strip() or email,
        Role.CLIENT,
        secrets.token_urlsafe(32),
        company=company,
        locale=locale,
    )


def find_login(session: Session, email: str) -> User | None:
    """Return the active user of an e-mail address, or None."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    return user if user is not None and user.active else None
