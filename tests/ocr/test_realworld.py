"""Real documents written outside the team are read to the score goals, with score.py."""

from __future__ import annotations

import importlib.util
import json
import time

import pytest

import ocr
from tests.ocr.conftest import REALWORLD

PDF_STEMS = sorted(
    p.stem
    for p in (REALWORLD / "truth").glob("*.json")
    if json.loads(p.read_text())["source"] == "pdf-text"
)


def load_score():
    """Load the shared score.py, the same file the held-out sets are scored with."""
    spec = importlib.util.spec_from_file_location("score", REALWORLD.parent / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def accuracy(stems: list[str], realworld, tmp_path) -> float:
    """Extract the documents and return score.py's field accuracy over them."""
    score = load_score()
    lines = []
    for stem in stems:
        path = next((realworld / "docs").glob(f"{stem}.*"))
        lines.append(json.dumps(ocr.extract(path.read_bytes()).to_contract(path.name)))
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join(lines))
    truth = score.load_truth(realworld)
    got = score.load_results(out)
    right = total = 0
    for stem in stems:
        t, fields = truth[stem], got[stem]["fields"]
        for name in score.FIELDS:
            if name in (t.get("unsure") or []) or name not in t:
                continue
            total += 1
            right += score.norm(name, fields.get(name)) == score.norm(name, t.get(name))
    return 100 * right / total


def test_realworld_text_pdfs_reach_the_goal(realworld, tmp_path) -> None:
    assert len(PDF_STEMS) >= 5
    assert accuracy(PDF_STEMS, realworld, tmp_path) >= 90.0


@pytest.mark.parametrize("stem", ["pl-ksef-fop-invoice", "i2d-coolblue2"])
def test_a_realworld_text_pdf_gives_its_totals(stem: str, realworld) -> None:
    truth = json.loads((realworld / "truth" / f"{stem}.json").read_text())
    result = ocr.extract((realworld / "docs" / f"{stem}.pdf").read_bytes())
    assert result.source == "pdf-text"
    got = result.fields.to_json()
    for name in ("invoice_number", "issue_date", "gross_total", "net_total", "vat_total"):
        assert got[name] == truth[name], name


def test_a_text_pdf_page_is_read_fast(realworld) -> None:
    data = (realworld / "docs" / "pl-ksef-fop-invoice.pdf").read_bytes()
    ocr.extract(data)
    started = time.monotonic()
    result = ocr.extract(data)
    per_page = (time.monotonic() - started) / result.pages
    assert per_page < 0.1, f"{per_page * 1000:.0f} ms per page"


def test_a_realworld_scan_is_read_by_ocr(realworld) -> None:
    truth = json.loads((realworld / "truth" / "i2d-sammy-img.json").read_text())
    result = ocr.extract((realworld / "docs" / "i2d-sammy-img.png").read_bytes())
    assert result.source == "ocr"
    got = result.fields.to_json()
    for name in ("issue_date", "due_date", "gross_total", "currency"):
        assert got[name] == truth[name], name
