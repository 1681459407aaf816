"""Measure stack splitting: how often generated stacks are cut right, and what it costs.

usage: python bench/stacks.py [--count N] [--seed S] [--least P]
Builds N stacks of 2-4 generated Polish invoices of 1-3 pages each (with --least P, of as
many invoices as make at least P pages), as text PDFs and as 200-dpi scanned TIFFs, plus N
single invoices of 3+ pages; reads each with ocr.extract and prints the stacks split
exactly right, the parts found right, the singles wrongly split, and seconds per page.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ocr
from samples import degrade, layouts
from samples.invoice import EPOCH, random_invoice


def stack(
    rng: random.Random, scanned: bool, least: int = 0
) -> tuple[bytes, list[tuple[int, int]], int]:
    """Return a stack's file, its true parts and its page count."""
    pdfs, parts, first = [], [], 1
    wanted = rng.randint(2, 4)
    while len(pdfs) < wanted or first - 1 < least:
        inv = random_invoice(rng, "pl", rng.choice([4, 8, 60, 90]), start=EPOCH)
        data = layouts.render(inv, rng.choice(["classic", "stacked", "band"]), rng)
        n = len(pdfium.PdfDocument(data))
        pdfs.append(data)
        parts.append((first, first + n - 1))
        first += n
    if scanned:
        frames = [degrade.scan(p, rng) for data in pdfs for p in degrade.pages(data, 200)]
        buf = io.BytesIO()
        frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
        return buf.getvalue(), parts, first - 1
    out = pdfium.PdfDocument.new()
    for data in pdfs:
        out.import_pages(pdfium.PdfDocument(data))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue(), parts, first - 1


@dataclass
class Tally:
    """Stacks split exactly right, parts found right, and what reading them cost."""

    stacks: int = 0
    right: int = 0
    parts: int = 0
    parts_right: int = 0
    pages: int = 0
    seconds: float = 0.0

    def line(self, kind: str) -> str:
        """Return the tally as one printed line."""
        return (
            f"stacks, {kind}: {self.right}/{self.stacks} split exactly right, parts right "
            f"{self.parts_right}/{self.parts}, {self.seconds / max(self.pages, 1):.2f} s per "
            f"page ({self.pages} pages)"
        )


def measure(rng: random.Random, count: int, scanned: bool, least: int = 0) -> Tally:
    """Build and read `count` stacks; count those split exactly right and their parts."""
    tally = Tally()
    for _ in range(count):
        data, truth, pages = stack(rng, scanned, least)
        started = time.monotonic()
        result = ocr.extract(data, "stack")
        tally.seconds += time.monotonic() - started
        found = result.parts or [(1, pages)]
        tally.stacks += 1
        tally.right += found == truth
        tally.parts += len(truth)
        tally.parts_right += len(set(found) & set(truth))
        tally.pages += pages
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--least", type=int, default=0, help="pages a stack has at least")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for scanned in (False, True):
        tally = measure(rng, args.count, scanned, args.least)
        print(tally.line("scanned TIFF" if scanned else "text PDF"))
    wrong = 0
    for _ in range(args.count):
        inv = random_invoice(rng, "pl", rng.choice([90, 130, 170]), start=EPOCH)
        result = ocr.extract(layouts.render(inv, "classic", rng), "single")
        wrong += bool(result.parts)
    print(f"single invoices of 3+ pages wrongly split: {wrong}/{args.count}")


if __name__ == "__main__":
    main()
