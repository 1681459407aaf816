"""The owner's report of a month: late documents, when each tax result was ready and how
long after the documents, recalculations, late tasks per person; charts; CSV and XLSX."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from intake.errors import InvalidInput
from intake.exports import export
from intake.month import Month
from intake.periods import parse_month, recent_months
from intake.stats import report_tables
from intake.vocabulary import Role
from portal.auth import role_required
from portal.charts import bar_chart
from portal.db import get_db

bp = Blueprint("reports", __name__, url_prefix="/owner/reports")
TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def chosen_month() -> tuple[Month, list[Month]]:
    """Return the month asked for (the last closed one by default) and the months offered."""
    months = recent_months(13)[1:]
    try:
        return parse_month(request.args.get("month") or months[0]), months
    except InvalidInput:
        return months[0], months


@bp.get("/")
@role_required(Role.OWNER)
def index():
    """Show the month's tables and their charts."""
    month, months = chosen_month()
    tables = report_tables(get_db(), current_user.office_id, month)
    results = tables.get("tax_results", [])
    people = tables.get("tasks_per_person", [])
    charts = {
        "days": bar_chart(
            [
                (str(r["company"]), float(r["days_to_result"]))
                for r in results
                if r["days_to_result"] is not None
            ],
            _("Days from documents delivered to the tax result"),
        ),
        "late_people": bar_chart(
            [(str(p["person"]), float(p["done_late"]) + float(p["open_overdue"])) for p in people],
            _("Tasks done late or overdue, per person"),
        ),
        "late_documents": bar_chart(
            [(str(d["company"]), float(d["late"])) for d in tables["documents"] if d["late"]],
            _("Documents delivered late, per company"),
        ),
    }
    return render_template(
        "reports/index.html",
        month=month,
        months=months,
        documents=tables["documents"],
        results=results,
        people=people,
        charts=charts,
        names=list(tables),
    )


@bp.get("/export.csv")
@role_required(Role.OWNER)
def csv_file():
    """Send the month's tables (or one of them) as a CSV file."""
    return download("csv")


@bp.get("/export.xlsx")
@role_required(Role.OWNER)
def xlsx_file():
    """Send the month's tables (or one of them) as an XLSX workbook."""
    return download("xlsx")


def download(fmt: str):
    """Send the month's tables (or one of them) in a format."""
    month, _months = chosen_month()
    tables = report_tables(get_db(), current_user.office_id, month)
    only = request.args.get("table")
    if only:
        if only not in tables:
            abort(404)
        tables = {only: tables[only]}
    name = f"intake-{month}-{only or 'report'}.{fmt}"
    return Response(
        export(tables, fmt),
        mimetype=TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
