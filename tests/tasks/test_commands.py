"""`intake tasks`: list, done with amounts, policy, advance."""

from __future__ import annotations

import json

from click.testing import CliRunner

from intake.cli import cli
from tasks.errors import InvalidAmounts, Why
from tests.environment import as_operator
from tests.tasks.conftest import close_month


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_tasks_are_listed_and_done_with_amounts_from_the_command_line(
    start_runtime, tmp_path, monkeypatch
):
    rt, data = start_runtime()
    as_operator(monkeypatch, tmp_path / "var")
    close_month(rt, data["c1"])

    listed = invoke("tasks", "list", "--user", "staff@a.test", "--json")
    [task] = [json.loads(line) for line in listed.output.splitlines()]
    assert task["kind"] == "calculate_tax"

    assert task["title"] == "Calculate tax: Firma Jeden, 12/2026"  # the operator's language
    bad = invoke("tasks", "done", str(task["id"]), "--user", "staff@a.test", "--amount", "VAT")
    assert bad.exit_code == 1
    assert isinstance(bad.exception, SystemExit)
    assert InvalidAmounts(Why.NOT_A_PAIR, pair="VAT").translate("en") in bad.output

    done = invoke(
        "tasks",
        "done",
        str(task["id"]),
        "--user",
        "staff@a.test",
        "--amount",
        "VAT=1234,56",
        "--amount",
        "ZUS=10",
        "--due",
        "ZUS=19.01.2027",
        "--json",
    )
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)
    assert (result["status"], result["month"]) == ("done", "2026-12")
    assert result["amounts"] == [
        {"code": "VAT", "amount": "1234.56", "currency": "PLN", "due_on": "2027-01-25"},
        {"code": "ZUS", "amount": "10.00", "currency": "PLN", "due_on": "2027-01-19"},
    ]

    policy = invoke("tasks", "policy", "--office", "Biuro A", "--approval", "--remind-days", "5")
    assert policy.output.strip() == "Biuro A: approval required, remind after 5 days"
    assert invoke("tasks", "advance").output.strip() == "0 reminder task(s) created"
    assert invoke("tasks", "list", "--office", "Biuro A").exit_code == 0
