"""The desk's report for a period: cases by source, state, label, priority and person; how
long the first answer and the close took; answers returned per author (trainees, mostly).

The period is days in the office's time zone, both ends included; a case counts in the
period it was opened in. The same numbers go to the page, to JSON, CSV and XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from cases.errors import CaseError, Why
from cases.models import Answer, Case, Label, case_labels
from cases.vocabulary import AnswerState
from intake.formats import zone
from intake.models import Office, User

SECTIONS = ("source", "state", "priority", "label", "person")


@dataclass
class Report:
    """The desk's numbers for a period."""

    start: dt.date
    end: dt.date
    total: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    first_answer_hours: dict[str, float | None] = field(default_factory=dict)
    close_hours: dict[str, float | None] = field(default_factory=dict)
    returned: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain data (JSON)."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "total": self.total,
            "counts": self.counts,
            "first_answer_hours": self.first_answer_hours,
            "close_hours": self.close_hours,
            "returned": self.returned,
        }

    def rows(self) -> Iterable[tuple[str, str, object]]:
        """Yield (section, key, value) rows: what CSV and XLSX hold."""
        yield "period", "from", self.start.isoformat()
        yield "period", "to", self.end.isoformat()
        yield "total", "cases", self.total
        for section in SECTIONS:
            for key, count in self.counts.get(section, {}).items():
                yield section, key, count
        for key, value in self.first_answer_hours.items():
            yield "first_answer_hours", key, value
        for key, value in self.close_hours.items():
            yield "close_hours", key, value
        for row in self.returned:
            yield "returned", row["person"], f"{row['returned']}/{row['answers']}"


def parse_day(value: str) -> dt.date:
    """Return a YYYY-MM-DD date, or raise CaseError."""
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise CaseError(Why.BAD_DATE, value=value) from None


def hours(pairs: Iterable[tuple[dt.datetime, dt.datetime | None]]) -> dict[str, float | None]:
    """Return the average and median of the hours between pairs of moments."""
    spans = [(b - a).total_seconds() / 3600 for a, b in pairs if b is not None]
    if not spans:
        return {"count": 0, "average": None, "median": None}
    return {
        "count": len(spans),
        "average": round(statistics.fmean(spans), 2),
        "median": round(statistics.median(spans), 2),
    }


def build_report(session: Session, office_id: int, start: dt.date, end: dt.date) -> Report:
    """Count the office's cases opened from start to end (days in the office's zone)."""
    office = session.get_one(Office, office_id)
    tz = zone(office.timezone)
    since = dt.datetime.combine(start, dt.time(), tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz)
    within: list[ColumnElement[bool]] = [
        Case.office_id == office_id,
        Case.created_at >= since,
        Case.created_at < until,
    ]
    report = Report(start, end)

    def grouped(column: Any, *joins: Any) -> dict[str, int]:
        query = select(column, func.count(Case.id)).select_from(Case)
        for target, on in joins:
            query = query.join(target, on)
        rows = session.execute(query.where(*within).group_by(column)).all()
        return {str(key) if key is not None else "": count for key, count in rows}

    report.counts["source"] = grouped(Case.source)
    report.counts["state"] = grouped(Case.state)
    report.counts["priority"] = grouped(Case.priority)
    report.counts["label"] = grouped(
        Label.name,
        (case_labels, case_labels.c.case_id == Case.id),
        (Label, Label.id == case_labels.c.label_id),
    )
    people = select(Case.assignee_id, func.count(Case.id)).where(*within).group_by(Case.assignee_id)
    names = dict(
        session.execute(select(User.id, User.email).where(User.office_id == office_id)).all()
    )
    report.counts["person"] = {
        names.get(person, "") if person else "": count
        for person, count in session.execute(people).all()
    }
    report.total = sum(report.counts["state"].values())
    answered = session.execute(
        select(Case.created_at, Case.first_answer_at).where(
            *within, Case.first_answer_at.is_not(None)
        )
    ).all()
    report.first_answer_hours = hours(answered)
    closed = session.execute(
        select(Case.created_at, Case.closed_at).where(*within, Case.closed_at.is_not(None))
    ).all()
    report.close_hours = hours(closed)
    answers = session.execute(
        select(
            Answer.author_id,
            func.count(Answer.id),
            func.count(Answer.id).filter(Answer.state == AnswerState.RETURNED),
        )
        .join(Case, Case.id == Answer.case_id)
        .where(*within)
        .group_by(Answer.author_id)
    ).all()
    report.returned = sorted(
        (
            {"person": names.get(author, ""), "answers": total, "returned": back}
            for author, total, back in answers
        ),
        key=lambda row: (-row["returned"], row["person"]),
    )
    return report


def as_csv(report: Report) -> bytes:
    """Return the report as CSV (UTF-8 with a BOM, so spreadsheets read Polish letters)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "key", "value"])
    writer.writerows(report.rows())
    return ("\ufeff" + out.getvalue()).encode()


def as_xlsx(report: Report) -> bytes:
    """Return the report as an XLSX workbook: a sheet of every row, one per count."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "report"
    sheet.append(["section", "key", "value"])
    for row in report.rows():
        sheet.append(list(row))
    for section in SECTIONS:
        part = book.create_sheet(section)
        part.append([section, "cases"])
        for key, count in report.counts.get(section, {}).items():
            part.append([key, count])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
