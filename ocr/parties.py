"""Read the seller and the buyer: their blocks (side by side or stacked), names and tax ids."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ocr.amounts import find_amounts
from ocr.dates import find_dates
from ocr.layout import Cell, Document, Row
from ocr.tax_ids import TaxId, find_israeli_ids, find_tax_ids

IGNORE = re.IGNORECASE
SELLER = re.compile(
    r"^\W*(?:sprzedawc[aą]|sprzedający|sprzedajacy|wystawca|dostawca|usługodawca|"
    r"seller|vendor|supplier|sold\s*by|from|issued\s*by|service\s*provider|"
    r"leverancier|verkäufer|verkaufer|lieferant|fournisseur|vendeur|"
    r"מוכר|ספק|פרטי\s*העסק|העסק|נותן\s*השירות)\b\W*$",
    IGNORE,
)
BUYER = re.compile(
    r"^\W*(?:nabywc[aą]|kupujący|kupujacy|zamawiający|zamawiajacy|odbiorca|płatnik|platnik|"
    r"usługobiorca|buyer|bill(?:ed)?\s*to(?:\s*address)?|customer|client|sold\s*to|invoice\s*to|"
    r"purchaser|recipient|factuuradres|klant|käufer|kaufer|kunde|rechnungsempfänger|"
    r"acheteur|לקוח|קונה|לכבוד|שם\s*הלקוח)\b\W*$",
    IGNORE,
)
# Lines inside a party block that are not its name.
NOT_NAME = re.compile(
    r"^\W*(?:nip|vat|tax|regon|krs|pesel|ul\.|al\.|adres|address|tel|phone|fax|e-?mail|www|"
    r"bank|iban|konto|nr\s*konta|btw|kvk|ust|mwst|attn|ח\.?פ|ע\.?מ|עוסק|טל|דוא)",
    IGNORE,
)
NAME_PREFIX = re.compile(r"^\W*(?:nazwa|name|firma|company|attn|שם)\s*[:.]\s*", IGNORE)
TAX_LABEL = re.compile(
    r"\b(?:nip|vat|tax|btw|ust|mwst|tva|iva|id)\b|ח\.?\s?פ|ע\.?\s?מ|עוסק|מספר\s*עוסק", IGNORE
)
# A tax id the text says is the buyer's ('Uw BTW nummer', 'NIP nabywcy', 'Customer VAT').
BUYER_ID = re.compile(
    r"\b(?:uw|your|ihre?|buyer'?s?|customer|client|klant|nabywcy|odbiorcy)\b.{0,12}"
    r"(?:btw|vat|tax|nip|ust|mwst)|(?:nip|vat)\s*(?:nabywcy|odbiorcy|klienta)",
    IGNORE,
)
BLOCK_ROWS = 9


@dataclass
class Party:
    """One side of the invoice as read: its block's lines, name and tax id."""

    lines: list[str] = field(default_factory=list)
    name: str | None = None
    tax_id: TaxId | None = None
    labelled: bool = False
    guessed: bool = False


def read_parties(doc: Document, hebrew: bool) -> tuple[Party, Party]:
    """Return the seller and the buyer, from their labelled blocks where there are any."""
    seller_hit = _first(doc, SELLER)
    buyer_hit = _first(doc, BUYER)
    stops = [h for h in (seller_hit, buyer_hit) if h]
    seller = _block(doc, seller_hit, stops, hebrew) if seller_hit else Party()
    buyer = _block(doc, buyer_hit, stops, hebrew) if buyer_hit else Party()
    _fill_unlabelled(doc, seller, buyer, hebrew)
    return seller, buyer


def _first(doc: Document, pattern: re.Pattern[str]) -> tuple[Row, Cell] | None:
    for row, cell in doc.cells():
        if pattern.search(cell.text) or pattern.search(cell.text.split(":")[0] + ":"):
            return row, cell
    return None


def _label_head(cell: Cell, pattern: re.Pattern[str]) -> bool:
    return bool(pattern.search(cell.text.split(":")[0] + ":"))


def _block(
    doc: Document, hit: tuple[Row, Cell], stops: list[tuple[Row, Cell]], hebrew: bool
) -> Party:
    """Collect the lines under a label, in its column, until the next block."""
    row, label = hit
    party = Party(labelled=True)
    rest = label.text.split(":", 1)[1].strip() if ":" in label.text else ""
    if rest:
        party.lines.append(rest)
    # The column ends where the next label of the row begins (LTR) or ends (RTL).
    neighbours = [c for c in row.cells if c is not label and _wordy(c.text)]
    lefts = [c for c in neighbours if c.x1 <= label.x0 + 1]
    rights = [c for c in neighbours if c.x0 >= label.x1 - 1]
    h = _height(label)
    if doc.rtl:
        left = max([c.x1 + h for c in lefts], default=-1e9)
        right = label.x1 + 2 * h
    else:
        left = label.x0 - 2 * h
        right = min([c.x0 - h for c in rights], default=1e9)
    last_bottom = row.bottom
    for below in doc.rows[row.index + 1 : row.index + 1 + BLOCK_ROWS]:
        if below.top - last_bottom > 2.5 * _height(label) or len(below.cells) >= 4:
            break
        if any(below is r for r, _ in stops if r is not row):
            break
        cells = [c for c in below.cells if _share(c, left, right) > 0.5 and _wordy(c.text)]
        if not cells:
            continue
        if any(SELLER.search(c.text) or BUYER.search(c.text) for c in cells):
            break
        party.lines.append(" ".join(c.text for c in cells))
        last_bottom = below.bottom
    _name_and_id(party, hebrew)
    return party


def _wordy(text: str) -> bool:
    """Tell a cell with letters or digits from OCR specks ('"', '-', '|')."""
    return sum(c.isalnum() for c in text) >= 2


def _share(cell: Cell, left: float, right: float) -> float:
    """Return the share of a cell's width that lies between left and right."""
    width = max(cell.x1 - cell.x0, 1.0)
    return max(0.0, min(cell.x1, right) - max(cell.x0, left)) / width


def _height(cell: Cell) -> float:
    return max(cell.bottom - cell.top, 1.0)


# OCR reads the o's of the Polish legal form "sp. z o.o." as zeros ("sp. z 0.0.").
LEGAL_FORM = re.compile(r"\b(sp\.?\s*z)\s*[o0]\s*\.\s*[o0]\s*\.?", re.IGNORECASE)


def legal_form(name: str) -> str:
    """Write the legal form 'sp. z o.o.' as it is, whatever OCR made of its letters."""
    return LEGAL_FORM.sub(lambda m: f"{m.group(1)} o.o.", name)


def _name_and_id(party: Party, hebrew: bool) -> None:
    for line in party.lines:
        if find_amounts(line) or find_dates(line) or line.lstrip().startswith(("(", "*")):
            continue  # a total or a note beside the block, not a name
        if party.name is None and not NOT_NAME.search(line) and re.search(r"[^\W\d_]{2}", line):
            name = NAME_PREFIX.sub("", line).strip(" :,")
            if name:
                party.name = legal_form(name)
        elif party.name is None and NAME_PREFIX.search(line):
            party.name = NAME_PREFIX.sub("", line).strip(" :,") or None
    ids = [t for line in party.lines for t in _ids(line, hebrew)]
    if ids:
        party.tax_id = max(ids, key=lambda t: t.valid)


def _ids(line: str, hebrew: bool) -> list[TaxId]:
    found = find_tax_ids(line)
    if hebrew or re.search(r"ח\.?\s?פ|ע\.?\s?מ|עוסק", line):
        found += [t for t in find_israeli_ids(line) if t.valid or TAX_LABEL.search(line)]
    labelled = bool(TAX_LABEL.search(line))
    return [t for t in found if t.valid or labelled]


def _fill_unlabelled(doc: Document, seller: Party, buyer: Party, hebrew: bool) -> None:
    """Give each side the tax ids its block lacks: the first id on the page is the seller's."""
    taken = {p.tax_id.value for p in (seller, buyer) if p.tax_id}
    free: list[TaxId] = []
    for row in doc.rows:
        for cell in row.cells:
            if buyer.tax_id is None and BUYER_ID.search(cell.text) and _ids(cell.text, hebrew):
                buyer.tax_id = _ids(cell.text, hebrew)[0]
                taken.add(buyer.tax_id.value)
                continue
            for tax_id in _ids(cell.text, hebrew):
                if tax_id.value not in taken and tax_id.value not in {t.value for t in free}:
                    free.append(tax_id)
    free.sort(key=lambda t: not t.valid)
    if seller.tax_id is None and free:
        seller.tax_id = free.pop(0)
        seller.guessed = True
    if buyer.tax_id is None and free and not buyer.lines:
        buyer.tax_id = free.pop(0)
        buyer.guessed = True
    if seller.name is None and doc.rows:
        for row in doc.rows[:6]:
            text = row.cells[0].text
            if re.search(r"[^\W\d_]{3}", text) and not re.search(
                r"faktura|invoice|rachunek|חשבונית|factuur|rechnung", text, IGNORE
            ):
                seller.name = NAME_PREFIX.sub("", text).strip(" :,")
                break
