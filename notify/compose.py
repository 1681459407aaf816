"""Message bodies are Jinja templates, rendered in the recipient's language.

Each package keeps the messages it sends beside its code, in
`<package>/templates/messages/<kind>.txt`, one file per kind with three blocks:
`subject`, `body` (the e-mail) and, where an SMS goes too, `sms`. Texts in them are
written with `{% trans %}...{% endtrans %}` (or `_()`), so they are in the one gettext
catalogue; dates, months and money go through filters that format them for the locale:
`{{ due|day }}`, `{{ month|month }}`, `{{ amount|money(currency) }}`, `{{ text|t }}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateNotFound

from intake import formats
from intake.i18n import pick_locale, translate, translations
from intake.month import Month
from notify.errors import NotifyError, Problem, describe


@dataclass(frozen=True)
class Rendered:
    """A message written out for one recipient, in their locale."""

    subject: str
    body: str
    sms: str | None
    locale: str


@cache
def environment(package: str, locale: str) -> Environment:
    """Return the Jinja environment of a package's messages in one locale."""
    env = Environment(
        loader=PackageLoader(package, "templates/messages"),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        day=lambda value, long=False: formats.format_day(_day(value), locale, long=long),
        month=lambda value, long=False: formats.format_month(
            Month.parse(value) if value else None, locale, long=long
        ),
        money=lambda value, currency="PLN": formats.format_money(
            Decimal(value) if value is not None else None, currency, locale
        ),
        moment=lambda value, timezone=None: formats.format_moment(value, locale, timezone),
        t=lambda text: translate(text, locale),
    )
    return env


def render(package: str, kind: str, locale: str, **context: Any) -> Rendered:
    """Write a package's message of a kind for a recipient's locale."""
    locale = pick_locale(locale)
    try:
        template = environment(package, locale).get_template(f"{kind}.txt")
    except TemplateNotFound:
        raise NotifyError(Problem.NO_TEMPLATE, package=package, kind=kind) from None
    run = template.new_context(dict(context))
    try:
        parts = {
            name: "".join(block(run)).strip()
            for name, block in template.blocks.items()
            if name in ("subject", "body", "sms")
        }
    except Exception as e:  # a missing value names itself (StrictUndefined)
        raise NotifyError(
            Problem.TEMPLATE_FAILED, package=package, kind=kind, detail=describe(e)
        ) from e
    if "subject" not in parts or "body" not in parts:
        raise NotifyError(Problem.TEMPLATE_INCOMPLETE, package=package, kind=kind)
    return Rendered(
        " ".join(parts["subject"].split()),
        parts["body"] + "\n",
        " ".join(parts.get("sms", "").split()) or None,
        locale,
    )


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
