"""Polish first, English available: message catalogue and locale choice.

Messages are keyed by their English text; a missing Polish entry falls back to English.
Dates and numbers are formatted with Babel in the chosen locale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import Flask, g, request, session
from flask_login import current_user

LOCALES = ("pl", "en")

PL = {
    "Log in": "Zaloguj się",
    "Log out": "Wyloguj",
    "E-mail": "E-mail",
    "Password": "Hasło",
    "Wrong e-mail or password.": "Nieprawidłowy e-mail lub hasło.",
    "Too many attempts. Wait a minute and try again.": (
        "Zbyt wiele prób. Odczekaj minutę i spróbuj ponownie."
    ),
    "Not found.": "Nie znaleziono.",
    "File storage is not available right now. Nothing was saved; try again in a moment.": (
        "Magazyn plików jest chwilowo niedostępny. Nic nie zapisano; spróbuj za chwilę."
    ),
    "Documents": "Dokumenty",
    "Your documents": "Twoje dokumenty",
    "Upload invoices": "Wyślij faktury",
    "Choose files or drop them here": "Wybierz pliki lub upuść je tutaj",
    "Send": "Wyślij",
    "Month": "Miesiąc",
    "from the document": "z dokumentu",
    "File": "Plik",
    "Status": "Status",
    "Received": "Data przyjęcia",
    "Company": "Firma",
    "Source": "Źródło",
    "Number": "Numer",
    "Gross": "Brutto",
    "Seller": "Sprzedawca",
    "No documents yet.": "Brak dokumentów.",
    "Review queue": "Kolejka do weryfikacji",
    "All statuses": "Wszystkie statusy",
    "All companies": "Wszystkie firmy",
    "Filter": "Filtruj",
    "Fields": "Dane",
    "Text read from the document": "Tekst odczytany z dokumentu",
    "History": "Historia",
    "Approve": "Zatwierdź",
    "Reject": "Odrzuć",
    "Reason": "Powód",
    "Problems": "Problemy",
    "Back": "Wróć",
    "Uploaded": "Przesłano",
    "Upload failed": "Wysyłanie nie powiodło się",
    "Office": "Biuro",
    "Companies": "Firmy",
    "Accountant": "Księgowy",
    "Inbox address": "Adres skrzynki",
    "Deadline day": "Dzień terminu",
    "Users": "Użytkownicy",
    "Role": "Rola",
    "Saved.": "Zapisano.",
    "Duplicate of document": "Duplikat dokumentu",
    "Document approved.": "Dokument zatwierdzony.",
    "Document rejected.": "Dokument odrzucony.",
    "Open": "Otwórz",
    "Download": "Pobierz",
    "Language": "Język",
    "received": "przyjęty",
    "processing": "w trakcie odczytu",
    "extracted": "odczytany",
    "needs_review": "do weryfikacji",
    "rejected": "odrzucony",
    "failed": "błąd",
    "approved": "zatwierdzony",
    "duplicate": "duplikat",
    "Months": "Miesiące",
    "Deadline": "Termin",
    "period_open": "otwarty",
    "period_confirmed": "potwierdzony, w trakcie",
    "period_closed": "dokumenty dostarczone",
    "reopened": "otwierany ponownie",
    "All documents for this month sent": "Wszystkie dokumenty za ten miesiąc wysłane",
    "Thank you: all documents for %(month)s are marked as sent.": (
        "Dziękujemy: wszystkie dokumenty za %(month)s oznaczono jako wysłane."
    ),
    "Change month": "Zmień miesiąc",
    "Late documents": "Spóźnione dokumenty",
    "Show": "Pokaż",
    "On time": "W terminie",
    "Late": "Po terminie",
    "After closing": "Po zamknięciu",
    "Recalculations": "Przeliczenia",
    "Confirmed": "Potwierdzono",
    "Review wait (h, avg / max)": "Czas weryfikacji (h, śr. / maks.)",
    "Late months of 6": "Miesiące spóźnione (z 6)",
    "Nothing changed.": "Bez zmian.",
    "The document will be read again.": "Dokument zostanie odczytany ponownie.",
    "Read again": "Odczytaj ponownie",
    "Save corrections": "Zapisz poprawki",
    "corrected by a person": "poprawione ręcznie",
    "VAT rate": "Stawka VAT",
    "Net": "Netto",
    "kind": "rodzaj",
    "invoice_number": "numer faktury",
    "issue_date": "data wystawienia",
    "sale_date": "data sprzedaży",
    "due_date": "termin płatności",
    "seller_name": "sprzedawca",
    "seller_tax_id": "NIP sprzedawcy",
    "buyer_name": "nabywca",
    "buyer_tax_id": "NIP nabywcy",
    "currency": "waluta",
    "net_total": "netto",
    "vat_total": "VAT",
    "gross_total": "brutto",
    "bank_account": "rachunek bankowy",
    "Phone": "Telefon",
    "Take a photo of an invoice": "Zrób zdjęcie faktury",
    "Photos are sent as soon as you take them.": "Zdjęcia wysyłamy od razu po zrobieniu.",
    "Tasks": "Zadania",
    "Task": "Zadanie",
    "Due": "Termin",
    "Assigned to": "Przypisane do",
    "nobody": "nikt",
    "No tasks.": "Brak zadań.",
    "Open only": "Tylko otwarte",
    "Show done too": "Pokaż też wykonane",
    "task_open": "otwarte",
    "task_done": "wykonane",
    "task_cancelled": "anulowane",
    "Amounts the client owes": "Kwoty do zapłaty przez klienta",
    "Empty due dates: the statutory days.": (
        "Puste terminy: terminy ustawowe (VAT 25., PIT/CIT/ZUS 20. dnia następnego miesiąca)."
    ),
    "Note": "Uwaga",
    "Done": "Wykonane",
    "tell the client": "powiadom klienta",
    "Client approval": "Akceptacja klienta",
    "waiting": "oczekuje",
    "Task done; the client has been told.": "Zadanie wykonane; klient został powiadomiony.",
    "Amounts to approve": "Kwoty do akceptacji",
    "Approved": "Zaakceptowano",
    "I approve these amounts": "Akceptuję te kwoty",
    "Thank you: the amounts are approved.": "Dziękujemy: kwoty zaakceptowane.",
    "Taxes to pay": "Podatki do zapłaty",
    "Tax": "Podatek",
    "Amount": "Kwota",
    "Messages from the office": "Wiadomości z biura",
    "Overdue tasks": "Zaległe zadania",
    "Messages that could not be handled": "Wiadomości, których nie udało się obsłużyć",
    "Sender": "Nadawca",
    "Subject": "Temat",
    "Problem": "Problem",
    "Try again": "Spróbuj ponownie",
    "The message will be read again on the next pass.": (
        "Wiadomość zostanie odczytana ponownie przy następnym sprawdzeniu skrzynki."
    ),
    "No e-mail yet.": "Brak wiadomości.",
    "Documents are due by this day of the next month": (
        "Dokumenty należy dostarczyć do tego dnia następnego miesiąca"
    ),
    "Save deadlines": "Zapisz terminy",
    "A deadline day is a number.": "Dzień terminu to liczba.",
    "Nothing waits for review.": "Nic nie czeka na weryfikację.",
    "Add a company": "Dodaj firmę",
    "Add a user": "Dodaj użytkownika",
    "Inbox code": "Kod skrzynki",
    "Contact": "Kontakt",
    "Name": "Imię i nazwisko",
    "Add": "Dodaj",
    "Company added.": "Firma dodana.",
    "User added.": "Użytkownik dodany.",
    "client": "klient",
    "staff": "księgowy",
    "owner": "właściciel",
    "portal": "portal",
    "mobile": "telefon",
    "email": "e-mail",
    "cli": "operator",
}
EN = {
    "period_open": "open",
    "period_confirmed": "confirmed, in progress",
    "period_closed": "documents delivered",
    "task_open": "open",
    "task_done": "done",
    "task_cancelled": "cancelled",
}
CATALOGUE = {"pl": PL, "en": EN}


def get_locale() -> str:
    """Return the request's locale: chosen in the session, else the user's, else Polish."""
    if "locale" in g:
        return g.locale
    chosen = session.get("locale")
    if chosen not in LOCALES and current_user and getattr(current_user, "locale", None):
        chosen = current_user.locale
    if chosen not in LOCALES:
        chosen = "pl"
    g.locale = chosen
    return chosen


def _(message: str) -> str:
    """Translate a message into the request's locale."""
    return CATALOGUE.get(get_locale(), {}).get(message, message)


def money(value: object) -> str:
    """Format an amount for the locale ('1 234,56')."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value) if value is not None else ""
    return format_decimal(number, format="#,##0.00", locale=get_locale())


def date(value: object) -> str:
    """Format a date or a datetime for the locale."""
    if isinstance(value, dt.datetime):
        return format_datetime(value, format="short", locale=get_locale())
    if isinstance(value, dt.date):
        return format_date(value, format="medium", locale=get_locale())
    if isinstance(value, str) and value:
        try:
            return format_date(dt.date.fromisoformat(value), format="medium", locale=get_locale())
        except ValueError:
            return value
    return ""


def init_app(app: Flask) -> None:
    """Expose _, money and date to templates and let ?lang= switch the language."""
    app.jinja_env.globals.update(_=_, get_locale=get_locale, today=dt.date.today)
    app.jinja_env.filters.update(money=money, date=date)

    @app.before_request
    def _switch_language() -> None:
        lang = request.args.get("lang")
        if lang in LOCALES:
            session["locale"] = lang
