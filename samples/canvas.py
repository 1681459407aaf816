"""Draw text, lines and boxes on an A4 PDF page with a real text layer, left or right to left."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from fpdf import FPDF
from fpdf.bidi import BidiParagraph

logger = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}
HEBREW = re.compile("[\u0590-\u05ff]")
PAGE_W, PAGE_H = 210.0, 297.0


def visual(text: str) -> str:
    """Return Hebrew text in visual (left-to-right drawing) order; other text unchanged."""
    if not HEBREW.search(text):
        return text
    return BidiParagraph(text, base_direction=None).get_reordered_string()


class Canvas:
    """An A4 document drawn in millimetres; with rtl=True every x is mirrored."""

    def __init__(self, family: str = "sans", rtl: bool = False) -> None:
        """Open an empty document using one of the DejaVu families."""
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creator("Intake samples")
        self.pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))  # same bytes each run
        for name, (regular, bold) in FONTS.items():
            self.pdf.add_font(name, "", str(FONT_DIR / regular))
            self.pdf.add_font(name, "B", str(FONT_DIR / bold))
        self.family = family
        self.rtl = rtl
        self.page = 0

    def add_page(self) -> None:
        """Start a new page."""
        self.pdf.add_page()
        self.page += 1

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float = 9,
        bold: bool = False,
        align: str = "L",
        w: float = 0,
        family: str | None = None,
        white: bool = False,
    ) -> None:
        """Write s in a box of width w at (x, y) (top-left, mm), aligned L, R or C."""
        self.pdf.set_font(family or self.family, "B" if bold else "", size)
        self.pdf.set_text_color(255 if white else 0)
        width = w or self.pdf.get_string_width(s) + 1
        if self.rtl:
            x = PAGE_W - x - width
            align = {"L": "R", "R": "L"}.get(align, align)
        self.pdf.set_xy(x, y)
        self.pdf.cell(width, size * 0.45, visual(s), align=align)

    def lines(self, x: float, y: float, rows: list[str], size: float = 9, **kw) -> float:
        """Write rows one under another; return the y below the last."""
        for row in rows:
            self.text(x, y, row, size, **kw)
            y += size * 0.45
        return y

    def width(self, s: str, size: float = 9, bold: bool = False) -> float:
        """Return the printed width of s in mm."""
        self.pdf.set_font(self.family, "B" if bold else "", size)
        return self.pdf.get_string_width(s)

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.2) -> None:
        """Draw a line."""
        if self.rtl:
            x1, x2 = PAGE_W - x1, PAGE_W - x2
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y1, x2, y2)

    def rect(self, x: float, y: float, w: float, h: float, fill: int | None = None) -> None:
        """Draw a box, filled with a grey level when fill is given."""
        if self.rtl:
            x = PAGE_W - x - w
        self.pdf.set_line_width(0.2)
        if fill is not None:
            self.pdf.set_fill_color(fill)
        self.pdf.rect(x, y, w, h, style="F" if fill is not None else "D")

    def output(self) -> bytes:
        """Return the finished PDF."""
        return bytes(self.pdf.output())
