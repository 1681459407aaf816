"""KSeF e-invoices give every truth field exactly, straight from the XML."""

from __future__ import annotations

import json

import pytest

import ocr
from tests.ocr.conftest import REALWORLD

KSEF_TRUTHS = sorted(p.stem for p in (REALWORLD / "truth").glob("ksef-*.json"))
COMPARED = [
    "kind", "invoice_number", "issue_date", "sale_date", "due_date", "seller_name",
    "seller_tax_id", "buyer_name", "buyer_tax_id", "currency", "net_total", "vat_total",
    "gross_total", "bank_account", "vat_breakdown",
]  # fmt: skip


def test_there_are_ksef_truth_files(realworld) -> None:
    assert len(KSEF_TRUTHS) >= 14


@pytest.mark.parametrize("stem", KSEF_TRUTHS)
def test_every_ksef_field_matches_its_truth(stem: str, realworld) -> None:
    truth = json.loads((realworld / "truth" / f"{stem}.json").read_text())
    result = ocr.extract((realworld / "docs" / f"{stem}.xml").read_bytes())
    assert result.status == "ok", result.error
    assert result.source == "ksef-xml"
    got = result.fields.to_json()
    unsure = set(truth.get("unsure") or [])
    for name in COMPARED:
        if name in unsure:
            continue
        want = truth.get(name)
        if name == "vat_breakdown" and want is not None:
            assert sorted(map(str, got[name])) == sorted(map(str, want)), name
        else:
            assert got[name] == want, name


def test_a_ksef_correction_is_a_correction(realworld) -> None:
    result = ocr.extract((realworld / "docs" / "ksef-fa2-kor-mf02.xml").read_bytes())
    assert result.fields.kind == "correction"
    assert str(result.fields.gross_total) == "-200.00"


def test_a_ksef_foreign_buyer_gets_its_eu_vat_number(realworld) -> None:
    result = ocr.extract((realworld / "docs" / "ksef-fa3-wdt-mf22.xml").read_bytes())
    assert result.fields.buyer_tax_id == "999999999"
    assert result.fields.currency == "EUR"


def test_an_xml_that_is_not_ksef_is_rejected() -> None:
    result = ocr.extract(b'<?xml version="1.0"?><Invoice xmlns="urn:oasis"><ID>1</ID></Invoice>')
    assert result.status == "rejected"
    assert result.error is not None and result.error.code == "not_ksef_xml"


def test_a_ksef_file_with_an_external_entity_is_rejected() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Fa><P_2>&e;</P_2></Fa>'
        b"</Faktura>"
    )
    result = ocr.extract(data)
    assert result.status == "rejected"
    assert result.error is not None and result.error.code == "xml_declares_dtd"
    assert "root:" not in (result.text or "")


def test_a_ksef_rate_group_reads_its_rate_from_the_lines() -> None:
    data = (
        b'<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Fa><KodWaluty>PLN'
        b"</KodWaluty><P_1>2026-01-02</P_1><P_2>A/1</P_2><P_13_2>100.00</P_13_2>"
        b"<P_14_2>7.00</P_14_2><P_13_7>50</P_13_7><P_15>157</P_15>"
        b"<FaWiersz><P_12>7</P_12></FaWiersz></Fa></Faktura>"
    )
    rows = ocr.extract(data).fields.vat_breakdown
    assert [(r.rate, str(r.net), str(r.vat)) for r in rows] == [
        ("7", "100.00", "7.00"),
        ("zw", "50.00", "0.00"),
    ]


def test_a_ksef_correction_of_data_only_has_zero_net_and_vat() -> None:
    data = (
        b'<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Fa><KodWaluty>PLN'
        b"</KodWaluty><P_1>2026-01-02</P_1><P_2>KOR/1</P_2><P_15>0</P_15>"
        b"<RodzajFaktury>KOR</RodzajFaktury></Fa></Faktura>"
    )
    fields = ocr.extract(data).fields.to_json()
    assert fields["kind"] == "correction"
    assert (fields["net_total"], fields["vat_total"], fields["gross_total"]) == (
        "0.00",
        "0.00",
        "0.00",
    )
    assert fields["vat_breakdown"] is None
