"""Confidence that means something: fields are marked sure (>= 0.9) only where another
reading backs them, and never where a check failed."""

from __future__ import annotations

import datetime as dt

from ocr.fields import read_fields
from tests.ocr.test_checks import INVOICE, page

OCR = 0.9  # the reader's scale for OCR'd pages
SURE = 0.9
TODAY = dt.date.today()


def dated(lines: list[str]) -> list[str]:
    """Move the test invoice's dates (November 2026) near today, where dates are plausible."""
    day = TODAY.replace(day=3) if TODAY.day > 3 else TODAY
    sale = day - dt.timedelta(days=1)
    swap = {"03.11.2026": day.strftime("%d.%m.%Y"), "02.11.2026": sale.strftime("%d.%m.%Y")}
    out = []
    for line in lines:
        for old, new in swap.items():
            line = line.replace(old, new)
        out.append(line)
    return out


def sure(lines: list[str], scale: float = OCR) -> set[str]:
    reading = read_fields([page(*dated(lines))], scale)
    return {name for name, value in reading.confidence.items() if value >= SURE}


def test_amounts_that_agree_three_ways_are_sure_even_from_ocr() -> None:
    got = sure(INVOICE)
    assert {"net_total", "vat_total", "gross_total", "vat_breakdown"} <= got
    assert {"seller_tax_id", "buyer_tax_id", "bank_account", "kind", "currency"} <= got


def test_a_misread_vat_row_leaves_every_amount_unsure() -> None:
    lines = [line.replace("230,00", "280,00").replace("238,00", "288,00") for line in INVOICE]
    lines = [line.replace("1 338,00", "1 388,00") for line in lines]  # still adds up
    got = sure(lines)
    assert not got & {"net_total", "vat_total", "gross_total", "vat_breakdown"}


def test_an_issue_date_alone_is_not_sure_but_one_backed_by_the_sale_date_is() -> None:
    assert "issue_date" not in sure(INVOICE)  # sale a day earlier, due computed from it
    same_day = [line.replace("02.11.2026", "03.11.2026") for line in INVOICE]
    assert {"issue_date", "sale_date"} <= sure(same_day)


def test_an_explicit_due_date_that_is_the_issue_plus_the_stated_term_backs_both() -> None:
    day = TODAY.replace(day=3) if TODAY.day > 3 else TODAY
    due = (day + dt.timedelta(days=14)).strftime("%d.%m.%Y")
    lines = [*INVOICE[:3], f"Termin płatności: {due} | Forma: przelew 14 dni", *INVOICE[4:]]
    got = sure(lines)
    assert {"issue_date", "due_date"} <= got
    assert "sale_date" not in got  # a day before the issue: nothing backs it


def test_a_due_date_one_digit_off_the_term_is_not_sure() -> None:
    day = TODAY.replace(day=3) if TODAY.day > 3 else TODAY
    due = (day + dt.timedelta(days=18)).strftime("%d.%m.%Y")  # 14 days stated
    lines = [*INVOICE[:3], f"Termin płatności: {due} | Forma: przelew 14 dni", *INVOICE[4:]]
    assert not {"issue_date", "due_date"} & sure(lines)


def test_dates_that_could_be_read_month_first_are_never_sure() -> None:
    lines = [
        "Invoice no. INV-7",
        "Invoice date: 04/07/2026",
        "Delivery date: 04/07/2026",
        "Total 100.00",
    ]
    assert not {"issue_date", "sale_date"} & sure(lines)


def test_an_invoice_number_printed_twice_alike_is_sure() -> None:
    assert "invoice_number" not in sure(INVOICE)
    twice = [*INVOICE, "Tytułem: FV/2026/11/001"]
    assert "invoice_number" in sure(twice)


def test_a_failed_checksum_is_never_made_sure() -> None:
    lines = [line.replace("526-000-12-46", "526-000-12-47") for line in INVOICE]
    reading = read_fields([page(*dated(lines))], OCR)
    assert reading.confidence.get("seller_tax_id", 0) < SURE


def test_dotted_dates_are_day_first_even_beside_a_stray_dollar_sign() -> None:
    from ocr.dates import guess_day_first

    text = "Invoice date: 04.07.2025\nPayment due: 18.07.2025\n3 Office chairs $35.88"
    assert guess_day_first(text)
    lines = ["VAT Invoice F 9/2025", "Invoice date: 04.07.2025", "Payment due: 18.07.2025"]
    reading = read_fields([page(*lines, "3 Office chairs $35.88")], OCR)
    assert reading.fields.issue_date == dt.date(2025, 7, 4)


def test_totals_not_under_their_labels_are_not_sure() -> None:
    # The summary's one row read, the total row lost: figures add up, but are a row's.
    lines = [*INVOICE[:8], "23% | 1 000,00 | 230,00 | 1 230,00", *INVOICE[12:]]
    reading = read_fields([page(*dated(lines))], OCR)
    assert reading.confidence.get("gross_total", 0) < SURE


def test_a_sale_date_after_the_issue_is_mended_when_one_digit_explains_it() -> None:
    issue = dt.date(TODAY.year, TODAY.month, 1) - dt.timedelta(days=1)  # last day of a month
    issue = issue.replace(day=10)
    sale = issue.replace(day=18)  # the 10th read as 18: an 0 taken for an 8
    due = issue + dt.timedelta(days=14)
    lines = [
        INVOICE[0],
        f"Data wystawienia: {issue.strftime('%d.%m.%Y')}",
        f"Data sprzedaży: {sale.strftime('%d.%m.%Y')}",
        f"Termin płatności: {due.strftime('%d.%m.%Y')}",
        *INVOICE[4:],
    ]
    reading = read_fields([page(*lines)], OCR)
    assert reading.fields.sale_date == issue
    assert reading.confidence["sale_date"] < SURE
    assert "date_repaired" in {p.code for p in reading.problems}


def test_a_date_is_not_mended_against_a_date_that_was_only_guessed() -> None:
    from ocr.corroborate import mend_dates
    from ocr.model import InvoiceFields

    issue = TODAY.replace(day=10)
    fields = InvoiceFields(issue_date=issue, sale_date=issue.replace(day=18))
    assert mend_dates(fields, {"issue_date": 0.36, "sale_date": 0.4}, None) == []
    assert (fields.issue_date, fields.sale_date) == (issue, issue.replace(day=18))


def test_a_tax_ids_digit_groups_say_nothing_of_the_date_order() -> None:
    from ocr.corroborate import order_known

    text = "NIP 951-95-98-2551\nData wystawienia: 2025-10-27\nSzczecin 70-204"
    assert order_known(text, True, polish=True, hebrew=False)
    assert not order_known("Date: 04/07/2025", True, polish=False, hebrew=False)
    assert order_known("Date: 04/07/2025, due 18/07/2025", True, polish=False, hebrew=False)
    assert not order_known("Date: 04/07/2025, due 07/18/2025", True, polish=False, hebrew=False)


def backed(fields, conf: dict[str, float], text: str, hebrew: bool = False) -> set[str]:
    """Return the fields corroborate() marks sure, from readings OCR was not sure of."""
    from ocr.corroborate import corroborate

    corroborate(fields, conf, text, order_known=True, due_from_term=None, stated_term=None,
                hebrew=hebrew)  # fmt: skip
    return {name for name, value in conf.items() if value >= SURE}


def test_an_israeli_tax_id_is_backed_by_its_check_digit_on_an_israeli_document_only() -> None:
    from ocr.model import InvoiceFields

    def got(value: str, hebrew: bool) -> set[str]:
        return backed(InvoiceFields(buyer_tax_id=value), {"buyer_tax_id": 0.855}, "", hebrew)

    assert got("514094721", hebrew=True) == {"buyer_tax_id"}
    assert got("514094722", hebrew=True) == set()  # one digit misread
    assert got("514094721", hebrew=False) == set()  # 9 digits of an unknown scheme


def test_a_vat_number_printed_with_its_country_is_backed_by_that_countrys_check() -> None:
    from ocr.model import InvoiceFields

    def got(value: str, text: str) -> set[str]:
        return backed(InvoiceFields(buyer_tax_id=value), {"buyer_tax_id": 0.855}, text)

    assert got("136695976", "Buyer\nVAT ID: DE 136 695 976") == {"buyer_tax_id"}
    assert got("136695978", "Buyer\nVAT ID: DE136695978") == set()  # fails the check
    assert got("136695976", "Buyer\nVAT ID: 136695976") == set()  # no country printed


def test_totals_not_under_labels_are_backed_by_a_labelled_gross_and_a_taxed_summary() -> None:
    from decimal import Decimal as D

    from ocr.model import InvoiceFields, VatRow

    def got(rows: list[VatRow], gross_conf: float) -> set[str]:
        fields = InvoiceFields(net_total=D("1000.00"), vat_total=D("180.00"),
                               gross_total=D("1180.00"), vat_breakdown=rows)  # fmt: skip
        conf = {"net_total": 0.675, "vat_total": 0.675, "gross_total": gross_conf}
        if rows:
            conf["vat_breakdown"] = 0.81
        return backed(fields, conf, "")

    amounts = {"net_total", "vat_total", "gross_total"}
    assert got([VatRow("18", D("1000.00"), D("180.00"))], 0.855) == {*amounts, "vat_breakdown"}
    assert got([VatRow("18", D("1000.00"), D("180.00"))], 0.675) == set()  # no label at all
    assert got([VatRow("18", D("1000.00"), D("170.00"))], 0.855) == set()  # row misread
    assert got([], 0.855) == set()  # nothing but the sum


def test_a_currency_on_the_gross_totals_line_alone_is_sure() -> None:
    from decimal import Decimal as D

    from ocr.model import InvoiceFields

    def got(text: str) -> set[str]:
        fields = InvoiceFields(currency="EUR", gross_total=D("15653.99"))
        return backed(fields, {"currency": 0.675, "gross_total": 0.97}, text) - {"gross_total"}

    total = "Balance due: 15,653.99 EUR"
    assert got(f"Qty 2 $35.88\n{total}") == {"currency"}  # a lone '$' is an OCR'd 5
    assert got(f"Fee 10.00 PLN\n{total}") == set()  # another currency named
    assert got("Balance due: 15,653.99\nAll prices in EUR") == set()  # not on the total


def test_a_due_date_from_a_common_term_is_sure_once_a_second_look_confirms_the_issue() -> None:
    from ocr.fields import Reading
    from ocr.model import InvoiceFields
    from ocr.recheck import _due_by_term

    issue = TODAY - dt.timedelta(days=5)
    fields = InvoiceFields(issue_date=issue, due_date=issue + dt.timedelta(days=14))
    reading = Reading(fields, {"issue_date": 0.92, "due_date": 0.7}, due_from_term=14)
    assert _due_by_term(reading) and reading.confidence["due_date"] >= SURE
    odd = Reading(InvoiceFields(issue_date=issue, due_date=issue + dt.timedelta(days=11)),
                  {"issue_date": 0.92, "due_date": 0.7}, due_from_term=11)  # fmt: skip
    assert not _due_by_term(odd)  # '11 dni': a '14' misread, perhaps


def test_dates_that_name_their_months_show_their_order_and_figures_that_could_swap_do_not():
    from ocr.corroborate import order_known

    def known(text: str) -> bool:
        return order_known(text, day_first=False, polish=False, hebrew=False)

    assert known("Invoice date 24 December 2025\nPayment due 7 January 2026")
    assert known("Date: May 3, 2025  Due: June 2, 2025")
    assert not known("Invoice date 24 December 2025\nDelivered 03.04.2025")
    assert not known("Invoice date 03.04.2025")  # an English document: 3 April or March 4?


def test_dates_written_year_first_show_their_order():
    from ocr.corroborate import order_known

    def known(text: str) -> bool:
        return order_known(text, day_first=True, polish=False, hebrew=False)

    # no one writes year, day, month: 2026-01-08 is the 8th of January wherever it is printed
    assert known("Date of issue: 2026-01-08\nDue date: 2026-01-15")
    assert known("Date: 2026/01/08")
    assert not known("Date of issue: 2026-01-08\nDelivered 03.04.2026")  # this one could swap


def test_a_currency_counted_among_others_named_is_not_sure_but_one_beside_its_label_is() -> None:
    from ocr.model import InvoiceFields

    def got(conf: float, text: str) -> set[str]:
        return backed(InvoiceFields(currency="EUR"), {"currency": conf}, text)

    assert got(0.81, "Razem 10,00 EUR\nDo zapłaty 10,00 EUR") == {"currency"}
    # symbols read off an upturned page: '€' for a 3, '£' for a 7
    assert got(0.81, "84'€49706 :ALVłdV\n84'£49706 P8'ZTBSZI\n0S' L009€ 00'0") == set()
    assert got(0.855, "Waluta: EUR\nVAT w PLN: 23,00 zł") == {"currency"}


def test_a_date_between_two_dates_whose_layout_is_a_guess_is_never_eligible_for_sure() -> None:
    """Labels under their values, the due date's label misread: 'Data wystawienia' has a
    date above it and one below, the layout's vote is tied, and the date taken for the
    issue may be the due date. It is kept, below the floor of a second look."""
    from ocr.recheck import FLOOR

    def issue(due_label: str) -> tuple[dt.date | None, float]:
        lines = ["Faktura VAT nr FV/7/2026", "03.11.2026", "Data wystawienia", "03.12.2026",
                 due_label, "Razem: 1 338,00 zł"]  # fmt: skip
        reading = read_fields([page(*lines)], OCR)
        return reading.fields.issue_date, reading.confidence.get("issue_date", 0.0)

    value, conf = issue("Tenin pnośc")  # OCR lost the due label: a tie
    assert conf < FLOOR, (value, conf)
    value, conf = issue("Termin płatności")  # the due label read: captions are below
    assert value == dt.date(2026, 11, 3) and conf >= FLOOR
