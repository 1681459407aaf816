"""Read every contract field from Pages of words: the path text PDFs and OCR share."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ocr import header
from ocr.checks import check, tax_id_is_valid
from ocr.corroborate import corroborate, mend_dates, order_known
from ocr.dates import guess_day_first
from ocr.errors import Problem, Reason
from ocr.layout import Document, build
from ocr.model import InvoiceFields, Page, VatRow
from ocr.parties import read_parties
from ocr.tax_ids import Account, find_accounts, iban_is_valid, repair
from ocr.totals import read_totals

logger = logging.getLogger(__name__)

DIGITS_AFTER_COUNTRY = {"PL": 26, "IL": 21}  # the accounts we meet written as bare digits
ACCOUNT_LABEL = re.compile(
    r"iban|konto|rachun|account|bank|rekening|kontonummer|חשבון|nrb", re.IGNORECASE
)
# The ids OCR may misread by a digit, their checksum, and the note a person then reads.
REPAIRS: tuple[tuple[str, Callable[[str], bool], Reason], ...] = (
    ("seller_tax_id", tax_id_is_valid, Reason.SELLER_TAX_ID_REPAIRED),
    ("buyer_tax_id", tax_id_is_valid, Reason.BUYER_TAX_ID_REPAIRED),
    ("bank_account", iban_is_valid, Reason.BANK_ACCOUNT_REPAIRED),
)
NOT_INVOICES = ("letter", "bank_statement", "other")
INVOICE_ONLY = (
    "invoice_number",
    "sale_date",
    "due_date",
    "net_total",
    "vat_total",
    "gross_total",
    "vat_breakdown",
)
POLISH = re.compile(r"\b(?:NIP|faktura|sprzedawca|nabywca|razem|zapłaty|netto|brutto)\b", re.I)


@dataclass
class Reading:
    """Fields read from a document, with per-field confidence, failed checks and the text."""

    fields: InvoiceFields
    confidence: dict[str, float] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    day_first: bool = True
    order_known: bool = False  # the dates cannot have been read with day and month swapped
    due_from_term: int | None = None  # the due date is the issue date plus this many days


def read_fields(pages: list[Page], scale: float = 1.0) -> Reading:
    """Read the invoice fields from pages; scale lowers confidence for OCR'd text."""
    doc = build(pages)
    doc.captions_below, doc.captions_unsure = header.detect_captions_below(doc)
    text = doc.text
    hebrew = sum("\u05d0" <= c <= "\u05ea" for c in text) > 20
    polish = bool(POLISH.search(text))
    fields = InvoiceFields()
    conf: dict[str, float] = {}

    def put(name: str, found: header.Found | None) -> None:
        if found is not None and found.value is not None:
            setattr(fields, name, found.value)
            conf[name] = round(min(found.confidence, 1.0) * scale, 3)

    put("kind", header.read_kind(doc))
    put("invoice_number", header.read_number(doc))
    day_first = guess_day_first(text)
    put("issue_date", header.read_issue(doc, day_first))
    put("sale_date", header.read_date(doc, header.SALE_LABELS, day_first, fields.issue_date))
    due = header.read_due(doc, fields.issue_date, day_first)
    put("due_date", due)
    default = "ILS" if hebrew else "PLN" if polish else None
    put("currency", header.read_currency(doc, default))
    seller, buyer = read_parties(doc, hebrew)
    for side, party in (("seller", seller), ("buyer", buyer)):
        if party.name:
            put(f"{side}_name", header.Found(party.name, 0.8 if party.labelled else 0.5))
        if party.tax_id:
            sure = 0.95 if party.tax_id.valid else 0.4
            put(
                f"{side}_tax_id",
                header.Found(party.tax_id.value, sure * (0.8 if party.guessed else 1)),
            )
    lines, sum_problems = _put_totals(doc, fields, conf, scale)
    account = read_account(doc)
    if account:
        put("bank_account", header.Found(account.value, 0.95 if account.valid else 0.4))
    _settle_kind(fields, conf, scale)
    term = header.stated_term(doc)
    repaired = _repair(fields, conf) if scale < 1 else []
    repaired += mend_dates(fields, conf, term) if scale < 1 else []
    problems = check(fields, conf, lines) + repaired
    problems += [p for p in sum_problems if p not in problems]
    known = order_known(text, day_first, polish, hebrew)
    corroborate(
        fields,
        conf,
        text,
        order_known=known,
        due_from_term=due.from_term if due is not None else None,
        stated_term=term,
        lines=lines,
        hebrew=hebrew,
    )
    from_term = due.from_term if due is not None else None
    return Reading(fields, conf, problems, text, day_first, known, from_term)


def _settle_kind(fields: InvoiceFields, conf: dict[str, float], scale: float) -> None:
    """Decide a kind no title named, and keep invoice fields off documents that are none.

    Without a title, a document with an invoice number or totals is taken for an invoice
    (less surely); one with neither is 'other'. A letter, a bank statement or another
    document has no invoice number, sale or due date, totals or VAT rows: whatever was read
    as those is not kept.
    """
    if fields.kind is None:
        invoiceish = fields.invoice_number is not None or fields.gross_total is not None
        fields.kind = "invoice" if invoiceish else "other"
        conf["kind"] = round((0.6 if invoiceish else 0.5) * scale, 3)
    if fields.kind in NOT_INVOICES:
        for name in INVOICE_ONLY:
            setattr(fields, name, None)
            conf.pop(name, None)


def _put_totals(
    doc: Document, fields: InvoiceFields, conf: dict[str, float], scale: float
) -> tuple[dict[str, int], list[Problem]]:
    """Put the totals and VAT rows; return the invoice lines per rate and failed sums."""
    totals = read_totals(doc)
    fields.net_total, fields.vat_total, fields.gross_total = totals.net, totals.vat, totals.gross
    for name, value in (
        ("net_total", totals.net),
        ("vat_total", totals.vat),
        ("gross_total", totals.gross),
    ):
        if value is None:
            continue
        sure = 0.95 if totals.consistent and name in totals.labelled else 0.75
        conf[name] = round((sure if totals.consistent else 0.45) * scale, 3)
    if totals.rows:
        fields.vat_breakdown = [VatRow(rate, net, vat) for rate, net, vat in totals.rows]
        conf["vat_breakdown"] = round((0.9 if totals.consistent else 0.5) * scale, 3)
    return totals.lines_per_rate, totals.problems


def _digits_after_label(text: str) -> list[Account]:
    """Return the account after a label however OCR spaced or mangled it.

    26 digits are a Polish NRB. An IBAN's letters are often what OCR gets wrong: an O read
    for a zero among its digits, or the country letters lost or read as figures ('IL'
    as '11', or dropped beside Hebrew); the digits are then tried with the country
    letters of the accounts we meet whose digit count they have. Only a value that
    passes the IBAN checksum is returned.
    """
    m = ACCOUNT_LABEL.search(text)
    rest = re.sub(r"[\s\u200e\u200f]", "", text[m.end() :] if m else text).upper()
    rest = re.sub(r"^[^\W\d_]*:", "", rest).lstrip(":.-")  # the rest of the label: 'בנק:'
    candidates = []
    lettered = re.match(r"([A-Z]{2})([0-9O]{2}[A-Z0-9]{11,30})", rest)
    if lettered:  # as written (a bank code may hold an O), then with its Os read as zeros
        candidates += [lettered[0], lettered[1] + lettered[2].replace("O", "0")]
    digits = re.match(r"\d+", rest)
    run = digits[0] if digits else ""
    for country, length in DIGITS_AFTER_COUNTRY.items():
        for lost in (0, 1, 2):  # 'IL' read as '1' or '11'
            if len(run) - lost == length and set(run[:lost]) <= {"1"}:
                candidates.append(country + run[lost:])
    return [Account(value, True) for value in candidates if iban_is_valid(value)][:1]


def _repair(fields: InvoiceFields, conf: dict[str, float]) -> list[Problem]:
    """Mend an OCR'd id that fails its checksum when one digit's slip explains it."""
    notes = []
    for name, is_valid, reason in REPAIRS:
        value = getattr(fields, name)
        if value and not is_valid(value):
            fixed = repair(value, is_valid)
            if fixed:
                setattr(fields, name, fixed)
                conf[name] = min(conf.get(name, 0.6), 0.6)
                notes.append(Problem(reason, {"read": value, "fixed": fixed}))
    return notes


def read_account(doc: Document) -> Account | None:
    """Return the bank account: a valid one beside an account label, else any valid one."""
    found: list[tuple[int, Account]] = []
    for row in doc.rows:
        labelled = ACCOUNT_LABEL.search(row.text) is not None
        for account in find_accounts(row.text):
            found.append((2 * account.valid + labelled, account))
        if labelled and not any(a.valid for _, a in found):
            found.extend((2, a) for a in _digits_after_label(row.text))
    if not found:
        return None
    return max(found, key=lambda f: f[0])[1]
