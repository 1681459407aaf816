"""Build a random invoice with consistent sums and write its truth in the scorer's form."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from samples import fake

CENT = Decimal("0.01")
EPOCH = dt.date(2025, 6, 2)
KSEF_START = dt.date(2026, 2, 2)
RATES = {"23": Decimal("0.23"), "8": Decimal("0.08"), "5": Decimal("0.05"), "18": Decimal("0.18")}


def cents(value: Decimal) -> Decimal:
    """Round half up to whole cents, as invoicing programs do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    """One line item; net, VAT and gross are computed per row so they always add up."""

    name: str
    unit: str
    qty: Decimal
    price: Decimal
    rate: str

    @property
    def net(self) -> Decimal:
        """Return the row's net value."""
        return cents(self.qty * self.price)

    @property
    def vat(self) -> Decimal:
        """Return the row's VAT (zero for 0, zw and np)."""
        return cents(self.net * RATES.get(self.rate, Decimal(0)))

    @property
    def gross(self) -> Decimal:
        """Return the row's gross value."""
        return self.net + self.vat


@dataclass
class Invoice:
    """A synthetic invoice: parties, dates, rows; its totals follow from the rows."""

    lang: str
    number: str
    issue: dt.date
    sale: dt.date | None
    due: dt.date | None
    due_days: int | None
    seller: fake.Party
    buyer: fake.Party
    currency: str
    account: str | None
    rows: list[Row]
    correction_of: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """Return 'correction' or 'invoice'."""
        return "correction" if self.correction_of else "invoice"

    def breakdown(self) -> list[tuple[str, Decimal, Decimal]]:
        """Return (rate, net, vat) per rate in the order rates first appear."""
        sums: dict[str, list[Decimal]] = {}
        for row in self.rows:
            acc = sums.setdefault(row.rate, [Decimal(0), Decimal(0)])
            acc[0] += row.net
            acc[1] += row.vat
        return [(rate, net, vat) for rate, (net, vat) in sums.items()]

    @property
    def net(self) -> Decimal:
        """Return the net total."""
        return sum((r.net for r in self.rows), Decimal(0))

    @property
    def vat(self) -> Decimal:
        """Return the VAT total."""
        return sum((r.vat for r in self.rows), Decimal(0))

    @property
    def gross(self) -> Decimal:
        """Return the gross total."""
        return self.net + self.vat

    def truth(self, source: str, stem: str, layout: str) -> dict[str, Any]:
        """Return the truth JSON in the same form as shared/realworld/truth."""
        return {
            "source": source,
            "lang": {"il": "he"}.get(self.lang, self.lang),
            "origin": f"synthetic:samples.generate {stem} layout={layout}",
            "kind": self.kind,
            "invoice_number": self.number,
            "issue_date": self.issue.isoformat(),
            "sale_date": self.sale.isoformat() if self.sale else None,
            "due_date": self.due.isoformat() if self.due else None,
            "seller_name": self.seller.name,
            "seller_tax_id": self.seller.tax_id,
            "buyer_name": self.buyer.name,
            "buyer_tax_id": self.buyer.tax_id,
            "currency": self.currency,
            "net_total": f"{self.net:f}",
            "vat_total": f"{self.vat:f}",
            "gross_total": f"{self.gross:f}",
            "bank_account": self.account,
            "vat_breakdown": [
                {"rate": rate, "net": f"{net:f}", "vat": f"{vat:f}"}
                for rate, net, vat in self.breakdown()
            ],
        }


def invoice_number(rng: random.Random, day: dt.date, correction: bool) -> str:
    """Return an invoice number in one of the common Polish shapes."""
    n = rng.randint(1, 480)
    prefix = "FK" if correction else rng.choice(["FV", "F", "FA"])
    return rng.choice(
        [
            f"{prefix}/{day.year}/{day.month:02d}/{n:03d}",
            f"{n}/{day.month:02d}/{day.year}",
            f"{prefix} {n}/{day.year}",
            f"{prefix}/{n:05d}/{day.year % 100:02d}",
            f"{prefix}-{day.year}-{day.month:02d}-{n:04d}",
        ]
    )


def _dates(rng: random.Random, start: dt.date) -> tuple[dt.date, dt.date, int]:
    issue = start + dt.timedelta(days=rng.randint(0, 300))
    sale = issue - dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 5, 10]))
    return issue, sale, rng.choice([7, 14, 14, 21, 30])


def _rows(rng: random.Random, lang: str, count: int) -> list[Row]:
    rows = []
    for _ in range(count):
        if lang == "pl":
            name, unit, rate = rng.choice(fake.PL_ITEMS)
        elif lang == "en":
            (name, unit), rate = rng.choice(fake.EN_ITEMS), "23"
        else:
            (name, unit), rate = rng.choice(fake.HE_ITEMS), "18"
        qty = (
            Decimal(rng.choice([1, 1, 1, 2, 3, 5, 10, 12]))
            if unit not in ("godz.", "h")
            else (Decimal(rng.randint(2, 80)) / 2)
        )
        price = cents(Decimal(rng.randint(150, 480000)) / 100)
        rows.append(Row(name, unit, qty, price, rate))
    return rows


def random_invoice(
    rng: random.Random, lang: str, rows: int, correction: bool = False, start: dt.date = EPOCH
) -> Invoice:
    """Return a random invoice in 'pl', 'en' or 'il' with the given number of rows."""
    issue, sale, days = _dates(rng, start)
    if lang == "il":
        seller, buyer = fake.israeli_company(rng), fake.israeli_company(rng)
        account = fake.israeli_iban(rng) if rng.random() < 0.6 else None
        number = str(rng.randint(1000, 99999))
        inv = Invoice(
            lang,
            number,
            issue,
            None,
            issue + dt.timedelta(days=days),
            None,
            seller,
            buyer,
            "ILS",
            account,
            _rows(rng, lang, rows),
        )
    else:
        seller = fake.polish_company(rng)
        buyer = fake.polish_company(rng) if lang == "pl" else fake.german_company(rng)
        currency = "PLN" if lang == "pl" else rng.choice(["EUR", "EUR", "PLN"])
        number = invoice_number(rng, issue, correction)
        due_days = days if lang == "pl" and rng.random() < 0.35 else None
        inv = Invoice(
            lang,
            number,
            issue,
            sale,
            issue + dt.timedelta(days=days),
            due_days,
            seller,
            buyer,
            currency,
            fake.polish_iban(rng),
            _rows(rng, lang, rows),
        )
        if lang == "en" and buyer.country != "PL" and rng.random() < 0.6:
            for row in inv.rows:
                row.rate = "np"  # reverse charge: services to an EU business
    if correction:
        inv.correction_of = invoice_number(rng, issue - dt.timedelta(days=30), False)
        for row in inv.rows:
            row.qty = -row.qty
    return inv
