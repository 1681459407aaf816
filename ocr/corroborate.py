"""Confidence that means something: a field is marked sure only when another reading backs it.

OCR's own word confidence says little about whether a digit is right. What does is a
second, independent reading that agrees: the totals adding up with the VAT summary and
its rates, a checksum passing, a sale date equal to the issue date, an explicit due date
that is the issue date plus the stated term, an invoice number printed twice alike. Such
fields are raised to SURE (>= 0.9: nobody need check them); the others keep what the
reading gave them, which for OCR is below 0.9. A field a check failed, or one mended from
a failed checksum, is never raised.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from stdnum.eu import vat as eu_vat
from stdnum.il import hp as il_hp
from stdnum.il import idnr as il_idnr
from stdnum.pl import nip as pl_nip

from ocr.amounts import find_amounts, find_currencies
from ocr.dates import (
    DAY_MONTH_YEAR,
    MONTH_DAY_YEAR,
    NUMERIC_DMY,
    NUMERIC_YMD,
    _variants,
    month_number,
)
from ocr.errors import Problem, Reason
from ocr.model import InvoiceFields
from ocr.tax_ids import iban_is_valid

Mark = Callable[..., None]
Ok = Callable[[str], bool]
SURE = 0.95
SUREST = 0.97  # amounts that agree three ways
BASE = 0.65  # a field below this was doubted by a check or mended: never raised
LABELLED = 0.8  # totals found under their labels and adding up (0.95 x the OCR scale)
LABELLED_CURRENCY = 0.85  # a currency beside its label ('Waluta: EUR'), even from OCR
CENT = Decimal("0.01")
COMMON_TERMS = frozenset({0, 3, 5, 7, 10, 14, 21, 28, 30, 35, 45, 60, 90})
STANDARD_RATES = (Decimal(23), Decimal(8), Decimal(5))
PAST = dt.timedelta(days=3 * 366)  # an invoice older than this is unusual: not sure
AHEAD = dt.timedelta(days=60)
SALE_BEFORE = dt.timedelta(days=62)  # an invoice is issued by the 15th of the next month
DUE_AFTER = dt.timedelta(days=120)
MENDED = 0.6  # a mended date: used, but a person compares it
ANCHOR = 0.55  # the other dates must be read at least this surely to mend one by them
# A date written with a part over 12 (or a month name) tells the order of day and month.
SLASHED = re.compile(r"(?<![\d./-])(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d\d)(?![\d./-])")


def corroborate(
    fields: InvoiceFields,
    conf: dict[str, float],
    text: str,
    *,
    order_known: bool,
    due_from_term: int | None,
    stated_term: int | None,
    lines: dict[str, int] | None = None,
    today: dt.date | None = None,
    hebrew: bool = False,
) -> list[str]:
    """Raise the confidence of the fields other readings back; return their names.

    order_known: the document's dates cannot be read month-first by mistake (a Polish or
    Hebrew document, or one with a date whose day is over 12). due_from_term: the due date
    was computed from a term of that many days, not read. stated_term: a term in days the
    document states anywhere. hebrew: an Israeli document, whose 9-digit tax ids are
    Israeli ones (their check digit catches any one digit misread).
    """
    today = today or dt.date.today()
    raised: list[str] = []

    def ok(name: str) -> bool:
        return getattr(fields, name) is not None and conf.get(name, 0.0) > BASE

    def mark(name: str, value: float = SURE) -> None:
        if ok(name) and conf[name] < value:
            conf[name] = value
            raised.append(name)

    if conf.get("kind", 0.0) >= 0.8 * 0.9 and fields.kind is not None:
        mark("kind")  # named by its title
    if conf.get("currency", 0.0) >= LABELLED_CURRENCY or (
        conf.get("currency", 0.0) >= 0.8 and _named_currencies(text) == {fields.currency}
    ):
        mark("currency")  # by its label, or named more than once and no other named
    _amounts(fields, conf, mark, ok, lines or {})
    for name in ("seller_tax_id", "buyer_tax_id"):
        value = getattr(fields, name)
        checked = _own_checksum(value, hebrew) or _country_checksum(value, text)
        if checked and conf.get(name, 0.0) >= LABELLED:  # labelled, not guessed
            mark(name)
    if conf.get("gross_total", 0.0) >= SURE and _currency_by_total(fields, text):
        mark("currency")
    if fields.bank_account and iban_is_valid(fields.bank_account):
        mark("bank_account")
    _dates(fields, mark, ok, order_known, due_from_term, stated_term, today)
    number = fields.invoice_number
    if number and ok("invoice_number") and _printed_twice(number, text):
        mark("invoice_number")
    return raised


def _own_checksum(value: str | None, hebrew: bool) -> bool:
    """Tell whether a tax id passes the checksum of the one scheme it can be under.

    A Polish NIP (10 digits), or on an Israeli document a company number or an identity
    number (9 digits). An EU VAT number without its country passes one of many schemes'
    checks by chance too often to be backed by it.
    """
    if not value or not value.isdigit():
        return False
    if len(value) == 10:
        return bool(pl_nip.is_valid(value))
    return hebrew and len(value) == 9 and bool(il_hp.is_valid(value) or il_idnr.is_valid(value))


def _country_checksum(value: str | None, text: str) -> bool:
    """Tell whether a tax id is printed after its country's code and passes that country's
    VAT number check ('VAT ID: DE 663987889')."""
    if not value:
        return False
    squashed = re.sub(r"[\s\-.]", "", text)
    for m in re.finditer(r"([A-Z]{2})" + re.escape(value) + r"(?!\d)", squashed):
        country = m[1].lower()
        if country in eu_vat.MEMBER_STATES and eu_vat.is_valid(m[1] + value):
            return True
    return False


def _currency_by_total(fields: InvoiceFields, text: str) -> bool:
    """Tell whether the currency is named on the gross total's own line and no other is
    named."""
    code, gross = fields.currency, fields.gross_total
    on_total = any(
        code in find_currencies(line) and any(a.value == gross for a in find_amounts(line))
        for line in text.splitlines()
    )
    return on_total and _named_currencies(text) == {code}


def _named_currencies(text: str) -> set[str]:
    """Return the currencies a text names, a lone '$' (often an OCR'd 5 or S) aside: more
    than one on an OCR'd page may be symbols read off a garbled one ('€' for an upturned 3).
    """
    named: set[str] = set()
    for line in text.splitlines():
        named |= {c for c in find_currencies(line) if c != "USD" or "USD" in line.upper()}
    return named


def _amounts(
    fields: InvoiceFields, conf: dict[str, float], mark: Mark, ok: Ok, lines: dict[str, int]
) -> None:
    """Totals that add up and agree with a VAT summary whose rows agree with their rates.

    The net and the VAT need not stand under labels of their own when the gross does and
    a summary row's VAT is its net at its rate to the cent: a misread digit would break
    one of those sums.
    """
    net, vat, gross = fields.net_total, fields.vat_total, fields.gross_total
    if not (ok("net_total") and ok("vat_total") and ok("gross_total")):
        return
    rows = fields.vat_breakdown or []
    taxed = ok("vat_breakdown") and any(r.rate.isdigit() and r.vat != 0 for r in rows)
    labelled = min(conf["net_total"], conf["gross_total"]) >= LABELLED
    if not labelled and not (taxed and conf["gross_total"] >= LABELLED):
        return  # totals not under their labels may be a row's figures
    assert net is not None and vat is not None and gross is not None
    if abs(net + vat - gross) > CENT:
        return
    if rows and ok("vat_breakdown"):
        if abs(sum((r.net for r in rows), Decimal(0)) - net) > CENT:
            return
        if abs(sum((r.vat for r in rows), Decimal(0)) - vat) > CENT * len(rows):
            return
        for row in rows:
            if row.rate.isdigit():
                expected = (row.net * Decimal(row.rate) / 100).quantize(CENT)
                if abs(expected - row.vat) > CENT * max(1, lines.get(row.rate, 1) - 1):
                    return
            elif row.vat != 0:  # exempt, 'np', 'oo' rows carry no VAT
                return
        if any(row.net != 0 for row in rows):
            for name in ("net_total", "vat_total", "gross_total", "vat_breakdown"):
                mark(name, SUREST)
        return
    if rows or net <= 0 or not labelled:
        return
    # No summary: VAT must be one standard rate of the net, to the cent.
    if any((net * rate / 100).quantize(CENT) == vat for rate in STANDARD_RATES):
        for name in ("net_total", "vat_total", "gross_total"):
            mark(name)


def _dates(
    fields: InvoiceFields,
    mark: Mark,
    ok: Ok,
    order_known: bool,
    due_from_term: int | None,
    stated_term: int | None,
    today: dt.date,
) -> None:
    """Issue, sale and due dates that agree with each other and with the stated term."""
    issue, sale, due = fields.issue_date, fields.sale_date, fields.due_date
    if issue is None or not ok("issue_date") or not order_known:
        return
    if not today - PAST <= issue <= today + AHEAD:
        return
    backed = False
    if sale is not None and ok("sale_date") and sale == issue:
        backed = True
    if due is not None and ok("due_date") and due_from_term is None:
        days = (due - issue).days
        if (stated_term is not None and days == stated_term) or (
            stated_term is None and days in COMMON_TERMS and days > 0
        ):
            backed = True
    if not backed:
        return
    mark("issue_date")
    if sale is not None and sale == issue:
        mark("sale_date")
    if due is not None:
        days = (due - issue).days
        if due_from_term is not None:
            if due_from_term == days and due_from_term in COMMON_TERMS:
                mark("due_date")
        elif (stated_term is not None and days == stated_term) or (
            stated_term is None and days in COMMON_TERMS and days > 0
        ):
            mark("due_date")


def _printed_twice(number: str, text: str) -> bool:
    """Tell whether the number stands at least twice in the text, as a whole token."""
    pattern = re.compile(r"(?<![\w/\-])" + re.escape(number) + r"(?![\w/\-])")
    return len(pattern.findall(text)) >= 2


def order_known(text: str, day_first: bool, polish: bool, hebrew: bool) -> bool:
    """Tell whether the dates were read in the order the document writes them.

    A date with a part over 12 shows the order; so do dates that all name their month ('24
    December 2025') or put the year first ('2026-01-08': no one writes year, day, month);
    a Polish or Hebrew document writes the day first. Without any, or where they disagree
    with day_first, no date is sure.
    """
    firsts = seconds = 0
    for m in SLASHED.finditer(text):
        first, second = int(m[1]), int(m[2])
        if max(first, second) > 31 or min(first, second) > 12 or 0 in (first, second):
            continue  # no date: a tax id's or a phone number's digits
        firsts += first > 12
        seconds += second > 12
    if firsts and seconds:
        return False
    if firsts or seconds:
        return day_first == bool(firsts)
    if _unswappable(text):
        return True
    return (polish or hebrew) and day_first


def _unswappable(text: str) -> bool:
    """Tell whether the text's dates name their months or put the year first, and none is
    written in figures whose day and month could be swapped ('03.04.2025', '3/4/25')."""
    for m in NUMERIC_DMY.finditer(text):
        if min(int(m[1]), int(m[3])) >= 1 and max(int(m[1]), int(m[3])) <= 12:
            return False
    named = [month_number(m[2]) for m in DAY_MONTH_YEAR.finditer(text)]
    named += [month_number(m[1]) for m in MONTH_DAY_YEAR.finditer(text)]
    return any(named) or NUMERIC_YMD.search(text) is not None


def mend_dates(
    fields: InvoiceFields,
    conf: dict[str, float],
    stated_term: int | None,
    today: dt.date | None = None,
) -> list[Problem]:
    """Mend a date OCR misread by one digit, when the other dates show which it was.

    Dates out of their usual order (a sale after the issue, a due date before it, an issue
    date years away from today: '2049') are tried with one digit swapped for one OCR
    confuses it with (0/8/6/9, 1/7, 5/6, 3/8). A single mended date that puts them in
    order and agrees with another (sale = issue, due = issue + the stated term, a common
    term) is used, less sure, and the person is told.
    """
    today = today or dt.date.today()
    if _in_order(fields, today):
        return []
    found: dict[tuple[str, dt.date, dt.date], int] = {}
    names = ("issue_date", "sale_date", "due_date")
    for name in names:
        value = getattr(fields, name)
        others = [conf.get(n, 0.0) for n in names if n != name and getattr(fields, n)]
        if value is None or min(others, default=0.0) < ANCHOR:
            continue  # mended only against dates read well (not guessed or repaired)
        for _, variant in _variants(value.isoformat(), 1):
            try:
                day = dt.date.fromisoformat(variant)
            except ValueError:
                continue
            trial = copy.copy(fields)
            setattr(trial, name, day)
            backing = _backed(trial, stated_term)
            if _in_order(trial, today) and backing:
                found[(name, value, day)] = backing
    best = max(found.values(), default=0)
    winners = [key for key, backing in found.items() if backing == best]
    if len(winners) != 1:  # two mendings fit as well: a person decides
        return []
    [(name, read, fixed)] = winners
    setattr(fields, name, fixed)
    conf[name] = min(conf.get(name, MENDED), MENDED)
    return [Problem(Reason.DATE_REPAIRED, {"read": read.isoformat(), "fixed": fixed.isoformat()})]


def _in_order(fields: InvoiceFields, today: dt.date) -> bool:
    issue, sale, due = fields.issue_date, fields.sale_date, fields.due_date
    if issue is None:
        return True
    if not today - 2 * PAST <= issue <= today + AHEAD:
        return False
    if sale is not None and not issue - SALE_BEFORE <= sale <= issue:
        return False
    return due is None or issue <= due <= issue + DUE_AFTER


def _backed(fields: InvoiceFields, stated_term: int | None) -> int:
    """Count the other readings that agree with the issue date (0: none)."""
    issue, sale, due = fields.issue_date, fields.sale_date, fields.due_date
    if issue is None:
        return 0
    count = int(sale is not None and sale == issue)
    if due is not None:
        days = (due - issue).days
        count += days == stated_term if stated_term is not None else days in COMMON_TERMS
    return count
