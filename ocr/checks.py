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

from ocr.errors import Problem, Reason
from ocr.model import InvoiceFields, money

CENT = Decimal("0.01")
UNSURE = 0.4  # the confidence of a field that fails its check
# The fields a document is not booked without, each with its text when it is missing.
KEY_FIELDS = {
    "invoice_number": Reason.INVOICE_NUMBER_MISSING,
    "issue_date": Reason.ISSUE_DATE_MISSING,
    "gross_total": Reason.GROSS_TOTAL_MISSING,
    "seller_tax_id": Reason.SELLER_TAX_ID_MISSING,
}
# The kinds of document whose invoice fields are demanded (None: not yet told).
DEMANDING = (None, "invoice", "correction")
TAX_ID_CHECKSUMS = {
    "seller_tax_id": Reason.SELLER_TAX_ID_CHECKSUM,
    "buyer_tax_id": Reason.BUYER_TAX_ID_CHECKSUM,
}

Fail = Callable[[tuple[str, ...], Problem], None]


def tax_id_is_valid(value: str) -> bool:
    """Tell whether a tax id in normal form passes any checksum it could be under."""
    if len(value) == 10 and value.isdigit() and pl_nip.is_valid(value):
        return True
    if len(value) == 9 and value.isdigit() and (il_hp.is_valid(value) or il_idnr.is_valid(value)):
        return True
    return any(eu_vat.is_valid(country.upper() + value) for country in eu_vat.MEMBER_STATES)


def check(
    fields: InvoiceFields, confidence: dict[str, float], lines: dict[str, int] | None = None
) -> list[Problem]:
    """Return the failed checks for a person; cap the confidence of fields that fail.

    lines counts the invoice lines per rate: a summary row's VAT may be off by a cent a line.
    """
    problems: list[Problem] = []

    def fail(names: tuple[str, ...], problem: Problem) -> None:
        if problem not in problems:
            problems.append(problem)
        for name in names:
            confidence[name] = min(confidence.get(name, UNSURE), UNSURE)

    for name, reason in TAX_ID_CHECKSUMS.items():
        value = getattr(fields, name)
        if value and not tax_id_is_valid(value):
            fail((name,), Problem(reason, {"tax_id": value}))
    if fields.bank_account and not std_iban.is_valid(fields.bank_account):
        account = fields.bank_account
        fail(("bank_account",), Problem(Reason.BANK_ACCOUNT_CHECKSUM, {"account": account}))
    _check_sums(fields, fail, lines or {})
    _check_dates(fields, fail)
    if fields.kind == "other":  # nothing named it: a person tells what it is
        problems.append(Problem(Reason.KIND_UNKNOWN))
    if fields.kind in DEMANDING:  # receipts, letters, statements: nothing is demanded
        for name, reason in KEY_FIELDS.items():
            if getattr(fields, name) is None:
                problems.append(Problem(reason))
    return problems


def _check_sums(fields: InvoiceFields, fail: Fail, lines: dict[str, int]) -> None:
    net, vat, gross = fields.net_total, fields.vat_total, fields.gross_total
    if net is not None and vat is not None and gross is not None and abs(net + vat - gross) > CENT:
        amounts = {"net": money(net), "vat": money(vat), "gross": money(gross)}
        fail(("net_total", "vat_total", "gross_total"), Problem(Reason.TOTALS_MISMATCH, amounts))
    for row in fields.vat_breakdown or []:
        if row.rate.replace(".", "").isdigit():
            expected = (row.net * Decimal(row.rate) / 100).quantize(CENT)
            if abs(expected - row.vat) > CENT * max(1, lines.get(row.rate, 1) - 1):
                params = {
                    "rate": row.rate,
                    "net": money(row.net),
                    "expected": money(expected),
                    "vat": money(row.vat),
                }
                fail(("vat_breakdown",), Problem(Reason.VAT_ROW_MISMATCH, params))
    rows = fields.vat_breakdown or []
    summed = sum((r.net for r in rows), Decimal(0))
    if rows and net is not None and abs(summed - net) > CENT:
        amounts = {"summed": money(summed), "net": money(net)}
        fail(("vat_breakdown",), Problem(Reason.VAT_SUMMARY_NET_MISMATCH, amounts))


def _check_dates(fields: InvoiceFields, fail: Fail) -> None:
    issue = fields.issue_date
    if issue is None:
        return
    today = dt.date.today()
    if issue > today + dt.timedelta(days=366) or issue.year < 2000:
        fail(
            ("issue_date",),
            Problem(Reason.ISSUE_DATE_IMPLAUSIBLE, {"issue_date": issue.isoformat()}),
        )
    if fields.due_date and not -1 <= (fields.due_date - issue).days <= 366:
        dates = {"due_date": fields.due_date.isoformat(), "issue_date": issue.isoformat()}
        fail(("due_date",), Problem(Reason.DUE_DATE_FAR_FROM_ISSUE, dates))
    if fields.sale_date and abs((fields.sale_date - issue).days) > 366:
        dates = {"sale_date": fields.sale_date.isoformat(), "issue_date": issue.isoformat()}
        fail(("sale_date",), Problem(Reason.SALE_DATE_FAR_FROM_ISSUE, dates))
