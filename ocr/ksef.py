"""Read a KSeF e-invoice (FA(2), FA(3)) field by field: no OCR, every field as written."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation

from lxml import etree

from ocr.errors import Reason, Rejected, describe
from ocr.model import InvoiceFields, VatRow

logger = logging.getLogger(__name__)

FA3 = "http://crd.gov.pl/wzor/2025/06/25/13775/"
FA2 = "http://crd.gov.pl/wzor/2023/06/29/12648/"
NAMESPACES = {FA3: "FA(3)", FA2: "FA(2)"}  # the KSeF schemas read, by XML namespace
CORRECTIONS = {"KOR", "KOR_ZAL", "KOR_ROZ"}
CENT = Decimal("0.01")

# P_13_x (net) and P_14_x (VAT) per rate group; None means "read the rate from the lines".
RATE_GROUPS: list[tuple[str, str | None, str | None]] = [
    ("P_13_1", "P_14_1", None),  # 23 or 22
    ("P_13_2", "P_14_2", None),  # 8 or 7
    ("P_13_3", "P_14_3", "5"),
    ("P_13_4", "P_14_4", None),  # ryczałt for taxis: 4 or 3
    ("P_13_5", "P_14_5", None),  # OSS: the other state's rate
    ("P_13_6_1", None, "0"),
    ("P_13_6_2", None, "0"),
    ("P_13_6_3", None, "0"),
    ("P_13_7", None, "zw"),
    ("P_13_8", None, "np"),
    ("P_13_9", None, "np"),
    ("P_13_10", None, "oo"),
    ("P_13_11", None, "np"),
]
GROUP_CHOICES = {"P_13_1": ("23", "22"), "P_13_2": ("8", "7"), "P_13_4": ("4", "3")}
FA2_GROUP_6 = ("P_13_6", None, "0")  # FA(2) has one 0% field


def parser() -> etree.XMLParser:
    """Return an XML parser that loads nothing from outside and expands no entities."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes) -> etree._Element:
    """Parse KSeF bytes safely and return the Faktura root; raise Rejected."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise Rejected(Reason.XML_DECLARES_DTD)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as e:
        raise Rejected(Reason.XML_MALFORMED, detail=describe(e)) from e
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "Faktura" or ns not in NAMESPACES:
        raise Rejected(Reason.NOT_KSEF_XML)
    return root


def read(data: bytes) -> tuple[InvoiceFields, str, dict[str, int]]:
    """Read a KSeF e-invoice: its contract fields, a plain-text view, its lines per rate."""
    root = parse(data)
    ns = {"f": etree.QName(root).namespace}
    fa = root.find("f:Fa", ns)
    if fa is None:
        raise Rejected(Reason.KSEF_FA_MISSING)

    def text(node: etree._Element | None, path: str) -> str | None:
        if node is None:
            return None
        found = node.find(path, ns)
        if found is None or found.text is None or not found.text.strip():
            return None
        return found.text.strip()

    seller = root.find("f:Podmiot1/f:DaneIdentyfikacyjne", ns)
    buyer = root.find("f:Podmiot2/f:DaneIdentyfikacyjne", ns)
    fields = InvoiceFields(
        kind="correction" if text(fa, "f:RodzajFaktury") in CORRECTIONS else "invoice",
        invoice_number=text(fa, "f:P_2"),
        issue_date=_date(text(fa, "f:P_1")),
        sale_date=_date(text(fa, "f:P_6")),
        due_date=_due_date(fa, ns),
        seller_name=text(seller, "f:Nazwa"),
        seller_tax_id=_tax_id(seller, ns),
        buyer_name=text(buyer, "f:Nazwa"),
        buyer_tax_id=_tax_id(buyer, ns),
        currency=text(fa, "f:KodWaluty"),
        gross_total=_amount(text(fa, "f:P_15")),
        bank_account=_bank_account(fa, ns),
    )
    rows = _vat_rows(fa, ns)
    fields.vat_breakdown = rows or None
    if rows:
        fields.net_total = sum((r.net for r in rows), Decimal("0.00"))
        fields.vat_total = sum((r.vat for r in rows), Decimal("0.00"))
    elif fields.gross_total == 0:  # a correction of data only: nothing was taxed
        fields.net_total = fields.vat_total = Decimal("0.00")
    plain = " ".join(t.strip() for t in root.itertext() if t.strip())
    lines: dict[str, int] = {}
    for node in fa.iterfind("f:FaWiersz/f:P_12", ns):
        rate = (node.text or "").strip()
        lines[rate] = lines.get(rate, 0) + 1
    return fields, plain, lines


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _amount(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value).quantize(CENT)
    except InvalidOperation:
        return None


def _tax_id(party: etree._Element | None, ns: dict[str, str]) -> str | None:
    """Return a party's NIP, else its EU VAT number, else its other id (digits as written)."""
    if party is None:
        return None
    for tag in ("f:NIP", "f:NrVatUE", "f:NrID"):
        node = party.find(tag, ns)
        if node is not None and node.text and node.text.strip():
            return "".join(node.text.split())
    return None


def _due_date(fa: etree._Element, ns: dict[str, str]) -> dt.date | None:
    """Return the first payment term's date (FA(3) nests it in Termin, FA(2) does not)."""
    for node in fa.iterfind("f:Platnosc/f:TerminPlatnosci", ns):
        inner = node.find("f:Termin", ns)
        value = inner.text if inner is not None else node.text
        found = _date((value or "").strip())
        if found:
            return found
    return None


def _bank_account(fa: etree._Element, ns: dict[str, str]) -> str | None:
    """Return the first bank account; a 26-digit Polish NRB becomes PL + 26 digits."""
    for node in fa.iterfind("f:Platnosc/f:RachunekBankowy/f:NrRB", ns):
        if node.text and node.text.strip():
            number = "".join(node.text.split()).upper()
            return "PL" + number if len(number) == 26 and number.isdigit() else number
    return None


def _vat_rows(fa: etree._Element, ns: dict[str, str]) -> list[VatRow]:
    """Return one row per P_13_x group the invoice fills, with its rate."""
    line_rates = {
        (node.text or "").strip() for node in fa.iterfind("f:FaWiersz/f:P_12", ns) if node.text
    }
    rows = []
    for net_tag, vat_tag, rate in [*RATE_GROUPS, FA2_GROUP_6]:
        net_node = fa.find(f"f:{net_tag}", ns)
        if net_node is None or net_node.text is None:
            continue
        net = _amount(net_node.text.strip())
        if net is None:
            continue
        vat = _amount(_child_text(fa, vat_tag, ns)) if vat_tag else None
        vat = vat if vat is not None else Decimal("0.00")
        if rate is None:
            rate = _group_rate(net_tag, net, vat, line_rates, fa, ns)
        rows.append(VatRow(rate, net, vat))
    return rows


def _child_text(fa: etree._Element, tag: str, ns: dict[str, str]) -> str | None:
    node = fa.find(f"f:{tag}", ns)
    return node.text.strip() if node is not None and node.text else None


def _group_rate(
    tag: str,
    net: Decimal,
    vat: Decimal,
    line_rates: set[str],
    fa: etree._Element,
    ns: dict[str, str],
) -> str:
    """Tell which rate a group's sums are at: from the lines, else from VAT / net."""
    if tag == "P_13_5":
        oss = [n.text.strip() for n in fa.iterfind("f:FaWiersz/f:P_12_XII", ns) if n.text]
        if oss:
            return _plain_rate(oss[0])
        return _ratio_rate(net, vat)
    choices = GROUP_CHOICES[tag]
    for choice in choices:
        if choice in line_rates:
            return choice
    best = min(choices, key=lambda c: abs(net * Decimal(c) / 100 - vat))
    return best


def _plain_rate(value: str) -> str:
    number = Decimal(value).normalize()
    return f"{number:f}"


def _ratio_rate(net: Decimal, vat: Decimal) -> str:
    if not net:
        return "0"
    return f"{(vat * 100 / net).quantize(Decimal('1')):f}"
