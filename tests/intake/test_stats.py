"""Owners' statistics: who delivers late, how often a month was redone, review waits."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from sqlalchemy import update

from intake.cli import cli
from intake.documents import review
from intake.models import Document, DocumentEvent, User
from intake.month import Month
from intake.stats import month_stats
from tests.conftest import wait_processed
from tests.intake.test_periods import ksef_invoice
from tests.seeding import confirm, hand_in


def test_late_documents_reopenings_and_review_waits_are_counted(rt, data):
    on_time = hand_in(rt, data["c1"], ksef_invoice("S/1", "2026-11-03"), "1.xml", "portal")
    late = hand_in(rt, data["c1"], ksef_invoice("S/2", "2026-11-04"), "2.xml", "portal")
    hand_in(rt, data["c2"], ksef_invoice("S/3", "2026-11-05"), "3.xml", "portal")
    wait_processed(rt)
    arrived_late = dt.datetime(2026, 12, 14, 9, 0, tzinfo=dt.UTC)
    with rt.db.session() as s:
        s.execute(
            update(Document).where(Document.id == late.document_id).values(created_at=arrived_late)
        )
        # Read on Nov 20th at 10:00, approved four hours later.
        s.execute(
            update(DocumentEvent)
            .where(DocumentEvent.document_id == on_time.document_id)
            .values(at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC))
        )
        review(s, s.get_one(Document, on_time.document_id), s.get_one(User, data["staff"]), True)
        s.flush()
        s.execute(
            update(DocumentEvent)
            .where(
                DocumentEvent.document_id == on_time.document_id,
                DocumentEvent.to_status == "approved",
            )
            .values(at=dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC))
        )
    confirm(rt, data["c1"], "2026-11", "client")
    hand_in(rt, data["c1"], ksef_invoice("S/4", "2026-11-09"), "4.xml", "email")  # reopens
    wait_processed(rt)

    with rt.db.session() as s:
        rows = {r.company: r for r in month_stats(s, data["office_a"], Month(2026, 11))}
    one = rows["Firma Jeden"]
    assert one.documents == 3 and one.late == 1 and one.on_time == 2
    assert one.after_close == 1 and one.reopen_count == 1 and one.state == "confirmed"
    assert one.reviewed == 1 and one.review_wait_hours_max >= 4.0
    assert rows["Firma Dwa"].documents == 1 and rows["Firma Dwa"].late == 0
    assert list(rows) == ["Firma Jeden", "Firma Dwa"]  # latest deliverers first


def test_stats_command_prints_json_per_company(rt, data, monkeypatch):
    hand_in(rt, data["c2"], ksef_invoice("T/1", "2026-10-03"), "1.xml", "portal")
    wait_processed(rt)
    for key, value in rt.settings.extra.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("INTAKE_HOME", str(rt.settings.home))
    if rt.settings.broker_url is None:
        monkeypatch.delenv("INTAKE_BROKER_URL", raising=False)
    result = CliRunner().invoke(cli, ["stats", "--month", "2026-10", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    dwa = next(r for r in rows if r["company"] == "Firma Dwa")
    assert dwa["documents"] == 1 and dwa["deadline"] == "2026-11-10" and dwa["office"] == "Biuro A"
    assert {r["office"] for r in rows} == {"Biuro A", "Biuro B"}


def letter_pdf() -> bytes:
    """Return a one-page text PDF of a payment demand (a letter, not an invoice)."""
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    for line in (
        "Alfa sp. z o.o., Krakow, 3 listopada 2026",
        "WEZWANIE DO ZAPLATY",
        "Wzywamy do zaplaty kwoty 1 338,00 zl z faktury nr FV/2026/10/007.",
        "Z powazaniem, Jan Kowalski",
    ):
        doc.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def test_documents_are_counted_by_kind_and_a_letter_is_not_held_for_invoice_fields(rt, data):
    hand_in(rt, data["c1"], ksef_invoice("K/1", "2026-11-03"), "1.xml", "portal")
    letter = hand_in(rt, data["c1"], letter_pdf(), "wezwanie.pdf", "portal", month="2026-11")
    wait_processed(rt)
    with rt.db.session() as s:
        doc = s.get_one(Document, letter.document_id)
        assert doc.extraction is not None and doc.extraction.fields["kind"] == "letter"
        assert doc.extraction.fields["gross_total"] is None
        assert doc.status == "extracted" and not doc.extraction.problems
        rows = {r.company: r for r in month_stats(s, data["office_a"], Month(2026, 11))}
    assert rows["Firma Jeden"].kinds == {"invoice": 1, "letter": 1}
    assert rows["Firma Jeden"].to_json()["kinds"] == {"invoice": 1, "letter": 1}
