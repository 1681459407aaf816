"""Read the totals and the VAT summary, choosing the readings that add up."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ocr.amounts import find_amounts, find_currencies, find_rates, find_whole_amounts
from ocr.errors import Problem, Reason
from ocr.layout import Document, Row

IGNORE = re.IGNORECASE
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
ROW_TOLERANCE = Decimal("0.02")
SUMMED_TOLERANCE = Decimal("0.50")

NET = re.compile(
    r"razem\s*netto|warto[śs][ćc]\s*netto|suma\s*netto|netto\s*razem|kwota\s*netto|"
    r"sub\s*-?\s*tota+l|total\s*(?:excl|net|before|w/o|without)|net\s*(?:amount|total|value)|"
    r"\bexcl\.?\s*(?:vat|btw|tax)|exclusief|zwischensumme|nettobetrag|netto\b|\bnet\b|"
    r"grondslag|total\s*ht\b|\bht\b|hors\s*tax|סה[\"״]?כ\s*לפני|לפני\s*מע|סכום\s*ביניים",
    IGNORE,
)
GROSS = re.compile(
    r"do\s*zap[łlt]aty|do\s*zwrotu|razem\s*brutto|warto[śs][ćc]\s*brutto|kwota\s*brutto|"
    r"brutto|nale[żz]no[śs][ćc]|og[óo][łl]em|suma\s*brutto|\btotal\b|amount\s*due|balance\s*due|"
    r"amount\s*(?:payable|to\s*pay|credited)|grand\s*total|incl\.?\s*(?:vat|btw|tax)|"
    r"totaal|gesamt|endbetrag|rechnungsbetrag|summe|\bttc\b|net\s*[àa]\s*payer|"
    r"לתשלום|כולל|זיכוי",
    IGNORE,
)
VAT = re.compile(
    r"kwota\s*vat|razem\s*vat|podatek|\bvat\b|\btax\b|\bbtw\b|mwst|\bust\b|\btva\b|\biva\b|"
    r"\bgst\b|מע[\"״]?מ",
    IGNORE,
)
REFUND = re.compile(r"do\s*zwrotu|credited|refund|זיכוי", IGNORE)
SUM_ROW = re.compile(r"razem|suma|ogółem|ogolem|total|totaal|summe|סה[\"״]?כ", IGNORE)


@dataclass
class Labelled:
    """An amount and what the text before it on its row says it is."""

    kind: str  # "net" | "vat" | "gross"
    value: Decimal
    row: int
    rate: str | None = None


@dataclass
class Totals:
    """The chosen totals, the VAT rows, and which checks passed."""

    net: Decimal | None = None
    vat: Decimal | None = None
    gross: Decimal | None = None
    rows: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    consistent: bool = False
    labelled: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    lines_per_rate: dict[str, int] = field(default_factory=dict)


def classify(label: str) -> str | None:
    """Tell whether a label names the net, the VAT or the gross total."""
    if NET.search(label) and not re.search(r"incl|brutto|כולל", label, IGNORE):
        return "net"
    if GROSS.search(label) and (
        not VAT.search(label)
        or re.search(r"incl|brutto|zap[łl]aty|total\s*due|כולל", label, IGNORE)
    ):
        return "gross"
    if VAT.search(label):
        return "vat"
    return None


def labelled_amounts(doc: Document) -> list[Labelled]:
    """Return each amount whose row text before it names a total."""
    out = []
    for row in doc.rows:
        pairs = _row_pairs(row)
        if not pairs and re.search(r"\d", row.text):
            pairs = _whole_pairs(row)
        for label, value in pairs:
            kind = classify(label)
            if kind:
                rates = find_rates(label)
                if REFUND.search(label) and value > 0:
                    value = -value
                out.append(Labelled(kind, value, row.index, rates[0][0] if rates else None))
    return out


def _row_pairs(row: Row) -> list[tuple[str, Decimal]]:
    """Pair each label of a row with its amount: the next amount-only cell, else its own."""
    pairs: list[tuple[str, Decimal]] = []
    label, own = "", None
    for cell in row.cells:
        amounts = find_amounts(cell.text)
        before = cell.text[: amounts[0].start] if amounts else cell.text
        if amounts and not re.search(r"[^\W\d_]{2}", before):
            if label:  # a value cell: it belongs to the label before it
                pairs.append((label, amounts[-1].value if len(amounts) > 1 else amounts[0].value))
                label, own = "", None
            continue
        if label and own is not None:
            pairs.append((label, own))
        # A label cell, maybe with its own amount ('Do zapłaty: 1 234,00', 'Tax 15% on $ 112.90').
        label = before if amounts else cell.text
        own = (amounts[-1].value if len(amounts) > 1 else amounts[0].value) if amounts else None
    if label and own is not None:
        pairs.append((label, own))
    return pairs


def _whole_pairs(row: Row) -> list[tuple[str, Decimal]]:
    """Pair a total's label with an amount written without decimals beside a currency."""
    text = row.text
    if not find_currencies(text) or not GROSS.search(text):
        return []
    wholes = find_whole_amounts(text)
    if not wholes:
        return []
    return [(text[: wholes[0].start], wholes[-1].value)]


def rate_rows(doc: Document) -> list[tuple[int, str, Decimal, Decimal]]:
    """Return (row, rate, net, vat) for every row whose amounts fit a VAT rate."""
    out = []
    for row in doc.rows:
        found = _rate_row(row)
        if found:
            out.append((row.index, *found))
    return out


def _rate_row(row: Row) -> tuple[str, Decimal, Decimal] | None:
    text = row.text
    rates = find_rates(text)
    if not rates:
        return None
    amounts = [a.value for c in row.cells for a in find_amounts(c.text)]
    if not amounts:
        return None
    for rate, _, _ in rates:
        if rate[0].isdigit():
            pct = Decimal(rate)
            for net, vat in itertools.permutations(amounts, 2):
                if pct and abs(net * pct / 100 - vat) <= ROW_TOLERANCE and net != vat:
                    if vat == 0 and net == 0:
                        continue
                    return rate, net, vat
            # A summary row sums VAT rounded per line: looser, when its gross confirms it.
            for net, vat in itertools.permutations(amounts, 2):
                off = abs(net * pct / 100 - vat)
                if pct and off <= SUMMED_TOLERANCE and net != vat and net + vat in amounts:
                    return rate, net, vat
            if (
                pct == 0
                and len(amounts) >= 2
                and amounts[-1] == amounts[-2 if len(amounts) < 3 else -3]
            ):
                return "0", amounts[-1], ZERO
        elif len(amounts) >= 2 and ZERO in amounts:
            # zw / np rows: the net is repeated as the gross; the VAT, if printed, is zero.
            nonzero = [a for a in amounts if a != 0]
            if nonzero:
                repeated = [a for a in nonzero if nonzero.count(a) > 1]
                return rate, (repeated or nonzero)[-1], ZERO
        elif len(amounts) >= 2 and amounts[-1] in amounts[:-1]:
            return rate, amounts[-1], ZERO
    return None


def read_totals(doc: Document) -> Totals:
    """Return the totals that agree with each other and with the VAT summary."""
    labelled = labelled_amounts(doc)
    summary = _summary(rate_rows(doc))
    triples = _triples(doc)
    candidates: list[tuple[float, Decimal, Decimal, Decimal, set[str]]] = []
    nets = [x for x in labelled if x.kind == "net"]
    vats = [x for x in labelled if x.kind == "vat"]
    grosses = [x for x in labelled if x.kind == "gross"]
    sums = None
    if summary:
        sums = (sum((r[1] for r in summary), Decimal(0)), sum((r[2] for r in summary), Decimal(0)))
    pool: list[tuple[Decimal, Decimal, Decimal, float]] = [(n, v, g, s) for n, v, g, s in triples]
    if sums:
        pool.append((sums[0], sums[1], sums[0] + sums[1], 1.0))
    no_label: list[Labelled | None] = [None]
    for ln, lv, lg in itertools.product(nets or no_label, vats or no_label, grosses or no_label):
        nv = ln.value if ln else None
        vv = lv.value if lv else None
        gv = lg.value if lg else None
        if nv is not None and vv is not None and gv is not None:
            pool.append((nv, vv, gv, 0.0))
        elif nv is not None and vv is not None:
            pool.append((nv, vv, nv + vv, -1.0))
        elif gv is not None and vv is not None:
            pool.append((gv - vv, vv, gv, -1.0))
        elif nv is not None and gv is not None:
            pool.append((nv, gv - nv, gv, -1.5))
    gross_values = [g.value for g in grosses]
    for n, v, g, bonus in pool:
        if abs(n + v - g) > CENT:
            continue
        score = bonus + 3.0
        hits: set[str] = set()
        if g in gross_values:
            score += 2.0 + (0.5 if g == gross_values[-1] else 0)
            hits.add("gross_total")
        elif gross_values:
            score -= 2.0  # the document names its total, and this is not it
        if any(x.value == n for x in nets):
            score += 1.0
            hits.add("net_total")
        if any(x.value == v for x in vats):
            score += 1.0
            hits.add("vat_total")
        if sums and sums == (n, v):
            score += 2.0
            hits |= {"net_total", "vat_total"}
        if g == 0 and n == 0:
            score -= 5
        candidates.append((score, n, v, g, hits))
    totals = Totals()
    if candidates:
        score, n, v, g, hits = max(candidates, key=lambda c: c[0])
        totals.net, totals.vat, totals.gross = n, v, g
        totals.consistent = True
        totals.labelled = hits
    else:
        totals.gross = grosses[-1].value if grosses else None
        totals.net = nets[0].value if nets else None
        totals.vat = vats[0].value if vats else None
        if totals.gross is not None and not nets and not vats and not summary:
            # No VAT anywhere on the document: the total is untaxed (a guess, so not sure).
            totals.net, totals.vat = totals.gross, ZERO
        elif totals.gross is not None or totals.net is not None:
            totals.problems.append(Problem(Reason.TOTALS_DO_NOT_ADD_UP))
    doc_rates = {r[0] for row in doc.rows if find_amounts(row.text) for r in find_rates(row.text)}
    totals.rows = _breakdown(summary, totals, labelled, doc_rates)
    for row in doc.rows:
        if any(c.isdigit() for c in row.text) and find_amounts(row.text):
            for rate in {r[0] for r in find_rates(row.text)}:
                totals.lines_per_rate[rate] = totals.lines_per_rate.get(rate, 0) + 1
    return totals


def _summary(rows: list[tuple[int, str, Decimal, Decimal]]) -> list[tuple[str, Decimal, Decimal]]:
    """Keep the last row per rate: the VAT summary comes after the item lines."""
    last: dict[str, tuple[int, Decimal, Decimal]] = {}
    for index, rate, net, vat in rows:
        last[rate] = (index, net, vat)
    return [(rate, net, vat) for rate, (_, net, vat) in sorted(last.items(), key=lambda x: x[1][0])]


def _triples(doc: Document) -> list[tuple[Decimal, Decimal, Decimal, float]]:
    """Return (net, VAT, gross) read from rows with three amounts that add up."""
    out = []
    for row in doc.rows:
        amounts = [a.value for c in row.cells for a in find_amounts(c.text)]
        if len(amounts) < 2:
            continue
        summed = SUM_ROW.search(row.text) is not None
        bonus = 1.5 if summed and not find_rates(row.text) else 0.0
        for i in range(len(amounts) - 2):
            n, v, g = amounts[i : i + 3]
            if abs(n + v - g) <= CENT and g != 0 and v != 0:
                out.append((n, v, g, bonus))
        if summed and 0 < abs(amounts[0]) < abs(amounts[-1]):
            # A sum row whose VAT is unreadable: net and gross still tell the VAT.
            out.append((amounts[0], amounts[-1] - amounts[0], amounts[-1], -1.0))
    return out


def _breakdown(
    summary: list[tuple[str, Decimal, Decimal]],
    totals: Totals,
    labelled: list[Labelled],
    doc_rates: set[str],
) -> list[tuple[str, Decimal, Decimal]]:
    """Return the VAT rows that sum to the totals; else one row from a rate beside the VAT."""
    if (
        summary
        and sum(r[1] for r in summary) == totals.net
        and sum(r[2] for r in summary) == totals.vat
    ):
        return summary
    if totals.net is not None and totals.vat is not None:
        for x in labelled:
            if x.kind == "vat" and x.rate and x.rate[0].isdigit():
                pct = Decimal(x.rate)
                if abs(totals.net * pct / 100 - totals.vat) <= ROW_TOLERANCE:
                    return [(x.rate, totals.net, totals.vat)]
    if summary and totals.net is None:
        return summary
    return _single_rate(doc_rates, totals)


def _single_rate(rates: set[str], totals: Totals) -> list[tuple[str, Decimal, Decimal]]:
    """Return one VAT row when the document shows one rate and the totals fit it."""
    if len(rates) != 1 or totals.net is None or totals.vat is None or not totals.consistent:
        return []
    rate = next(iter(rates))
    if rate[0].isdigit():
        if abs(totals.net * Decimal(rate) / 100 - totals.vat) <= ROW_TOLERANCE * 5:
            return [(rate, totals.net, totals.vat)]
    elif totals.vat == 0:
        return [(rate, totals.net, ZERO)]
    return []
