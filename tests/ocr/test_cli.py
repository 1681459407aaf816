"""`intake extract FILE... --json` prints the contract, one line per file."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ocr.cli import extract

# DESIGN.md's contract, and what this package added to it (only ever add).
CONTRACT_KEYS = {"file", "status", "error", "source", "pages", "elapsed_ms", "fields", "confidence"}
ADDED_KEYS = {"error_code"}
FIELD_KEYS = {
    "kind", "invoice_number", "issue_date", "sale_date", "due_date", "seller_name",
    "seller_tax_id", "buyer_name", "buyer_tax_id", "currency", "net_total", "vat_total",
    "gross_total", "bank_account", "vat_breakdown",
}  # fmt: skip


def test_extract_prints_one_contract_line_per_file(realworld, tmp_path) -> None:
    files = [
        str(realworld / "docs" / "ksef-fa3-ks01.xml"),
        str(realworld / "docs" / "pl-ksef-fop-invoice.pdf"),
        str(tmp_path / "missing.pdf"),
    ]
    out = CliRunner().invoke(extract, [*files, "--json"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [r["file"] for r in rows] == files
    for row in rows:
        assert set(row) == CONTRACT_KEYS | ADDED_KEYS
        assert set(row["fields"]) == FIELD_KEYS
    assert rows[0]["fields"]["bank_account"] == "PL61109010140000071219812874"
    assert rows[0]["fields"]["vat_breakdown"] == [{"rate": "23", "net": "4065.04", "vat": "934.96"}]
    assert rows[1]["source"] == "pdf-text"
    assert rows[1]["fields"]["gross_total"] == "17115.45"
    assert [r["error_code"] for r in rows] == [None, None, "file_not_opened"]
    assert [r["error"] for r in rows[:2]] == [None, None]
    assert rows[2]["status"] == "rejected" and isinstance(rows[2]["error"], str)


def test_extract_without_json_prints_a_summary(realworld) -> None:
    out = CliRunner().invoke(extract, [str(realworld / "docs" / "ksef-fa3-mf01.xml")])
    assert out.exit_code == 0
    assert "FV2026/02/150" in out.output
    assert "2051.00" in out.output
