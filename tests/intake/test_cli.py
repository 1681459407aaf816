"""The operator commands of DESIGN.md, exactly as written there."""

from __future__ import annotations

import json

from click.testing import CliRunner

from intake.cli import cli
from tests.conftest import sample


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_lists_the_commands():
    out = invoke("--help").output
    for name in ("db", "office", "company", "ingest", "documents", "worker", "extract", "serve"):
        assert f"  {name} " in out


def test_an_office_and_a_company_are_created_and_ingest_reads_files(tmp_path, monkeypatch):
    monkeypatch.setenv("INTAKE_HOME", str(tmp_path / "var"))
    monkeypatch.delenv("INTAKE_BROKER_URL", raising=False)
    assert invoke("db", "upgrade").exit_code == 0
    assert json.loads(invoke("office", "create", "Biuro X", "--json").output)["name"] == "Biuro X"
    made = invoke(
        "company",
        "add",
        "--office",
        "Biuro X",
        "--name",
        "Firma",
        "--nip",
        "PL 526-025-02-74",
        "--pin",
        "4821",
        "--inbox-code",
        "firma",
        "--json",
    )
    company = json.loads(made.output)
    assert company["nip"] == "5260250274"
    assert company["inbox"] == "docs+firma@intake.localhost"

    pdf = sample("pl/*-pdf.pdf")
    bad = tmp_path / "virus.pdf"
    bad.write_bytes(b"MZ\x90\x00 this is no pdf")
    result = invoke("ingest", str(pdf), str(bad), "--company", "5260250274", "--json")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 1  # one file was refused
    assert rows[0]["status"] == "received" and rows[1]["status"] == "refused"
    assert "not an invoice" in rows[1]["error"]

    listed = [
        json.loads(line) for line in invoke("documents", "list", "--json").output.splitlines()
    ]
    assert len(listed) == 1
    doc = listed[0]
    assert doc["company"] == "5260250274" and doc["source"] == "cli"
    assert doc["filename"] == pdf.name and len(doc["sha256"]) == 64
    assert doc["status"] in ("extracted", "needs_review")


def test_bad_input_gives_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("INTAKE_HOME", str(tmp_path / "var"))
    invoke("db", "upgrade")
    invoke("office", "create", "Biuro X")
    result = CliRunner().invoke(
        cli, ["company", "add", "--office", "Biuro X", "--name", "F", "--nip", "1234567890"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == "Error: NIP 1234567890 is not valid."
    missing = CliRunner().invoke(cli, ["documents", "list", "--company", "5260250274"])
    assert missing.exit_code == 1 and "company with NIP 5260250274" in missing.output


def test_worker_without_a_broker_says_where_jobs_run(tmp_path, monkeypatch):
    monkeypatch.setenv("INTAKE_HOME", str(tmp_path / "var"))
    monkeypatch.delenv("INTAKE_BROKER_URL", raising=False)
    result = CliRunner().invoke(cli, ["worker"])
    assert result.exit_code == 1 and "INTAKE_BROKER_URL is not set" in result.output
