"""The synthetic samples beside their truth (samples/) are read: text PDFs and KSeF exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ocr

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SCORED = [
    "kind", "invoice_number", "issue_date", "sale_date", "due_date", "seller_tax_id",
    "buyer_tax_id", "currency", "net_total", "vat_total", "gross_total", "bank_account",
]  # fmt: skip
EXACT = sorted(
    p
    for p in SAMPLES.glob("*/*")
    if p.suffix in (".pdf", ".xml")
    and p.with_suffix(".json").is_file()
    and json.loads(p.with_suffix(".json").read_text())["source"] in ("pdf-text", "ksef-xml")
)


def wrong_fields(path: Path) -> list[str]:
    """Return the scored fields whose reading differs from the sample's truth."""
    truth = json.loads(path.with_suffix(".json").read_text())
    got = ocr.extract(path.read_bytes(), path.name).fields.to_json()
    wrong = [f for f in SCORED if f in truth and got[f] != truth[f]]
    rows = sorted(map(str, got["vat_breakdown"] or []))
    if rows != sorted(map(str, truth["vat_breakdown"] or [])):
        wrong.append("vat_breakdown")
    return wrong


def test_there_are_text_samples() -> None:
    if not EXACT:
        pytest.skip(f"no samples with truth under {SAMPLES}")
    assert len(EXACT) >= 5


@pytest.mark.parametrize("path", EXACT, ids=lambda p: p.name)
def test_a_text_sample_gives_every_truth_field(path: Path) -> None:
    assert wrong_fields(path) == []
