"""Turn a page's words into rows and cells, and find the value beside or under a label."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ocr.model import Page, Word

PAGE_GAP = 100_000.0  # rows of page n sit at n * PAGE_GAP + top, so order runs across pages
CELL_GAP = 1.2  # a gap wider than this many word heights starts a new cell
ROWS_BELOW = 4


@dataclass
class Cell:
    """Words that read as one phrase: close together on one row."""

    words: list[Word]
    page: int = 0
    text: str = ""

    def __post_init__(self) -> None:
        words = self.words
        if is_rtl(w.text for w in words):
            words = _rtl_order(words)
        self.text = " ".join(w.text for w in words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words) + self.page * PAGE_GAP

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words) + self.page * PAGE_GAP

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words)

    def overlaps(self, other: Cell, slack: float = 0.0) -> bool:
        """Tell whether two cells share some horizontal span."""
        return self.x0 - slack < other.x1 and other.x0 - slack < self.x1


@dataclass
class Row:
    """The cells of one line of a page, left to right."""

    cells: list[Cell] = field(default_factory=list)
    page: int = 0
    index: int = 0

    @property
    def text(self) -> str:
        return "  ".join(c.text for c in self.cells)

    @property
    def top(self) -> float:
        return min(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.cells)

    @property
    def height(self) -> float:
        return statistics.median(w.bottom - w.top for c in self.cells for w in c.words)


@dataclass
class Document:
    """Every row of every page read, in reading order."""

    rows: list[Row]
    pages: list[Page]
    rtl: bool = False
    captions_below: bool = False  # labels printed under their values, not above
    # a date label with a date both above and below it, the layout's vote tied: which of
    # them is its value is a guess, so a date read from another row is never made sure
    captions_unsure: bool = False

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.rows)

    def cells(self) -> Iterator[tuple[Row, Cell]]:
        """Yield every cell with its row."""
        for row in self.rows:
            for cell in row.cells:
                yield row, cell


def is_rtl(texts: Iterator[str] | list[str]) -> bool:
    """Tell whether most letters of the texts are Hebrew (read right to left)."""
    hebrew = latin = 0
    for text in texts:
        for c in text:
            if "\u0590" <= c <= "\u05ff":
                hebrew += 1
            elif c.isalpha():
                latin += 1
    return hebrew > latin


def _rtl_order(words: list[Word]) -> list[Word]:
    """Order words right to left, but keep runs of Latin words and numbers left to right."""
    ordered = sorted(words, key=lambda w: -w.x1)
    out: list[Word] = []
    run: list[Word] = []
    for word in ordered:
        if is_rtl([word.text]):
            out.extend(reversed(run))
            run = []
            out.append(word)
        else:
            run.append(word)
    out.extend(reversed(run))
    return out


def build(pages: list[Page]) -> Document:
    """Group each page's words into rows and cells, cells in reading order."""
    rows: list[Row] = []
    rtl = is_rtl(w.text for page in pages for w in page.words)
    for number, page in enumerate(pages):
        for words in _lines(page.words):
            cells = _cells(words, number)
            if rtl:
                cells.reverse()
            rows.append(Row(cells, page=number, index=len(rows)))
    return Document(rows, pages, rtl=rtl)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Group words whose vertical middles fall within one another's band."""
    lines: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if not word.text.strip():
            continue
        middle = (word.top + word.bottom) / 2
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bands[i]
            if top <= middle <= bottom:
                lines[i].append(word)
                bands[i] = (min(top, word.top), max(bottom, word.bottom))
                break
        else:
            lines.append([word])
            bands.append((word.top, word.bottom))
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _cells(words: list[Word], page: int) -> list[Cell]:
    """Split a line's words at wide gaps."""
    height = statistics.median(w.bottom - w.top for w in words) or 1.0
    cells: list[list[Word]] = [[words[0]]]
    for word in words[1:]:
        if word.x0 - cells[-1][-1].x1 > CELL_GAP * height:
            cells.append([word])
        else:
            cells[-1].append(word)
    return [Cell(ws, page) for ws in cells]


class Near(NamedTuple):
    """A text that may hold a label's value: its distance rank, how sure its reading is."""

    text: str
    distance: float
    conf: float  # the cell's: when the value shares the label's cell, theirs together


@dataclass(frozen=True)
class Hit:
    """A label found in a cell, and the text after it in that cell."""

    row: Row
    cell: Cell
    rest: str


def find_labels(doc: Document, pattern: re.Pattern[str]) -> list[Hit]:
    """Return every cell where the label pattern occurs, with the text after the label."""
    hits = []
    for row, cell in doc.cells():
        m = pattern.search(cell.text)
        if m:
            rest = cell.text[m.end() :].lstrip(" :.#-–|\t")
            hits.append(Hit(row, cell, rest))
    return hits


def values_near(doc: Document, hit: Hit) -> Iterator[Near]:
    """Yield texts that may hold a label's value, nearest first, with a distance rank."""
    if hit.rest:
        yield Near(hit.rest, 0.0, hit.cell.conf)
    position = hit.row.cells.index(hit.cell)
    for i, cell in enumerate(hit.row.cells[position + 1 : position + 4]):
        yield Near(cell.text, 1.0 + i, cell.conf)
    if doc.captions_below:
        yield from _above(doc, hit, 1.5)
    # Then the cells under the label, in the rows just below.
    start = hit.row.index + 1
    for n, row in enumerate(doc.rows[start : start + ROWS_BELOW]):
        if row.top - hit.row.bottom > (ROWS_BELOW + 1) * max(hit.row.height, 1.0):
            break
        under = [c for c in row.cells if c.overlaps(hit.cell, slack=2.0)]
        for cell in under:
            yield Near(cell.text, 2.0 + n, cell.conf)
    if not doc.captions_below:
        yield from _above(doc, hit, 8.0)


def _above(doc: Document, hit: Hit, distance: float) -> Iterator[Near]:
    """Yield the cells just above a label: a value printed over its caption."""
    if hit.row.index > 0:
        above = doc.rows[hit.row.index - 1]
        for cell in above.cells:
            if cell.overlaps(hit.cell) and hit.row.top - above.bottom < 2 * hit.row.height:
                yield Near(cell.text, distance, cell.conf)
