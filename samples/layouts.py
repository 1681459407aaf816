"""Lay an invoice out as a text PDF in one of several visibly different styles."""

from __future__ import annotations

import random
from dataclasses import dataclass

from samples import fake
from samples.canvas import Canvas
from samples.invoice import Invoice
from samples.wording import Wording


@dataclass(frozen=True)
class Style:
    """How a layout looks: font, where labels go, how parties and the table are drawn."""

    family: str
    header: str  # "right" | "center" | "band"
    labels: str  # "left" | "under" | "right"
    parties: str  # "side" | "stacked"
    table: str  # "grid" | "lines" | "zebra"
    row_vat: bool  # a per-row VAT amount column


STYLES = {
    "classic": Style("sans", "right", "left", "side", "grid", True),
    "stacked": Style("serif", "center", "right", "stacked", "lines", False),
    "under": Style("condensed", "right", "under", "side", "zebra", True),
    "band": Style("sans", "band", "right", "side", "lines", True),
    "ledger": Style("mono", "center", "left", "stacked", "lines", False),
    "compact": Style("serif", "right", "under", "stacked", "grid", True),
}
LEFT, RIGHT, BOTTOM = 15.0, 195.0, 272.0


def tax_text(party: fake.Party, rng: random.Random) -> str:
    """Print a party's tax id as it appears beside its label."""
    if party.tax_id is None:
        return ""
    if party.country == "PL":
        return fake.format_nip(party.tax_id, rng)
    if party.country == "DE":
        return "DE" + party.tax_id
    return party.tax_id


class Layout:
    """Draws one invoice; call render() for the PDF bytes."""

    def __init__(self, inv: Invoice, style: Style, rng: random.Random) -> None:
        """Prepare the wording and canvas for the invoice."""
        self.inv, self.style, self.rng = inv, style, rng
        self.w = Wording(inv.lang, rng)
        # DejaVu Serif and Sans Mono have no Hebrew letters
        family = "sans" if inv.lang == "il" and style.family in ("serif", "mono") else style.family
        self.c = Canvas(family, rtl=inv.lang == "il")
        self.y = 15.0

    def render(self) -> bytes:
        """Draw every part and return the PDF."""
        self.c.add_page()
        self.header()
        self.dates()
        self.parties()
        self.table()
        self.summary()
        self.payment()
        self.footer()
        return self.c.output()

    def header(self) -> None:
        """Draw the title with the invoice number."""
        inv, s, c = self.inv, self.style, self.c
        label = self.w["correction"] if inv.correction_of else self.w["title"]
        title = f"{label} {inv.number}"
        if s.header == "band":
            c.rect(0, 10, 210, 14, fill=60)
            c.text(LEFT, 14, title, 15, bold=True, white=True)
        elif s.header == "center":
            c.text(LEFT, 14, title, 14, bold=True, align="C", w=RIGHT - LEFT)
        else:
            c.text(LEFT, 14, inv.seller.name, 11, bold=True)
            c.text(105, 14, title, 13, bold=True, align="R", w=RIGHT - 105)
        self.y = 28
        if inv.correction_of:
            c.text(LEFT, self.y, f"{self.w['corrects']} {inv.correction_of}", 9)
            self.y += 6

    def _field(
        self, x: float, y: float, label: str, value: str, w: float = 80, gap: float = 42
    ) -> float:
        """Draw one labelled value in the style's label placement; return the next y."""
        c = self.c
        if self.style.labels == "under":
            c.text(x, y, value, 10, bold=True)
            c.text(x, y + 4.6, label, 6.5)
            return y + 9.5
        if self.style.labels == "right":
            c.text(
                x,
                y,
                f"{label}: {value}" if not label.endswith(":") else f"{label} {value}",
                9,
                align="R",
                w=w,
            )
            return y + 5
        c.text(x, y, label + ("" if label.endswith(":") else ":"), 9)
        c.text(x + gap, y, value, 9, bold=True)
        return y + 5

    def dates(self) -> None:
        """Draw issue, sale and due dates (the due one as a date or 'N dni')."""
        inv, w = self.inv, self.w
        pairs = [(w["issue"], w.date(inv.issue))]
        if inv.sale:
            pairs.append((w["sale"], w.date(inv.sale)))
        if inv.due and self.rng.random() < 0.5:
            pairs.append((w["due"], self._due()))
            self.due_shown = True
        else:
            self.due_shown = False
        x = LEFT if self.style.labels != "right" else 105
        y = self.y
        gap = max(self.c.width(label + ":", 9) for label, _ in pairs) + 3
        for label, value in pairs:
            y = self._field(x, y, label, value, w=RIGHT - 105, gap=gap)
        self.y = y + 4

    def _due(self) -> str:
        inv = self.inv
        if inv.due_days:
            return f"{self.w['days'].format(n=inv.due_days)}"
        return self.w.date(inv.due)

    def _party(self, x: float, y: float, label: str, p: fake.Party) -> float:
        c = self.c
        c.text(x, y, label, 8 if self.style.family != "mono" else 9, bold=True)
        y = c.lines(x, y + 5, [p.name, p.street, p.city], 9.5)
        tax_label = self.w["tax_id"]
        if p.country == "IL":
            tax_label = "ח.פ." if 'בע"מ' in p.name else "עוסק מורשה"
        elif p.country == "DE" and self.inv.lang == "pl":
            tax_label = "NIP UE:"
        c.text(x, y, f"{tax_label} {tax_text(p, self.rng)}", 9.5)
        return y + 6

    def parties(self) -> None:
        """Draw seller and buyer side by side or one above the other."""
        inv, w = self.inv, self.w
        if self.style.parties == "side":
            y1 = self._party(LEFT, self.y, w["seller"], inv.seller)
            y2 = self._party(110, self.y, w["buyer"], inv.buyer)
            self.y = max(y1, y2) + 4
        else:
            self.y = self._party(LEFT, self.y, w["seller"], inv.seller) + 2
            self.y = self._party(LEFT, self.y, w["buyer"], inv.buyer) + 4

    def _columns(self) -> list[tuple[int, float, str]]:
        """Return (label index, width, align) of the table's columns."""
        cols = [
            (0, 8, "C"),
            (1, 53, "L"),
            (2, 12, "C"),
            (3, 13, "R"),
            (4, 22, "R"),
            (5, 22, "R"),
            (6, 12, "C"),
        ]
        if self.style.row_vat:
            cols += [(7, 16, "R"), (8, 22, "R")]
        else:
            cols[1] = (1, 91, "L")
        return cols

    def _table_head(self) -> None:
        c, cols = self.c, self._columns()
        names = self.w["cols"]
        x = LEFT
        if self.style.table == "grid":
            c.rect(LEFT, self.y - 1, sum(w for _, w, _ in cols), 7, fill=225)
        for i, width, align in cols:
            c.text(x, self.y, names[i], 7, bold=True, align=align, w=width)
            x += width
        self.y += 6
        c.line(LEFT, self.y, RIGHT, self.y, 0.4)
        self.y += 1.5

    def table(self) -> None:
        """Draw the line items, spilling onto further pages with the header repeated."""
        c, w, cols = self.c, self.w, self._columns()
        self._table_head()
        for n, row in enumerate(self.inv.rows, 1):
            if self.y > BOTTOM - 8:
                self.footer()
                c.add_page()
                self.y = 18
                self._table_head()
            values = [
                str(n),
                row.name,
                row.unit,
                w.qty(row.qty),
                w.number(row.price),
                w.number(row.net),
                w.rate(row.rate),
                w.number(row.vat),
                w.number(row.gross),
            ]
            if self.style.table == "zebra" and n % 2 == 0:
                c.rect(LEFT, self.y - 1, RIGHT - LEFT, 6, fill=238)
            x = LEFT
            for i, width, align in cols:
                c.text(x, self.y, values[i], 8, align=align, w=width)
                x += width
            self.y += 6
            if self.style.table != "zebra":
                c.line(LEFT, self.y - 1, RIGHT, self.y - 1, 0.1)
        self.y += 4

    def summary(self) -> None:
        """Draw the VAT summary per rate with its total line, then the amount to pay."""
        c, w, inv = self.c, self.w, self.inv
        rows = inv.breakdown()
        if self.y + 12 + 5 * len(rows) + 30 > BOTTOM:
            self.footer()
            c.add_page()
            self.y = 18
        x0, widths = 95.0, [22, 26, 26, 26]
        heads = w["summary"]
        for i, head in enumerate(heads):
            c.text(x0 + sum(widths[:i]), self.y, head, 7, bold=True, align="R", w=widths[i])
        self.y += 5
        c.line(x0, self.y - 0.5, RIGHT, self.y - 0.5)
        lines = [(w.rate(r), n, v) for r, n, v in rows]
        lines.append((w["total"], inv.net, inv.vat))
        for label, net, vat in lines:
            cells = [label, w.number(net), w.number(vat), w.number(net + vat)]
            bold = label == w["total"]
            if bold:
                c.line(x0, self.y - 0.5, RIGHT, self.y - 0.5)
            for i, cell in enumerate(cells):
                c.text(x0 + sum(widths[:i]), self.y, cell, 8, bold=bold, align="R", w=widths[i])
            self.y += 5
        self.y += 4
        label = w["refund"] if inv.correction_of and self.rng.random() < 0.5 else w["pay"]
        amount = abs(inv.gross) if label != w["pay"] else inv.gross
        c.text(LEFT, self.y, f"{label} {w.money(amount, inv.currency)}", 12, bold=True)
        self.y += 9

    def payment(self) -> None:
        """Draw the payment method, due date (when not drawn above) and bank account."""
        c, w, inv = self.c, self.w, self.inv
        c.text(LEFT, self.y, w["method"], 9)
        self.y += 5
        if inv.due and not self.due_shown:
            c.text(LEFT, self.y, f"{w['due']}: {self._due()}", 9)
            self.y += 5
        if inv.account:
            shown = fake.format_account(inv.account, self.rng) if inv.lang != "il" else inv.account
            c.text(LEFT, self.y, f"{w['bank']} {shown}", 9, bold=self.rng.random() < 0.5)
            self.y += 5
        if inv.lang == "en" and any(r.rate == "np" for r in inv.rows):
            c.text(
                LEFT,
                self.y,
                "Reverse charge - VAT to be accounted for by the recipient "
                "(Art. 196 Directive 2006/112/EC).",
                7.5,
            )

    def footer(self) -> None:
        """Draw the page number at the bottom."""
        self.c.text(LEFT, 285, self.w["page"].format(p=self.c.page), 7, align="C", w=RIGHT - LEFT)


def render(inv: Invoice, style: str, rng: random.Random) -> bytes:
    """Return the invoice as a text PDF in the named style."""
    return Layout(inv, STYLES[style], rng).render()
