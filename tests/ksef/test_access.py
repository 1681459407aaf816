"""Credentials and permissions: each company gets one clear message, nothing else stops."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from intake.cli import cli
from intake.models.texts import code_of
from ksef.credentials import open_credential, set_certificate
from ksef.errors import CredentialError
from ksef.models import KsefCompany, KsefCredential
from ksef.service import check_access, status_of
from ksef.sync import sync_company
from ksef.vocabulary import Access
from tests.ksef.conftest import OFFICE_NIP, REAL_BUYER, purchase
from tests.ksef.pki import issue

JEDEN = "5260250274"


def state(office, company: str) -> KsefCompany:  # type: ignore[no-untyped-def]
    with office.rt.db.session() as s:
        return s.get_one(KsefCompany, office.ids[company])


def serve_some(office, buyer: str, count: int = 3, now: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Let KSeF take invoices to a buyer (in March, or just now)."""
    rng = random.Random(f"{buyer}{count}{now}")
    start = dt.datetime.now(dt.UTC) if now else dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for i in range(count):
        xml, _ = purchase(rng, buyer)
        office.server.add(xml, start + dt.timedelta(milliseconds=i))


def test_a_client_who_revoked_the_permission_gets_one_message_and_the_others_go_on(office):
    server = office.server
    server.grant(REAL_BUYER, OFFICE_NIP)
    server.grant(JEDEN, OFFICE_NIP)
    serve_some(office, REAL_BUYER)
    serve_some(office, JEDEN)
    office.use_certificate()
    assert sync_company(office.rt, office.ids["real"]).fetched == 3
    server.revoke(JEDEN, OFFICE_NIP)
    refused = sync_company(office.rt, office.ids["c1"])
    assert refused.error is not None and refused.error.code == "no_permission"
    assert state(office, "c1").access == Access.NO_PERMISSION
    assert code_of(state(office, "c1").last_error) == "no_permission"
    assert "Firma Jeden" in refused.error.translate("pl")
    serve_some(office, REAL_BUYER, 2, now=True)
    again = sync_company(office.rt, office.ids["real"], force=True)
    assert again.error is None and again.fetched == 2
    assert state(office, "real").access == Access.WORKING


def test_a_refused_token_is_said_on_the_company_and_a_good_one_works(office):
    server = office.server
    server.grant(REAL_BUYER, OFFICE_NIP)
    serve_some(office, REAL_BUYER)
    office.use_token("20260101-EC-0000000000-0000000000-00|nip-5213000001|deadbeef")
    report = sync_company(office.rt, office.ids["real"])
    assert report.error is not None and report.error.code == "token_refused"
    assert state(office, "real").access == Access.REFUSED
    office.use_token(server.new_token(OFFICE_NIP))
    assert sync_company(office.rt, office.ids["real"]).fetched == 3
    assert server.count("POST", "/v2/auth/ksef-token") == 2


def test_a_revoked_or_expired_certificate_is_said_plainly(office):
    server = office.server
    server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    server.revoke_certificate(office.cert.certificate)
    report = check_access(office.rt, office.ids["real"])
    assert report.error is not None and report.error.code == "certificate_revoked"
    with office.rt.db.session() as s:  # a certificate that ran out is refused before KSeF
        row = s.scalars(select(KsefCredential)).one()
        row.valid_until = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    report = check_access(office.rt, office.ids["real"])
    assert report.error is not None and report.error.code == "certificate_expired"


def test_a_company_without_any_credential_is_told_so(office):
    report = sync_company(office.rt, office.ids["real"])
    assert report.error is not None and report.error.code == "no_credential"
    assert state(office, "real").access == Access.NO_CREDENTIAL


def test_a_company_credential_of_its_own_wins_over_the_office_one(office):
    server = office.server
    own = issue(server.ca, REAL_BUYER, person=True, rsa_key=True)  # the owner's own, PESEL-less
    office.use_certificate()  # the office has no permission from this client
    office.use_certificate("real", own)
    serve_some(office, REAL_BUYER)
    assert sync_company(office.rt, office.ids["real"]).fetched == 3


def test_secrets_are_encrypted_at_rest_and_never_shown(office, tmp_path):
    office.use_certificate()
    with office.rt.db.session() as s:
        row = s.scalars(select(KsefCredential)).one()
        assert b"PRIVATE KEY" not in row.secret.encode()
        assert "PRIVATE" not in row.label and "VATPL-5213000001" in row.label
        opened = open_credential(office.rt.settings, row)
        assert "key" not in repr(opened).lower().replace("kind", "")
        status = status_of(
            s, s.get_one(__import__("intake.models").models.Company, office.ids["real"])
        )
        assert "PRIVATE" not in json.dumps(status.to_json())


def test_a_key_of_another_certificate_is_refused(office):
    other = issue(office.server.ca, OFFICE_NIP)
    with office.rt.db.session() as s, pytest.raises(CredentialError) as excinfo:
        from intake.models import Office

        set_certificate(
            s,
            office.rt.settings,
            s.get_one(Office, office.ids["office_a"]),
            office.cert.cert_pem(),
            other.key_pem(),
        )
    assert excinfo.value.code == "key_mismatch"


def test_the_operator_commands_set_a_credential_sync_and_tell_the_status(
    office, tmp_path, monkeypatch
):
    server = office.server
    server.grant(REAL_BUYER, OFFICE_NIP)
    serve_some(office, REAL_BUYER, 4)
    for name, value in office.rt.settings.extra.items():
        monkeypatch.setenv(name, value)
    cert, key, password = tmp_path / "c.pem", tmp_path / "k.pem", tmp_path / "p.txt"
    cert.write_bytes(office.cert.cert_pem())
    key.write_bytes(office.cert.key_pem(b"sekret"))
    password.write_text("sekret\n")
    runner = CliRunner()
    done = runner.invoke(
        cli,
        [
            "ksef",
            "credentials",
            "set",
            "--office",
            "Biuro A",
            "--certificate",
            str(cert),
            "--key",
            str(key),
            "--password-file",
            str(password),
            "--env",
            "test",
            "--json",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "sekret" not in done.output and "PRIVATE" not in done.output
    done = runner.invoke(cli, ["ksef", "sync", "--company", REAL_BUYER, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output.splitlines()[0])["fetched"] == 4
    done = runner.invoke(cli, ["ksef", "status", "--company", REAL_BUYER, "--check", "--json"])
    row = json.loads(done.output.splitlines()[0])
    assert row["access"] == "working" and row["fetched"] == 4 and row["continuation"]["Subject2"]
    number = next(iter(server.by_number))
    done = runner.invoke(cli, ["ksef", "get", number, "--company", REAL_BUYER, "--json"])
    assert done.exit_code == 0 and json.loads(done.output)["ksef_number"] == number
    done = runner.invoke(cli, ["ksef", "get", "1234", "--company", REAL_BUYER])
    assert done.exit_code == 1 and "1234" in done.output
