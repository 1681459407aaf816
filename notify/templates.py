"""Message texts, Polish first and English where the recipient's locale says so."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency

from notify.errors import NotifyError

logger = logging.getLogger(__name__)

LOCALES = ("pl", "en")


@dataclass(frozen=True)
class Template:
    """The subject, e-mail body and (optional) SMS text of one message, with {fields}."""

    subject: str
    body: str
    sms: str | None = None


@dataclass(frozen=True)
class Rendered:
    """A template filled in for one recipient."""

    subject: str
    body: str
    sms: str | None


TEMPLATES: dict[str, dict[str, Template]] = {
    "period_closed": {
        "pl": Template(
            subject="Otrzymaliśmy komplet dokumentów za {month}",
            body="Dzień dobry,\n\notrzymaliśmy komplet dokumentów firmy {company} za {month}. "
            "Dziękujemy! Rozliczenie przygotuje {accountant}.\n\n"
            "Status dokumentów: {portal_url}\n\n{office}\n",
        ),
        "en": Template(
            subject="We have received all documents for {month}",
            body="Hello,\n\nwe have received all documents of {company} for {month}. "
            "Thank you! {accountant} will prepare the settlement.\n\n"
            "Document status: {portal_url}\n\n{office}\n",
        ),
    },
    "task_created": {
        "pl": Template(
            subject="Nowe zadanie: {title}",
            body="Dzień dobry,\n\npojawiło się zadanie „{title}”{assigned}.\n"
            "Termin: {due}.\n\n{portal_url}\n",
        ),
        "en": Template(
            subject="New task: {title}",
            body="Hello,\n\na task appeared: “{title}”{assigned}.\nDue: {due}.\n\n{portal_url}\n",
        ),
    },
    "tax_due": {
        "pl": Template(
            subject="Podatki do zapłaty za {month}: {company}",
            body="Dzień dobry,\n\nrozliczyliśmy {month} dla firmy {company}. Do zapłaty:\n\n"
            "{amounts}\n\n{approval}Szczegóły w portalu: {portal_url}\n\n"
            "Pozdrawiam,\n{accountant}\n{office}\n",
            sms="{company} {month}: {amounts_short}. {approval_short}{accountant}, {office}",
        ),
        "en": Template(
            subject="Taxes due for {month}: {company}",
            body="Hello,\n\nwe have settled {month} for {company}. To pay:\n\n"
            "{amounts}\n\n{approval}Details in the portal: {portal_url}\n\n"
            "Kind regards,\n{accountant}\n{office}\n",
            sms="{company} {month}: {amounts_short}. {approval_short}{accountant}, {office}",
        ),
    },
    "sender_blocked": {
        "pl": Template(
            subject="Zablokowano nadawcę {sender} ({company})",
            body="Dzień dobry,\n\nadres {sender} wysyłał do skrzynki firmy {company} wiadomości "
            "z błędnym PIN-em i został zablokowany do {until}.\n"
            "Jeśli to klient, skontaktuj się z nim.\n\n{portal_url}\n",
        ),
        "en": Template(
            subject="Sender {sender} blocked ({company})",
            body="Hello,\n\n{sender} sent messages with a wrong PIN to the inbox of {company} "
            "and is blocked until {until}.\nIf this is a client, please get in touch.\n\n"
            "{portal_url}\n",
        ),
    },
}

TAX_LABELS = {
    "pl": {"VAT": "VAT", "PIT": "PIT (zaliczka)", "CIT": "CIT (zaliczka)", "ZUS": "ZUS"},
    "en": {"VAT": "VAT", "PIT": "PIT advance", "CIT": "CIT advance", "ZUS": "ZUS (social)"},
}
DUE_WORD = {"pl": "termin", "en": "due"}


def pick_locale(*candidates: str | None) -> str:
    """Return the first supported locale among the candidates, else Polish."""
    for candidate in candidates:
        if candidate and candidate[:2].lower() in LOCALES:
            return candidate[:2].lower()
    return "pl"


def render(kind: str, locale: str, **context: Any) -> Rendered:
    """Fill in a template for a locale; raise NotifyError when a field is missing."""
    try:
        template = TEMPLATES[kind][pick_locale(locale)]
    except KeyError:
        raise NotifyError(f"no message template {kind!r}") from None
    try:
        return Rendered(
            subject=template.subject.format(**context),
            body=template.body.format(**context),
            sms=template.sms.format(**context) if template.sms else None,
        )
    except KeyError as e:
        raise NotifyError(f"template {kind!r} needs {e.args[0]!r}") from None


def format_money(amount: Decimal, locale: str, currency: str = "PLN") -> str:
    """Return an amount as people of a locale write it ('1 234,56 zł'), plain spaces."""
    text = format_currency(amount, currency, locale="pl_PL" if locale == "pl" else "en_GB")
    return text.replace("\xa0", " ").replace("\u202f", " ")


def format_day(day: dt.date, locale: str) -> str:
    """Return a date as '20.11.2026' (Polish) or '2026-11-20'."""
    return day.strftime("%d.%m.%Y") if locale == "pl" else day.isoformat()


def format_month(month: str) -> str:
    """Return 'YYYY-MM' as '10/2026', the way Polish offices name a month."""
    year, mon = month.split("-")
    return f"{mon}/{year}"


def amounts_lines(
    amounts: dict[str, Decimal], due_dates: dict[str, dt.date], locale: str
) -> tuple[str, str]:
    """Return the amounts as e-mail lines and as one short SMS phrase."""
    labels, due_word = TAX_LABELS[locale], DUE_WORD[locale]
    lines, short = [], []
    for code, amount in amounts.items():
        money, due = format_money(amount, locale), due_dates.get(code)
        when = f" ({due_word} {format_day(due, locale)})" if due else ""
        lines.append(f"  {labels.get(code, code)}: {money}{when}")
        by = (f" do {due:%d.%m}" if locale == "pl" else f" by {due:%d %b}") if due else ""
        short.append(f"{code} {money}{by}")
    return "\n".join(lines), ", ".join(short)
