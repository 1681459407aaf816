"""Short answers to senders, in Polish and English, published for notify/ to send."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from intake import events

REASONS = {
    "missing_pin": (
        "Nie znaleźliśmy PIN-u firmy. Wpisz go w temacie, np. [1234] lub PIN 1234, "
        "i wyślij wiadomość jeszcze raz.",
        "We found no company PIN. Write it in the subject, e.g. [1234] or PIN 1234, "
        "and send the message again.",
    ),
    "wrong_pin": (
        "PIN w wiadomości nie pasuje do firmy. Sprawdź go i wyślij wiadomość jeszcze raz.",
        "The PIN in the message does not match the company. Check it and send again.",
    ),
    "no_pin_set": (
        "Ten adres nie przyjmuje jeszcze dokumentów (firma nie ma PIN-u). Skontaktuj się z biurem.",
        "This address does not take documents yet (the company has no PIN). Ask the office.",
    ),
    "blocked": (
        "Zbyt wiele błędnych PIN-ów. Wiadomości od Ciebie są wstrzymane do {until} UTC.",
        "Too many wrong PINs. Messages from you are held until {until} UTC.",
    ),
    "too_large": (
        "Wiadomość jest za duża ({size} MB). Wyślij dokumenty w kilku wiadomościach.",
        "The message is too large ({size} MB). Send the documents in several messages.",
    ),
    "refused": (
        "Dokumenty przyjęte: {taken}. Nie przyjęliśmy tych plików:\n{files}",
        "Documents taken: {taken}. These files were not taken:\n{files}",
    ),
    "no_month": (
        "Nie wiemy, którego miesiąca dotyczy potwierdzenie. Napisz np. "
        "'komplet dokumentów 10/2026'.",
        "We cannot tell which month you confirm. Write e.g. 'all documents 10/2026'.",
    ),
}


@dataclass(frozen=True)
class Reply:
    """An answer to one sender about one message."""

    to: str
    subject: str
    body: str
    in_reply_to: str | None


def compose(reason: str, to: str, subject: str, in_reply_to: str | None, **values: object) -> Reply:
    """Write the answer for a reason code, both languages in one short body."""
    polish, english = REASONS[reason]
    until = values.get("until")
    if isinstance(until, dt.datetime):
        values["until"] = until.strftime("%Y-%m-%d %H:%M")
    body = f"{polish.format(**values)}\n\n{english.format(**values)}\n\n-- \nIntake\n"
    subject = subject.strip() or "(bez tematu)"
    if not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    return Reply(to, subject[:250], body, in_reply_to)


def publish(office_id: int | None, reply: Reply) -> None:
    """Hand a reply to notify/ through the event bus (inbox never imports notify)."""
    if office_id is None:
        return
    events.publish(
        events.REPLY_TO_SENDER,
        office_id=office_id,
        to=reply.to,
        subject=reply.subject,
        body=reply.body,
        in_reply_to=reply.in_reply_to,
    )
