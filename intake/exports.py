"""Tables of figures written out: JSON, CSV (one table, or each under its name), XLSX (a sheet
each). The owner's statistics use it (`intake stats --format`, the portal's export links)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal

from openpyxl import Workbook

Table = Sequence[Mapping[str, object]]
FORMATS = ("json", "csv", "xlsx")


def columns(rows: Table) -> list[str]:
    """Return a table's columns in their first appearance order."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def cell(value: object) -> object:
    """Return a value as a spreadsheet holds it (text for what has no cell type)."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def to_csv(tables: Mapping[str, Table]) -> bytes:
    """Return tables as CSV (UTF-8 with a BOM, for spreadsheets): one table as it is,
    several each under a line with its name and after an empty line."""
    out = io.StringIO()
    writer = csv.writer(out)
    for index, (name, rows) in enumerate(tables.items()):
        if len(tables) > 1:
            if index:
                writer.writerow([])
            writer.writerow([f"# {name}"])
        names = columns(rows)
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else cell(row.get(c)) for c in names])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(tables: Mapping[str, Table]) -> bytes:
    """Return tables as an XLSX workbook, one sheet per table (its name, 31 characters)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name[:31])
        names = columns(rows)
        sheet.append(names)
        for row in rows:
            sheet.append([cell(row.get(c)) for c in names])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(tables: Mapping[str, Table], **about: object) -> bytes:
    """Return tables as one JSON document, with what they are about (office, month)."""
    data = {**about, "tables": {name: list(rows) for name, rows in tables.items()}}
    return json.dumps(data, ensure_ascii=False, default=str, indent=1).encode("utf-8")


def export(tables: Mapping[str, Table], fmt: str, **about: object) -> bytes:
    """Return tables written in a format (json, csv, xlsx)."""
    if fmt == "csv":
        return to_csv(tables)
    if fmt == "xlsx":
        return to_xlsx(tables)
    return to_json(tables, **about)
