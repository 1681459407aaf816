"""Public forms: a contact or offer form the office puts on its own website.

The owner builds a form (which fields are required, a consent text with a link to the
office's terms, colours) and embeds it by a script tag or an iframe. A submission is
checked (a honeypot field people never see, size limits; the portal adds a per-address
rate limit) and kept aside; the sender gets an e-mail with an activation link, and only
that link opens a case. So a flood of forged submissions costs e-mails to the addresses
they named, never cases on the desk, and the sender's address is proven.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases.desk import require
from cases.errors import CaseError, CaseNotFound, Why
from cases.models import Case, CaseForm, Submission
from cases.vocabulary import CaseMessageKind, CaseSource, FormKind, Power
from cases.work import open_case
from intake.config import Settings
from intake.i18n import N_, pick_locale
from intake.models import Office, User, utcnow
from notify.compose import render
from notify.messages import queue_rendered
from notify.vocabulary import Channel

# Fields a form may ask for beside the name and e-mail (always required), with labels.
FIELDS = {
    "phone": N_("Phone"),
    "company": N_("Company"),
    "nip": N_("NIP"),
    "message": N_("Message"),
}
HONEYPOT = "website"
FIELD_LIMIT = 300
MESSAGE_LIMIT = 5000
ACTIVATION_DAYS = 7
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Sent:
    """What a submission came to: a row waiting for activation, or nothing (a bot)."""

    submission: Submission | None


def forms_of(session: Session, office_id: int) -> list[CaseForm]:
    """Return the office's forms."""
    return list(
        session.scalars(
            select(CaseForm).where(CaseForm.office_id == office_id).order_by(CaseForm.id)
        )
    )


def get_form(session: Session, user: User, form_id: int) -> CaseForm:
    """Return a form of the person's office, or raise CaseNotFound."""
    form = session.get(CaseForm, form_id)
    if form is None or form.office_id != user.office_id:
        raise CaseNotFound()
    return form


def public_form(session: Session, key: str) -> CaseForm:
    """Return a form by its public key, or raise CaseNotFound."""
    form = session.scalar(select(CaseForm).where(CaseForm.key == key[:32]))
    if form is None:
        raise CaseNotFound()
    return form


def save_form(
    session: Session,
    actor: User,
    *,
    kind: FormKind,
    title: str,
    required: Sequence[str],
    consent_text: str,
    terms_url: str,
    colour: str,
    background: str,
    locale: str,
    form: CaseForm | None = None,
) -> CaseForm:
    """Create or change a public form (MANAGE)."""
    require(session, actor, Power.MANAGE)
    title = " ".join(title.split())[:200]
    if not title:
        raise CaseError(Why.NAME_MISSING)
    if not (COLOUR.fullmatch(colour) and COLOUR.fullmatch(background)):
        raise CaseError(Why.BAD_COLOUR)
    terms_url = terms_url.strip()
    if terms_url and not terms_url.startswith(("https://", "http://")):
        raise CaseError(Why.BAD_URL)
    if form is None:
        form = CaseForm(office_id=actor.office_id, key=secrets.token_urlsafe(16)[:22])
        session.add(form)
    form.kind, form.title = kind, title
    form.required = [name for name in FIELDS if name in required]
    form.consent_text, form.terms_url = consent_text.strip()[:2000], terms_url[:500]
    form.colour, form.background = colour.lower(), background.lower()
    form.locale = pick_locale(locale)
    session.flush()
    return form


def clean_submission(form: CaseForm, data: Mapping[str, str]) -> tuple[str, str, dict[str, str]]:
    """Return (name, e-mail, fields) of a submission, or raise CaseError."""
    values = {}
    for name in ("name", "email", *FIELDS):
        value = (data.get(name) or "").strip()
        limit = MESSAGE_LIMIT if name == "message" else FIELD_LIMIT
        if len(value) > limit:
            raise CaseError(Why.FORM_TOO_LARGE)
        values[name] = value
    if not values["name"]:
        raise CaseError(Why.NAME_MISSING)
    if not EMAIL.fullmatch(values["email"]):
        raise CaseError(Why.EMAIL_MISSING)
    for name in form.required:
        if not values.get(name):
            raise CaseError(Why.FIELD_MISSING, field=FIELDS[name])
    if form.consent_text and data.get("consent") != "yes":
        raise CaseError(Why.CONSENT_MISSING)
    fields = {k: v for k, v in values.items() if k in FIELDS and v}
    return values["name"], values["email"].lower(), fields


def activation_token(settings: Settings, submission: Submission) -> str:
    """Return the token of a submission's activation link."""
    stamp = int(submission.created_at.timestamp())
    message = f"case-form:{submission.id}:{stamp}".encode()
    sig = hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]
    return f"{submission.id}.{sig}"


def submit(
    session: Session,
    settings: Settings,
    form: CaseForm,
    data: Mapping[str, str],
    address: str | None,
    locale: str | None = None,
) -> Sent:
    """Take a form's submission: kept aside, its sender asked to activate it by e-mail.

    A filled honeypot looks like success to the sender and keeps nothing.
    """
    if (data.get(HONEYPOT) or "").strip():
        return Sent(None)
    name, email, fields = clean_submission(form, data)
    submission = Submission(
        form_id=form.id, name=name[:200], email=email, fields=fields, address=(address or "")[:64]
    )
    submission.created_at = utcnow().replace(microsecond=0)
    session.add(submission)
    session.flush()
    office = session.get_one(Office, form.office_id)
    token = activation_token(settings, submission)
    text = render(
        "cases",
        CaseMessageKind.ACTIVATE.value,
        pick_locale(locale, form.locale),
        name=name,
        office=office.name,
        link=f"{settings.base_url}/forms/activate/{token}",
    )
    queue_rendered(
        session,
        text,
        channel=Channel.EMAIL,
        recipient=email,
        office_id=form.office_id,
        kind=CaseMessageKind.ACTIVATE,
        key=f"case_activate:{submission.id}",
        about=f"form:{form.id}",
    )
    return Sent(submission)


def activate(session: Session, settings: Settings, token: str) -> Case:
    """Open the case of a submission whose activation link was followed (once)."""
    number, _, sig = (token or "").partition(".")
    submission = session.get(Submission, int(number)) if number.isdigit() else None
    if submission is None or not hmac.compare_digest(
        activation_token(settings, submission), f"{number}.{sig}"
    ):
        raise CaseError(Why.LINK_INVALID)
    if submission.case_id is not None:
        return session.get_one(Case, submission.case_id)
    if utcnow() - submission.created_at > dt.timedelta(days=ACTIVATION_DAYS):
        raise CaseError(Why.LINK_EXPIRED)
    form = submission.form
    lines = [submission.fields.get("message", "")]
    lines += [f"{key}: {value}" for key, value in submission.fields.items() if key != "message"]
    case = open_case(
        session,
        None,
        form.office_id,
        title=f"{form.title}: {submission.name}",
        body="\n".join(line for line in lines if line) or "-",
        source=CaseSource.FORM,
        prospect_name=submission.name,
        prospect_email=submission.email,
        locale=form.locale,
    )
    submission.case_id = case.id
    submission.activated_at = utcnow()
    session.flush()
    return case
