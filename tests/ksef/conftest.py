"""A local KSeF (tests/ksef/server.py), an office that reaches it, and invoices to serve."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import ksef.auth
import ksef.limits
import ksef.sync
from intake import events, runtime
from intake.offices import add_company
from ksef.credentials import set_certificate, set_token
from ksef.vocabulary import Environment
from samples.invoice import random_invoice
from samples.ksef import render
from tests.conftest import embedded_settings, fresh_home
from tests.ksef.pki import Issued, issue
from tests.ksef.server import KsefServer
from tests.seeding import seed_offices

OFFICE_NIP = "5213000001"  # Biuro A's own NIP, in its KSeF certificate (checksum valid)
REAL_BUYER = "1111111111"  # the buyer of the Ministry's example invoices in realworld/
# shared/ sits beside the repository; a git worktree (wt/NAME) sits one folder deeper.
SHARED = next(
    (p / "shared" for p in Path(__file__).parents if (p / "shared" / "realworld").is_dir()),
    Path(__file__).parents[3] / "shared",
)
REALWORLD = SHARED / "realworld"
SCHEMAS = SHARED / "ksef" / "schemy"


@dataclass
class Office:
    """A seeded office on an embedded runtime, with the local KSeF beside it."""

    rt: runtime.Runtime
    ids: dict[str, int]
    server: KsefServer
    cert: Issued

    def use_certificate(self, company: str | None = None, cert: Issued | None = None) -> None:
        """Store a certificate as the office's credential (or one company's)."""
        cert = cert or self.cert
        with self.rt.db.session() as s:
            from intake.models import Company, Office

            office = s.get_one(Office, self.ids["office_a"])
            target = s.get_one(Company, self.ids[company]) if company else None
            set_certificate(
                s,
                self.rt.settings,
                office,
                cert.cert_pem(),
                cert.key_pem(),
                environment=Environment.TEST,
                company=target,
                by="test",
            )

    def use_token(self, token: str, company: str | None = None) -> None:
        """Store a KSeF token as the office's credential (or one company's)."""
        with self.rt.db.session() as s:
            from intake.models import Company, Office

            office = s.get_one(Office, self.ids["office_a"])
            target = s.get_one(Company, self.ids[company]) if company else None
            set_token(
                s,
                self.rt.settings,
                office,
                token,
                environment=Environment.TEST,
                company=target,
                by="test",
            )


def reset_process_caches() -> None:
    """Forget keys, tokens, clients and limiter counts of earlier tests."""
    ksef.auth.forget_keys()
    ksef.limits._shared.clear()
    ksef.sync._apis.clear()


@pytest.fixture
def server() -> Iterator[KsefServer]:
    """A local KSeF on a free loopback port."""
    found = KsefServer()
    found.start()
    reset_process_caches()
    yield found
    found.stop()


def ksef_env(server: KsefServer, **extra: str) -> dict[str, str]:
    """INTAKE_* variables pointing ksef at the local server, quickly."""
    return {
        "INTAKE_KSEF_URL": server.base,
        "INTAKE_KSEF_POLL_S": "0.01",
        "INTAKE_KSEF_START": "2025-12-01",
        **extra,
    }


@pytest.fixture
def office(tmp_path, migrated_db, server) -> Iterator[Office]:
    """Biuro A on the embedded defaults (no worker yet), its KSeF certificate, a real buyer."""
    fresh_home(tmp_path, migrated_db)
    rt = runtime.start(embedded_settings(tmp_path, **ksef_env(server)))
    ids = seed_offices(rt)
    with rt.db.session() as s:
        from intake.models import Office as OfficeRow

        real = add_company(
            s, s.get_one(OfficeRow, ids["office_a"]), "F.H.U. Jan Kowalski", REAL_BUYER
        )
        s.flush()
        ids["real"] = real.id
    yield Office(rt, ids, server, issue(server.ca, OFFICE_NIP))
    rt.stop()
    events.clear()


def purchase(rng: random.Random, buyer: str, **overrides) -> tuple[bytes, dict]:  # type: ignore[no-untyped-def]
    """Return a generated FA(3) invoice to a buyer NIP, and its truth."""
    inv = random_invoice(rng, "pl", rng.randint(1, 4), start=dt.date(2026, 1, 5))
    inv.buyer.tax_id = buyer
    for key, value in overrides.items():
        setattr(inv, key, value)
    return render(inv, rng), inv.truth("ksef-xml", "generated", "ksef")


def realworld() -> list[tuple[str, bytes, dict]]:
    """Return the KSeF files of ../shared/realworld with their truth."""
    found = []
    for path in sorted((REALWORLD / "docs").glob("ksef-*.xml")):
        truth = json.loads((REALWORLD / "truth" / f"{path.stem}.json").read_text())
        found.append((path.stem, path.read_bytes(), truth))
    return found


@cache
def fa3_schema():  # type: ignore[no-untyped-def]
    """Return the FA(3) schema, its base types mapped to the local copies."""
    import xmlschema

    base = "http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/"
    return xmlschema.XMLSchema(
        str(SCHEMAS / "schemat_FA(3)_v1-0E.xsd"),
        locations=[(base, str(SCHEMAS / "bazowe" / "StrukturyDanych_v10-0E.xsd"))],
        allow="local",
    )


FIELDS = [
    "kind",
    "invoice_number",
    "issue_date",
    "sale_date",
    "due_date",
    "seller_name",
    "seller_tax_id",
    "buyer_name",
    "buyer_tax_id",
    "currency",
    "net_total",
    "vat_total",
    "gross_total",
    "bank_account",
    "vat_breakdown",
]


def differences(fields: dict, truth: dict) -> dict[str, tuple]:
    """Return the fields whose reading differs from the truth (unsure ones not counted)."""
    unsure = set(truth.get("unsure", []))
    out = {}
    for name in FIELDS:
        if name in unsure or name not in truth:
            continue
        got, want = fields.get(name), truth[name]
        if name == "vat_breakdown":
            got = sorted(tuple(sorted(r.items())) for r in got or [])
            want = sorted(tuple(sorted(r.items())) for r in want or [])
        if got != want:
            out[name] = (got, want)
    return out
