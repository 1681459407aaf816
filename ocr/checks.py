"""Check the fields read: checksums, sums, rates and dates; list what fails, lower confidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from stdnum import iban as std_iban
from stdnum.eu import vat as eu_vat
from stdnum.il import hp as il_hp
from stdnum.il import idnr as il_idnr
from stdnum.pl import nip as pl_nip

from ocr.model import InvoiceFields

CENT = Decimal("0.01")
UNSURE = 0.4  # the confidence of a field that fails its check
KEY_FIELDS = ("invoice_number", "issue_date", "gross_total", "seller_tax_id")
LABELS = {
    "invoice_number": "the invoice number",
    "issue_date": "the issue date",
    "gross_total": "the total to pay",
    "seller_tax_id": "the seller's tax id",
}


def tax_id_is_valid(value: str) -> bool:
    """Tell whether a tax id in normal form passes any checksum it could be under."""
    if len(value) == 10 and value.isdigit() and pl_nip.is_valid(value):
        return True
    if len(value) == 9 and value.isdigit() and (il_hp.is_valid(value) or il_idnr.is_valid(value)):
        return True
    return any(eu_vat.is_valid(country.upper() + value) for country in eu_vat.MEMBER_STATES)


def check(
    fields: InvoiceFields, confidence: dict[str, float], lines: dict[str, int] | None = None
) -> list[str]:
    """Return the failed checks for a person; cap the confidence of fields that fail.

    lines counts the invoice lines per rate: a summary row's VAT may be off by a cent a line.
    """
    problems: list[str] = []

    def fail(name: str, message: str) -> None:
        problems.append(message)
        confidence[name] = min(confidence.get(name, UNSURE), UNSURE)

    for name, who in (("seller_tax_id", "seller"), ("buyer_tax_id", "buyer")):
        value = getattr(fields, name)
        if value and not tax_id_is_valid(value):
            fail(name, f"the {who}'s tax id {value} fails its checksum")
    if fields.bank_account and not std_iban.is_valid(fields.bank_account):
        fail("bank_account", f"the bank account {fields.bank_account} fails the IBAN checksum")
    _check_sums(fields, fail, lines or {})
    _check_dates(fields, fail)
    for name in KEY_FIELDS:
        if getattr(fields, name) is None:
            problems.append(f"{LABELS[name]} was not found")
    return problems


def _check_sums(
    fields: InvoiceFields, fail: Callable[[str, str], None], lines: dict[str, int]
) -> None:
    net, vat, gross = fields.net_total, fields.vat_total, fields.gross_total
    if net is not None and vat is not None and gross is not None and abs(net + vat - gross) > CENT:
        for name in ("net_total", "vat_total", "gross_total"):
            fail(name, f"net {net} + VAT {vat} is not the gross {gross}")
    for row in fields.vat_breakdown or []:
        if row.rate.replace(".", "").isdigit():
            expected = (row.net * Decimal(row.rate) / 100).quantize(CENT)
            if abs(expected - row.vat) > CENT * max(1, lines.get(row.rate, 1) - 1):
                fail(
                    "vat_breakdown", f"VAT at {row.rate}% of {row.net} is {expected}, not {row.vat}"
                )
    rows = fields.vat_breakdown or []
    if rows and net is not None and abs(sum(r.net for r in rows) - net) > CENT:
        fail("vat_breakdown", "the VAT summary's net amounts do not add up to the net total")


def _check_dates(fields: InvoiceFields, fail: Callable[[str, str], None]) -> None:
    issue = fields.issue_date
    if issue is None:
        return
    today = dt.date.today()
    if issue > today + dt.timedelta(days=366) or issue.year < 2000:
        fail("issue_date", f"the issue date {issue} is implausible")
    if fields.due_date and not -1 <= (fields.due_date - issue).days <= 366:
        fail("due_date", f"the due date {fields.due_date} is far from the issue date {issue}")
    if fields.sale_date and abs((fields.sale_date - issue).days) > 366:
        fail("sale_date", f"the sale date {fields.sale_date} is far from the issue date {issue}")
