"""`intake contacts`, `intake message send` and `intake messages list`, as operators type them."""

from __future__ import annotations

import json
import threading

import pytest
from click.testing import CliRunner
from dramatiq.worker import ConsumerThread, WorkerThread

from intake.cli import cli
from tests.environment import as_operator
from tests.notify.letters import PDF


@pytest.fixture
def operator(start_runtime, tmp_path, monkeypatch):
    _rt, data = start_runtime()
    as_operator(monkeypatch, tmp_path / "var")

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args))

    return invoke, data, tmp_path


def job_threads() -> int:
    """Count the dramatiq threads alive in this process."""
    return sum(isinstance(t, ConsumerThread | WorkerThread) for t in threading.enumerate())


def lines(result) -> list[dict]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_contacts_are_added_listed_and_removed(operator):
    invoke, _data, tmp_path = operator
    threads = job_threads()
    [added] = lines(
        invoke(
            "contacts",
            "add",
            "--company",
            "526-025-02-74",
            "--name",
            "Jan Nowak",
            "--email",
            "Jan@Firma.test",
            "--phone",
            "600 100 200",
            "--locale",
            "en",
            "--receives",
            "amounts=email,sms",
            "--receives",
            "text=whatsapp",
            "--invite",
            "--json",
        )
    )
    assert (added["email"], added["phone"]) == ("jan@firma.test", "+48600100200")
    # The invitation was sent by a worker the command started; it stopped with its work
    # (some forty such workers once outlived their commands in a test run).
    assert job_threads() == threads
    assert added["receives"] == {"amounts": ["email", "sms"], "text": ["whatsapp"]}
    [listed] = lines(invoke("contacts", "list", "--company", "5260250274", "--json"))
    assert listed == added
    invitation = (tmp_path / "var" / "outbox").glob("*jan-firma-test.eml")
    assert "/password/" in next(invitation).read_text()
    bad = invoke("contacts", "add", "--company", "5260250274", "--name", "X", "--phone", "12")
    assert bad.exit_code == 1 and "12 is not a phone number." in bad.output
    assert invoke("contacts", "remove", str(added["id"])).exit_code == 0
    assert lines(invoke("contacts", "list", "--json")) == []


def test_a_message_is_sent_from_the_command_line_and_listed(operator, tmp_path):
    invoke, _data, _home = operator
    lines(
        invoke(
            "contacts",
            "add",
            "--company",
            "5260250274",
            "--name",
            "Jan",
            "--email",
            "jan@firma.test",
            "--phone",
            "600100200",
            "--receives",
            "text=email,sms",
            "--json",
        )
    )
    pdf = tmp_path / "pismo.pdf"
    pdf.write_bytes(PDF)
    [sent] = lines(
        invoke(
            "message",
            "send",
            "--company",
            "5260250274",
            "--kind",
            "text",
            "--channel",
            "email,sms",
            "--text",
            "Nowe godziny pracy",
            "--attach",
            str(pdf),
            "--json",
        )
    )
    assert sorted((d["channel"], d["status"]) for d in sent["deliveries"]) == [
        ("email", "sent"),
        ("sms", "sent"),
    ]
    history = lines(invoke("messages", "list", "--company", "5260250274", "--json"))
    assert {(h["channel"], h["by"], h["state"]) for h in history} == {
        ("email", "Staff A", "sent"),
        ("sms", "Staff A", "sent"),
    }
    assert history[0]["kind"] == "free text" and "pismo.pdf" in history[0]["attachments"]
    assert lines(
        invoke("messages", "list", "--company", "5260250274", "--search", "godziny", "--json")
    )
    assert (
        lines(invoke("messages", "list", "--company", "5260250274", "--search", "xyz", "--json"))
        == []
    )


def test_whatsapp_to_two_companies_is_refused_with_one_line(operator):
    invoke, _data, _home = operator
    result = invoke(
        "message",
        "send",
        "--company",
        "5260250274",
        "--company",
        "7740001454",
        "--kind",
        "text",
        "--channel",
        "email,whatsapp",
        "--text",
        "x",
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: WhatsApp goes to one client at a time: choose one client, or e-mail and SMS."
    ]
