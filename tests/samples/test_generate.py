"""The sample generator: valid checksums, sums that add up, KSeF XML valid against FA(3)."""

from __future__ import annotations

import json
import random
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from samples import generate, ksef  # noqa: E402  (samples/ is not an installed package)
from samples.invoice import KSEF_START, random_invoice  # noqa: E402

SCHEMAS = ROOT.parent / "shared/ksef/schemy"
BASE = "http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/"


@pytest.fixture(scope="module")
def fa3_schema():
    """Load the FA(3) schema with its base types from the local copy."""
    xmlschema = pytest.importorskip("xmlschema")
    if not SCHEMAS.is_dir():
        pytest.skip("shared/ksef/schemy is not beside the repository")
    return xmlschema.XMLSchema(
        str(SCHEMAS / "schemat_FA(3)_v1-0E.xsd"),
        locations=[(BASE, "bazowe/StrukturyDanych_v10-0E.xsd")],
        allow="local",
    )


@pytest.mark.parametrize("seed", range(6))
def test_ksef_xml_is_valid_fa3(fa3_schema, seed):
    rng = random.Random(seed)
    inv = random_invoice(rng, "pl", rng.randint(1, 9), correction=seed == 5, start=KSEF_START)
    errors = list(fa3_schema.iter_errors(ksef.render(inv, rng).decode()))
    assert errors == []


@pytest.mark.parametrize("lang", ["pl", "en", "il"])
def test_truth_adds_up_and_ids_check(lang):
    from stdnum import iban, luhn
    from stdnum.pl import nip

    for seed in range(20):
        inv = random_invoice(
            random.Random(seed), lang, 5, correction=seed % 7 == 0 and lang != "il"
        )
        t = inv.truth("pdf-text", "x", "classic")
        net, vat, gross = (Decimal(t[k]) for k in ("net_total", "vat_total", "gross_total"))
        assert net + vat == gross
        assert sum(Decimal(r["net"]) for r in t["vat_breakdown"]) == net
        assert sum(Decimal(r["vat"]) for r in t["vat_breakdown"]) == vat
        if lang == "il":
            assert luhn.is_valid(t["seller_tax_id"]) and len(t["seller_tax_id"]) == 9
        else:
            assert nip.is_valid(t["seller_tax_id"])
        if t["bank_account"]:
            assert iban.is_valid(t["bank_account"])
        if t["kind"] == "correction":
            assert gross < 0


def test_generator_writes_each_input_beside_its_truth(tmp_path):
    generate.main(["--out", str(tmp_path), "--count", "1", "--sources", "ksef-xml", "pdf-text"])
    truths = sorted(tmp_path.glob("*.json"))
    assert len(truths) == 2
    for truth in truths:
        data = json.loads(truth.read_text())
        assert data["source"] in ("ksef-xml", "pdf-text")
        assert [p for p in tmp_path.glob(truth.stem + ".*") if p.suffix != ".json"]
