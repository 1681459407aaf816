"""The desk's tabs and counts, labels and priority, comments on passages, reply templates
with placeholders, and the operator's commands with the report in JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import io
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cases.comments import add_comment
from cases.errors import CaseError, NotAllowed
from cases.lists import Filters, Tab, tab_counts, tab_page
from cases.replies import draft_from, save_template
from cases.reports import build_report
from cases.vocabulary import CaseSource, CaseState, DeskRole, Priority
from cases.work import (
    assign,
    close,
    open_case,
    return_answer,
    set_labels,
    set_priority,
    write_answer,
)
from conversations.files import Upload
from intake.cli import cli
from intake.models import Company, User
from tests.cases.desk import add_desk_person, case_of, question
from tests.environment import as_operator
from tests.inbox.factory import pdf
from tests.seeding import office_today


def test_the_tabs_count_and_list_what_waits_for_whom(rt, data):
    trainee = add_desk_person(rt, data, "stazysta@a.test", DeskRole.TRAINEE)
    ids = [question(rt, data, f"Pytanie {n}") for n in range(4)]
    with rt.db.session() as s:
        owner = s.get_one(User, data["owner"])
        assign(s, rt.settings, owner, case_of(s, ids[0]), trainee)
        assign(s, rt.settings, owner, case_of(s, ids[1]), trainee)
        write_answer(s, rt.settings, s.get_one(User, trainee), case_of(s, ids[1]), "Tak.")
        assign(s, rt.settings, owner, case_of(s, ids[2]), owner.id)
        set_priority(s, owner, case_of(s, ids[3]), Priority.URGENT)
        set_labels(s, owner, case_of(s, ids[3]), ["VAT", "pilne", "VAT"])
    with rt.db.session() as s:
        me = s.get_one(User, trainee)
        owner = s.get_one(User, data["owner"])
        assert tab_counts(s, me) == {Tab.TO_ASSIGN: 1, Tab.MINE: 2, Tab.TO_ACCEPT: 1, Tab.ALL: 4}
        assert tab_counts(s, owner)[Tab.MINE] == 1
        assert [c.id for c in tab_page(s, me, Tab.MINE)] == [ids[1], ids[0]]
        assert [c.id for c in tab_page(s, me, Tab.TO_ACCEPT)] == [ids[1]]
        urgent = tab_page(s, owner, Tab.ALL, Filters(priority=Priority.URGENT))
        assert [c.id for c in urgent] == [ids[3]]
        assert [label.name for label in urgent[0].labels] == ["VAT", "pilne"]
        labelled = tab_page(s, owner, Tab.ALL, Filters(label_id=urgent[0].labels[0].id))
        assert [c.id for c in labelled] == [ids[3]]
        # Another office sees none of them.
        assert tab_counts(s, s.get_one(User, data["staff_b"]))[Tab.ALL] == 0
        # A new label needs the power to manage them; a known one does not.
        staff = s.get_one(User, data["staff"])
        with pytest.raises(NotAllowed):
            set_labels(s, staff, case_of(s, ids[0]), ["nowa"])
        set_labels(s, staff, case_of(s, ids[0]), ["VAT"])
    # The report counts the same cases, on either database.
    with rt.db.session() as s:
        today = office_today()
        found = build_report(s, data["office_a"], today - dt.timedelta(days=1), today)
        assert found.total == 4 and found.counts["label"] == {"VAT": 2, "pilne": 1}
        assert found.counts["state"] == {"to_assign": 1, "assigned": 2, "to_accept": 1}
        assert found.returned == [{"person": "stazysta@a.test", "answers": 1, "returned": 0}]
        assert build_report(s, data["office_b"], today, today).total == 0


def test_a_comment_names_a_passage_of_an_answer_that_is_there(start_runtime):
    rt, data = start_runtime()
    trainee = add_desk_person(rt, data, "stazysta@a.test", DeskRole.TRAINEE)
    case_id = question(rt, data)
    with rt.db.session() as s:
        owner = s.get_one(User, data["owner"])
        case = case_of(s, case_id)
        assign(s, rt.settings, owner, case, trainee)
        answer = write_answer(s, rt.settings, s.get_one(User, trainee), case, "Tak, od maja.")
        with pytest.raises(CaseError):
            add_comment(s, owner, case, "Sprawdź.", answer_id=answer.id, passage="od czerwca")
        comment = add_comment(s, owner, case, "Sprawdź.", answer_id=answer.id, passage="od maja")
        assert (comment.answer_id, comment.passage) == (answer.id, "od maja")


def test_a_reply_template_fills_its_placeholders_in_the_clients_language(start_runtime):
    rt, data = start_runtime()
    case_id = question(rt, data)
    with rt.db.session() as s:
        owner = s.get_one(User, data["owner"])
        template = save_template(
            s,
            rt.storage,
            rt.settings.max_upload_mb,
            owner,
            group="Dokumenty",
            name="Przypomnienie",
            bodies={"pl": "{client}: za {month} do zapłaty {amount}. {nieznane}", "en": "x"},
            uploads=[Upload("cennik.pdf", pdf("cennik"))],
        )
        with pytest.raises(NotAllowed):  # only who manages templates writes them
            save_template(
                s,
                rt.storage,
                1,
                s.get_one(User, data["staff"]),
                group="g",
                name="n",
                bodies={"pl": "x"},
            )
        case = case_of(s, case_id)
        text = draft_from(s, owner, case, template, Decimal("1234.5"))
        assert text.startswith("Firma Jeden: za ")
        assert "1 234,50 zł" in text.replace("\xa0", " ")
        assert text.endswith("{nieznane}")  # left for the person to fill before sending
        assign(s, rt.settings, owner, case, owner.id)
        answer = write_answer(s, rt.settings, owner, case, text, template.files)
        assert answer.files[0]["filename"] == "cennik.pdf"
        thread_message = case.messages[-1]
        assert "Owner A" in thread_message.body  # signed


def test_a_prospects_case_is_answered_by_e_mail(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as s:
        owner = s.get_one(User, data["owner"])
        case = open_case(
            s,
            owner,
            owner.office_id,
            title="Oferta",
            body="Ile kosztuje księgowość?",
            source=CaseSource.EMAIL,
            prospect_name="Ewa",
            prospect_email="ewa@firma.test",
        )
        template = save_template(
            s,
            rt.storage,
            rt.settings.max_upload_mb,
            owner,
            group="Oferty",
            name="Cennik",
            bodies={"pl": "W załączeniu cennik."},
            uploads=[Upload("cennik.pdf", pdf("cennik"))],
        )
        assign(s, rt.settings, owner, case, owner.id)
        write_answer(s, rt.settings, owner, case, "500 zł miesięcznie.", template.files)
        close(s, owner, case)
        assert case.state == CaseState.CLOSED and case.thread_id is None
    from tests.conftest import wait_processed

    wait_processed(rt)
    [mail] = list(rt.settings.outbox_dir.glob("*ewa-firma-test.eml"))
    message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    assert "500 zł miesięcznie." in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    [attached] = list(message.iter_attachments())  # type: ignore[attr-defined]
    assert attached.get_filename() == "cennik.pdf" and attached.get_content() == pdf("cennik")


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def test_operators_list_assign_and_report_cases(start_runtime, tmp_path, monkeypatch):
    rt, data = start_runtime()
    as_operator(monkeypatch, tmp_path / "var")
    trainee = add_desk_person(rt, data, "stazysta@a.test", DeskRole.TRAINEE)
    first, second = question(rt, data), question(rt, data, "Drugie pytanie")
    with rt.db.session() as s:
        owner = s.get_one(User, data["owner"])
        set_labels(s, owner, case_of(s, first), ["VAT"])

    listed = invoke("cases", "list", "--state", "to_assign", "--json")
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [r["id"] for r in rows] == [second, first]
    assert rows[1]["labels"] == ["VAT"] and rows[1]["client"] == "Firma Jeden"

    assigned = invoke("cases", "assign", str(first), "stazysta@a.test")
    assert assigned.exit_code == 0, assigned.output
    wrong = invoke("cases", "assign", str(first), "staff@b.test")
    assert wrong.exit_code == 1 and "does not work at this office" in wrong.output
    with rt.db.session() as s:
        case = case_of(s, first)
        assert (case.state, case.assignee_id) == (CaseState.ASSIGNED, trainee)
        answer = write_answer(s, rt.settings, s.get_one(User, trainee), case, "Tak.")
        return_answer(s, rt.settings, s.get_one(User, data["owner"]), case, answer, "Źle.")
        write_answer(s, rt.settings, s.get_one(User, trainee), case, "Tak, art. 86.")

    today = office_today().isoformat()
    period = ("--from", "2026-01-01", "--to", today, "--office", "Biuro A")
    report = invoke("cases", "report", *period)
    assert report.exit_code == 0, report.output
    found = json.loads(report.output)
    assert found["total"] == 2
    assert found["counts"]["state"] == {"to_assign": 1, "to_accept": 1}
    assert found["counts"]["source"] == {"conversation": 2}
    assert found["counts"]["label"] == {"VAT": 1}
    assert found["counts"]["person"] == {"": 1, "stazysta@a.test": 1}
    assert found["returned"] == [{"person": "stazysta@a.test", "answers": 2, "returned": 1}]

    as_csv = invoke("cases", "report", *period, "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.output.lstrip("\ufeff"))))
    assert ["state", "to_accept", "1"] in rows and ["returned", "stazysta@a.test", "1/2"] in rows
    out = tmp_path / "report.xlsx"
    assert (
        invoke("cases", "report", *period, "--format", "xlsx", "--output", str(out)).exit_code == 0
    )
    book = load_workbook(out)
    assert ["to_accept", 1] in [list(r) for r in book["state"].iter_rows(values_only=True)]
    assert invoke("cases", "report", "--from", "jutro", "--to", today).exit_code != 0
    with rt.db.session() as s:
        assert s.get_one(Company, data["c1"]).name == "Firma Jeden"
