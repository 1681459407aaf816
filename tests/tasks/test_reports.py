"""The owner's figures: tax results and their timing, recalculations, late tasks per person;
exported as JSON, CSV and XLSX and read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
from sqlalchemy import select, update

from intake.exports import to_csv, to_xlsx
from intake.month import Month
from intake.stats import report_tables
from tasks.models import Task
from tasks.reports import tax_results, work_per_person
from tasks.vocabulary import TaskKind
from tests.tasks.conftest import close_month, complete

MONTH = "2026-11"


def settle(rt, data) -> None:
    """c1: documents on 3.12, result on 7.12 (due 15.12), then recalculated; c2: nothing."""
    close_month(rt, data["c1"], month=MONTH)
    with rt.db.session() as session:
        task = session.scalar(select(Task).where(Task.kind == TaskKind.CALCULATE_TAX))
    complete(rt, task.id, data["staff"], {"VAT": "1"})
    close_month(rt, data["c1"], month=MONTH, reopen_count=1)  # late documents, closed again
    with rt.db.session() as session:
        recalc = session.scalar(select(Task).where(Task.kind == TaskKind.RECALCULATE_TAX))
        session.execute(
            update(Task)
            .where(Task.id == task.id)
            .values(
                created_at=dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC),
                done_at=dt.datetime(2026, 12, 7, 21, tzinfo=dt.UTC),
            )
        )
    complete(rt, recalc.id, data["staff"], {"VAT": "2"})


def test_the_tax_result_its_days_and_recalculations_per_company(start_runtime):
    rt, data = start_runtime()
    settle(rt, data)
    with rt.db.session() as session:
        rows = {r.company: r for r in tax_results(session, data["office_a"], Month(2026, 11))}
    first = rows["Firma Jeden"]
    assert first.result_at == dt.datetime(2026, 12, 7, 21, tzinfo=dt.UTC)
    assert (first.days_to_result, first.recalculations, first.late) == (4.5, 1, False)
    assert rows["Firma Dwa"].result_at is None and rows["Firma Dwa"].days_to_result is None


def test_tasks_done_late_per_person(start_runtime):
    rt, data = start_runtime()
    settle(rt, data)
    with rt.db.session() as session:
        jpk = session.scalars(select(Task).where(Task.kind == TaskKind.SEND_DECLARATION)).first()
        session.execute(
            update(Task)
            .where(Task.id == jpk.id)
            .values(status="done", done_at=dt.datetime(2027, 1, 2, 10, tzinfo=dt.UTC))
        )
    with rt.db.session() as session:
        [staff] = work_per_person(session, data["office_a"], Month(2026, 12), dt.date(2027, 1, 5))
    # Due in December: calculate and recalculate (done in time), JPK (done late), PIT and
    # ZUS (open, past due).
    assert (staff.person, staff.done, staff.done_late, staff.open_overdue) == ("Staff A", 3, 1, 2)


def test_every_table_is_exported_and_read_back(start_runtime, tmp_path):
    rt, data = start_runtime()
    settle(rt, data)
    with rt.db.session() as session:
        tables = report_tables(session, data["office_a"], Month(2026, 11))
    assert list(tables) == ["documents", "tax_results", "tasks_per_person"]

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(tables)))
    assert book.sheetnames == ["documents", "tax_results", "tasks_per_person"]
    sheet = book["tax_results"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)]
    jeden = next(r for r in rows if r["company"] == "Firma Jeden")
    assert (jeden["days_to_result"], jeden["recalculations"], jeden["nip"]) == (
        4.5,
        1,
        "5260250274",
    )

    one = to_csv({"tax_results": tables["tax_results"]}).decode("utf-8-sig")
    read = list(csv.DictReader(io.StringIO(one)))
    assert {r["company"]: r["days_to_result"] for r in read} == {
        "Firma Jeden": "4.5",
        "Firma Dwa": "",
    }
    every = to_csv(tables).decode("utf-8-sig").splitlines()
    assert every[0] == "# documents" and "# tax_results" in every and "# tasks_per_person" in every


def test_intake_stats_writes_every_format(operator, tmp_path):
    rt, data, run = operator
    settle(rt, data)
    as_json = json.loads(
        run("stats", "--month", MONTH, "--office", "Biuro A", "--format", "json").output
    )
    assert as_json["month"] == MONTH and as_json["office"] == "Biuro A"
    assert as_json["tables"]["tax_results"][0]["company"] == "Firma Jeden"
    out = tmp_path / "stats.xlsx"
    run("stats", "--month", MONTH, "--office", "Biuro A", "--format", "xlsx", "--out", str(out))
    assert openpyxl.load_workbook(out)["documents"]["A1"].value == "company_id"
    text = run(
        "stats",
        "--month",
        MONTH,
        "--office",
        "Biuro A",
        "--format",
        "csv",
        "--table",
        "tax_results",
    ).output
    assert next(csv.DictReader(io.StringIO(text)))["company"] == "Firma Jeden"
    assert (
        run(
            "stats", "--month", MONTH, "--format", "xlsx", "--office", "Biuro A", ok=False
        ).exit_code
        != 0
    )  # xlsx needs --out
    lines = run("stats", "--month", MONTH, "--json").output.splitlines()  # as before
    assert all(json.loads(line)["office"] for line in lines)
