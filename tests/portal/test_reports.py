"""The owner's report page: tax results, tasks per person, SVG charts, CSV and XLSX."""

from __future__ import annotations

import csv
import io

import openpyxl

from tests.portal.conftest import page_text, tr
from tests.portal.test_payments import settle


def test_the_owner_sees_the_results_with_charts_and_downloads_them(embedded, as_user, pdata):
    settle(embedded, pdata)
    owner = as_user("owner@a.test")
    page = page_text(owner.get("/owner/reports/?month=2026-10"))
    assert tr("Tax results") in page and tr("Tasks per person") in page
    assert page.count('<svg class="chart"') == 3 and "Firma Jeden" in page
    response = owner.get("/owner/reports/export.csv?month=2026-10&table=tax_results")
    assert response.headers["Content-Disposition"].endswith('tax_results.csv"')
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {r["company"] for r in rows} == {"Firma Jeden", "Firma Dwa"}
    book = openpyxl.load_workbook(io.BytesIO(owner.get("/owner/reports/export.xlsx").get_data()))
    assert book.sheetnames == ["documents", "tax_results", "tasks_per_person"]
    assert owner.get("/owner/reports/export.pdf").status_code == 404
    assert owner.get("/owner/reports/export.csv?table=nothing").status_code == 404


def test_staff_and_clients_do_not_get_the_report(client, as_user, pdata):
    staff = as_user("staff@a.test")
    assert staff.get("/owner/reports/").status_code in (302, 403, 404)
    assert staff.get("/owner/reports/export.xlsx").status_code in (302, 403, 404)
