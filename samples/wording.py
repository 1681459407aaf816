"""Print labels, dates and amounts the ways Polish, English and Israeli invoices do."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

PL_MONTHS = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
]

LABELS = {
    "pl": {
        "title": ["Faktura VAT nr", "Faktura nr", "FAKTURA VAT Nr"],
        "correction": ["Faktura korygująca nr", "FAKTURA KORYGUJĄCA Nr"],
        "corrects": "Dotyczy faktury nr",
        "issue": ["Data wystawienia"],
        "sale": ["Data sprzedaży", "Data dostawy/wykonania usługi", "Data dokonania dostawy"],
        "due": ["Termin płatności"],
        "place": "Miejsce wystawienia",
        "seller": ["Sprzedawca", "Sprzedawca:", "SPRZEDAWCA"],
        "buyer": ["Nabywca", "Nabywca:", "NABYWCA"],
        "tax_id": ["NIP:", "NIP"],
        "cols": [
            "Lp.",
            "Nazwa towaru lub usługi",
            "J.m.",
            "Ilość",
            "Cena netto",
            "Wartość netto",
            "VAT",
            "Kwota VAT",
            "Wartość brutto",
        ],
        "summary": ["Stawka VAT", "Wartość netto", "Kwota VAT", "Wartość brutto"],
        "total": ["Razem", "RAZEM"],
        "pay": ["Do zapłaty:", "DO ZAPŁATY:", "Razem do zapłaty:"],
        "refund": ["Do zwrotu:"],
        "bank": ["Nr konta:", "Rachunek bankowy:", "Numer rachunku:", "Konto:"],
        "method": "Sposób płatności: przelew",
        "days": "{n} dni",
        "page": "Strona {p}",
    },
    "en": {
        "title": ["INVOICE No.", "VAT Invoice", "Invoice"],
        "correction": ["Credit note No.", "CORRECTIVE INVOICE"],
        "corrects": "Corrects invoice",
        "issue": ["Invoice date", "Date of issue", "Issue date"],
        "sale": ["Date of supply", "Delivery date"],
        "due": ["Due date", "Payment due"],
        "place": "Place of issue",
        "seller": ["Seller", "Supplier", "From"],
        "buyer": ["Buyer", "Bill to", "Customer"],
        "tax_id": ["VAT ID:", "VAT No.:", "Tax ID:"],
        "cols": [
            "No.",
            "Description",
            "Unit",
            "Qty",
            "Unit price",
            "Net amount",
            "VAT",
            "VAT amount",
            "Gross amount",
        ],
        "summary": ["VAT rate", "Net", "VAT", "Gross"],
        "total": ["Total", "TOTAL"],
        "pay": ["Total due:", "Amount due:", "Balance due:"],
        "refund": ["Amount credited:"],
        "bank": ["IBAN:", "Bank account:"],
        "method": "Payment: bank transfer",
        "days": "{n} days",
        "page": "Page {p}",
    },
    "il": {
        "title": ["חשבונית מס מספר", "חשבונית מס"],
        "correction": ["חשבונית זיכוי מספר"],
        "corrects": "מתייחס לחשבונית",
        "issue": ["תאריך", "תאריך הפקה"],
        "sale": ["תאריך אספקה"],
        "due": ["לתשלום עד", "תאריך פירעון"],
        "place": "מקום",
        "seller": ["פרטי העסק"],
        "buyer": ["לכבוד"],
        "tax_id": ["עוסק מורשה", "ח.פ.", "ע.מ."],
        "cols": ["#", "תיאור", "יחידה", "כמות", "מחיר", 'סה"כ', 'מע"מ', 'מע"מ', 'סה"כ כולל'],
        "summary": ["שיעור", 'סה"כ לפני מע"מ', 'מע"מ', 'סה"כ'],
        "total": ['סה"כ'],
        "pay": ['סה"כ לתשלום:'],
        "refund": ['סה"כ זיכוי:'],
        "bank": ["חשבון בנק:", "IBAN:"],
        "method": "אמצעי תשלום: העברה בנקאית",
        "days": "{n} ימים",
        "page": "עמוד {p}",
    },
}


class Wording:
    """Chosen once per invoice: which label variants and number and date formats it uses."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        """Pick one variant of every label and format."""
        self.lang = lang
        self.pick = {
            k: rng.choice(v)
            if isinstance(v, list) and isinstance(v[0], str) and k not in ("cols", "summary")
            else v
            for k, v in LABELS[lang].items()
        }
        self.date_style = rng.randrange(4)
        self.money_style = rng.randrange(3)
        self.currency_style = rng.randrange(2)

    def __getitem__(self, key: str):
        """Return the chosen label for key."""
        return self.pick[key]

    def date(self, day: dt.date) -> str:
        """Print a date in this invoice's format."""
        if self.lang == "il":
            return day.strftime(["%d/%m/%Y", "%d.%m.%Y", "%d/%m/%Y", "%d/%m/%Y"][self.date_style])
        if self.lang == "en":
            return [
                f"{day.day} {day:%B %Y}",
                day.isoformat(),
                day.strftime("%d.%m.%Y"),
                f"{day.day} {day:%b %Y}",
            ][self.date_style]
        return [
            day.isoformat(),
            day.strftime("%d.%m.%Y"),
            day.strftime("%d-%m-%Y"),
            f"{day.day} {PL_MONTHS[day.month - 1]} {day.year}",
        ][self.date_style]

    def number(self, value: Decimal) -> str:
        """Print an amount without currency ('1 234,56', '1,234.56')."""
        sign = "-" if value < 0 else ""
        whole, frac = f"{abs(value):.2f}".split(".")
        groups = f"{int(whole):,}"
        if self.lang != "pl":
            return f"{sign}{groups}.{frac}"
        sep = [" ", "", "."][self.money_style]
        return f"{sign}{groups.replace(',', sep)},{frac}"

    def money(self, value: Decimal, currency: str) -> str:
        """Print an amount with its currency the way this invoice does."""
        text = self.number(value)
        if currency == "PLN":
            return f"{text} {'zł' if self.currency_style else 'PLN'}"
        if currency == "ILS":
            return f"{text} ₪" if self.currency_style else f'{text} ש"ח'
        if currency == "EUR" and self.currency_style:
            return f"€{text}" if self.lang == "en" else f"{text} €"
        return f"{text} {currency}"

    def rate(self, rate: str) -> str:
        """Print a VAT rate ('23%', 'zw', 'np')."""
        return f"{rate}%" if rate[0].isdigit() else rate

    def qty(self, value: Decimal) -> str:
        """Print a quantity."""
        text = f"{value.normalize():f}"
        return text.replace(".", ",") if self.lang == "pl" else text
