"""Reply templates: ready answers in groups (thanks, quotes, document reminders) with
Polish, English and Hebrew variants, placeholders and files.

Placeholders are written {client}, {month}, {amount}, {office}, {person}, {case}:
`fill()` puts the case's values in (the month and amounts in the client's language's
forms) and leaves an unknown {word} as it is, so the person sees it and edits it before
sending. A template's files go with every answer made from it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases.desk import require
from cases.errors import CaseError, CaseNotFound, Why
from cases.models import Case, ReplyTemplate
from cases.vocabulary import Power
from conversations.files import Upload, store_files
from intake import formats
from intake.i18n import pick_locale
from intake.models import Office, User
from intake.month import Month
from intake.storage import Storage

PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = ("client", "month", "amount", "office", "person", "case")


def templates_of(session: Session, office_id: int) -> list[ReplyTemplate]:
    """Return the office's reply templates by group and name."""
    query = select(ReplyTemplate).where(ReplyTemplate.office_id == office_id)
    return list(session.scalars(query.order_by(ReplyTemplate.group, ReplyTemplate.name)))


def get_template(session: Session, user: User, template_id: int) -> ReplyTemplate:
    """Return a reply template of the person's office, or raise CaseNotFound."""
    found = session.get(ReplyTemplate, template_id)
    if found is None or found.office_id != user.office_id:
        raise CaseNotFound()
    return found


def save_template(
    session: Session,
    storage: Storage,
    max_mb: int,
    actor: User,
    *,
    group: str,
    name: str,
    bodies: Mapping[str, str],
    uploads: Sequence[Upload] = (),
    template: ReplyTemplate | None = None,
) -> ReplyTemplate:
    """Create or change a reply template (MANAGE); new files are added to its own."""
    require(session, actor, Power.MANAGE)
    group, name = " ".join(group.split())[:60], " ".join(name.split())[:120]
    if not group or not name:
        raise CaseError(Why.NAME_MISSING)
    texts = {k: (bodies.get(k) or "").strip() for k in ("pl", "en", "he")}
    if not any(texts.values()):
        raise CaseError(Why.TEXT_MISSING)
    stored = store_files(storage, actor.office_id, uploads, max_mb)
    if template is None:
        template = ReplyTemplate(office_id=actor.office_id, files=[])
        session.add(template)
    template.group, template.name = group, name
    template.body_pl, template.body_en, template.body_he = texts["pl"], texts["en"], texts["he"]
    template.files = [*template.files, *(asdict(f) for f in stored)]
    session.flush()
    return template


def values_for(case: Case, office: Office, person: User, locale: str) -> dict[str, str]:
    """Return the placeholders' values for a case, written for a language."""
    month = Month.current() - 1
    return {
        "client": case.who,
        "month": formats.format_month(month, locale),
        "office": office.name,
        "person": person.name,
        "case": str(case.id),
    }


def fill(
    text: str, values: Mapping[str, str], amount: Decimal | None = None, locale: str = "pl"
) -> str:
    """Put values into a template's placeholders; unknown ones stay for the person to edit."""
    known = dict(values)
    if amount is not None:
        known["amount"] = formats.format_money(amount, "PLN", locale)

    def one(match: re.Match[str]) -> str:
        return known.get(match.group(1), match.group(0))

    return PLACEHOLDER.sub(one, text)


def draft_from(
    session: Session,
    person: User,
    case: Case,
    template: ReplyTemplate,
    amount: Decimal | None = None,
) -> str:
    """Return a template's text for a case, in the client's language, placeholders filled."""
    office = session.get_one(Office, case.office_id)
    client_locale = case.locale
    if case.company is not None:
        client_locale = client_locale or case.company.office.locale
    locale = pick_locale(client_locale, office.locale)
    return fill(template.body_in(locale), values_for(case, office, person, locale), amount, locale)
