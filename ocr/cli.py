"""`intake extract FILE... [--json]`: read invoices without a database (DESIGN.md contract)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
from tqdm import tqdm

from ocr.errors import Problem, Reason, describe
from ocr.model import Extraction
from ocr.qr import find_code
from ocr.reader import extract as extract_bytes

logger = logging.getLogger(__name__)

PROGRESS_FROM = 5  # files; fewer finish before a bar would help


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
def extract(files: tuple[str, ...], as_json: bool) -> None:
    """Read invoice fields from FILES (PDF, image or KSeF XML) without a database."""
    show_bar = sys.stderr.isatty() and len(files) >= PROGRESS_FROM
    for file in tqdm(files, disable=not show_bar, file=sys.stderr, unit="file"):
        result = read_file(file)
        if as_json:
            click.echo(json.dumps(with_code(file, result), ensure_ascii=False))
        else:
            click.echo(summary(file, result))


def read_file(file: str) -> Extraction:
    """Read one file from disk; a file that cannot be opened comes back rejected."""
    try:
        data = Path(file).read_bytes()
    except OSError as e:
        problem = Problem(Reason.FILE_NOT_OPENED, {"detail": e.strerror or describe(e)})
        return Extraction(status="rejected", error=problem)
    return extract_bytes(data, Path(file).name)


def with_code(file: str, result: Extraction) -> dict[str, object]:
    """Return the contract's line, with a KSeF code printed on the document (KOD I)."""
    row = result.to_contract(file)
    if result.status == "ok" and result.source != "ksef-xml":
        code = find_code(Path(file).read_bytes(), result.text)
        if code is not None:
            row["ksef_number"], row["ksef_qr"] = code.ksef_number, code.to_json()
    return row


def summary(file: str, result: Extraction) -> str:
    """Return a short human-readable account of one file's extraction."""
    if result.status != "ok":
        return f"{file}: rejected: {result.error}"
    f = result.fields
    parts = [
        f"{file}: {f.kind or 'document'} {f.invoice_number or '(no number)'}",
        f"issued {f.issue_date or '?'}",
        f"seller {f.seller_tax_id or '?'}",
        f"gross {f.gross_total if f.gross_total is not None else '?'} {f.currency or ''}".rstrip(),
        f"[{result.source}, {result.pages} p., {result.elapsed_ms} ms]",
    ]
    lines = [", ".join(parts)]
    lines += [f"  needs review: {problem}" for problem in result.problems]
    return "\n".join(lines)


if __name__ == "__main__":
    extract()
