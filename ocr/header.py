"""Read an invoice's header: its kind, number, dates and currency, from labels."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ocr.amounts import find_currencies
from ocr.dates import find_dates, parse_days, repair_date
from ocr.layout import Document, Hit, Near, Row, find_labels, values_near

IGNORE = re.IGNORECASE

NUMBER_LABELS = [
    re.compile(p, IGNORE)
    for p in (
        r"faktur[ay]?\s*(?:vat\s*)?(?:korygując[ay]|korygujac[ay]|korekta|proforma|pro\s*forma)?"
        r"\s*(?:vat\s*)?(?:nr|numer|no\.?)\b\.?",
        r"\b(?:nr|numer)\s*(?:faktury|dokumentu|korekty)\b",
        r"\b(?:invoice|credit\s*note|debit\s*note|corrective\s*invoice|receipt)\s*"
        r"(?:number|no\b\.?|nr\b\.?|num\b\.?|#|id\b)",
        r"\b(?:factuur|rechnungs?|facture|fattura|factura)\s*-?\s*(?:nummer|nr|no|n°|numero|número)\b\.?",
        r"\b(?:factuurnummer|rechnungsnummer)\b",
        r"חשבונית\s*(?:מס\s*)?(?:קבלה\s*)?(?:זיכוי\s*)?(?:מספר|מס['׳]|מס\.)",
        r"מספר\s*(?:חשבונית|מסמך)",
    )
]
# An O standing alone among digits and separators is a zero OCR took for a letter.
OCR_ZERO = re.compile(r"(?<![A-Za-z])[Oo](?=\d)|(?<=\d)[Oo](?![A-Za-z])")
BARE_NR = re.compile(r"\b(?:nr|no)\b\.?", IGNORE)
HASH = re.compile(r"^\s*(?:#|[ł£](?=\s+\S*\d))")  # OCR may read '#' as 'ł' or '£'
NUMBER_LABELS.append(HASH)
# A title followed by the number ('Invoice FV 169/2025', 'CORRECTIVE INVOICE 87/01/2026').
TITLE = re.compile(
    r"^\W*(?:faktura(?:\s*vat)?(?:\s*korygująca|\s*korygujaca)?|korekta|rachunek|"
    r"(?:vat\s*|tax\s*|corrective\s*|commercial\s*)?invoice|credit\s*note|factuur|rechnung|"
    r"חשבונית(?:\s*מס)?(?:\s*קבלה)?(?:\s*זיכוי)?)\b",
    IGNORE,
)
NOT_THIS_INVOICE = re.compile(
    r"dotycz|do\s+faktury|korygowan|pierwotn|orygina|correct(?:s|ed|ing)\s+invoice|"
    r"original|refer|relat|מתייחס|order|zamówien|zamowien|ksef|klient|customer|account|konta",
    IGNORE,
)
REFERENCE = re.compile(r"dotyczy|refers|corrects|מתייחס", IGNORE)
NUMBER_PREFIX = re.compile(r"[A-Za-z]{1,6}[/\-_. ]?(?=\d)")
NUMBER_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/\\\-_.]*")
ISSUE_LABELS = [
    re.compile(p, IGNORE)
    for p in (
        r"data\s*wystawienia|wystawion[ao]\s*(?:dnia)?|data\s*faktury",
        r"invoice\s*date|date\s*of\s*(?:issue|invoice)|issue\s*date|issued\s*(?:on)?|date\s*issued",
        r"factuur\s*datum|factuurdatum|rechnungsdatum|date\s*de\s*facture|datum\s*faktury",
        r"תאריך\s*(?:הפקה|חשבונית|הוצאה)?(?!\s*(?:אספקה|פירעון|תשלום))",
    )
]
GENERIC_DATE = re.compile(r"^\s*(?:date|data|datum|dated)\b", IGNORE)
SALE_LABELS = [
    re.compile(p, IGNORE)
    for p in (
        r"data\s*(?:dokonania|zakończenia|zakonczenia|sprzedaży|sprzedazy|wykonania|dostawy)",
        r"(?:sale|supply|delivery|service)\s*date|date\s*of\s*(?:sale|supply|delivery|service)",
        r"leverdatum|lieferdatum|leistungsdatum|תאריך\s*אספקה",
    )
]
DUE_LABELS = [
    re.compile(p, IGNORE)
    for p in (
        # OCR often reads ł as t: 'Termin ptatnosci', and garbles the word's end: 'płatnosć!'
        r"termin\s*(?:p[łlt]atn\S*|zap[łlt]aty)|p[łlt]atn[ey]\s*do|zap[łlt]aci[ćc]\s*do",
        r"due\s*date|payment\s*due|date\s*due|pay\s*by|payable\s*by|due\s*on|payment\s*terms?",
        r"vervaldatum|f[äa]llig(?:keit)?|zahlbar\s*bis|תאריך\s*(?:פירעון|תשלום)|לתשלום\s*עד",
    )
]
CORRECTION = re.compile(
    r"korekt|korygując|korygujac|credit\s*note|creditnota|gutschrift|corrective\s*invoice|"
    r"correction\s*invoice|faktura\s*koryguj|חשבונית\s*זיכוי|avoir",
    IGNORE,
)

# Kinds of document by the words of their title, the more particular first (read_kind).
KIND_ROWS = 25
KIND_TITLES: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern, IGNORE))
    for kind, pattern in (
        ("correction", CORRECTION.pattern),
        ("proforma", r"pro\s*-?\s*forma|חשבון\s*עסקה|חשבונית\s*פרופורמה"),
        (
            "letter",  # a letter about invoices is still a letter
            r"wezwanie\s*do\s*zap[łlt]aty|przedsądow|przedsadow|upomnienie|nota\s*odsetkow|"
            r"payment\s*reminder|reminder\s*notice|letter\s*of\s*demand|final\s*notice|"
            r"mahnung|התראה\s*לפני|מכתב\s*התראה",
        ),
        (
            "bank_statement",
            r"wyci[ąa]g\s*(?:bankowy|z\s*rachunku|z\s*konta|nr\b)|"
            r"(?:bank|account)\s*statement|statement\s*of\s*account|kontoauszug|"
            r"rekeningafschrift|דף\s*חשבון|saldo\s*pocz[ąa]tkowe|opening\s*balance",
        ),
        (
            "invoice",
            r"faktur|\binvoice|\bbill\s*(?:no|number|date)|\brachunek\b(?!\s*(?:bankow|nr|bank))|"
            r"חשבונית|factuur|rechnung|facture|fattura|factura",
        ),
        ("receipt", r"paragon|\breceipt\b|kassenbon|kassabon|\bקבלה\b"),
        (
            "letter",
            r"\bumow[aey]\b|\baneks\b|porozumienie|szanown[iya]|\bdear\b|\bagreement\b|"
            r"\bcontract\b|\bhereby\b|oświadczenie|oswiadczenie|pełnomocnictwo|"
            r"\bהסכם\b|\bחוזה\b|\bלכבוד\b",
        ),
    )
]


@dataclass
class Found:
    """A value read for a field, with how sure the reading is (0..1)."""

    value: object
    confidence: float
    from_term: int | None = None  # a due date computed from a term of so many days


def read_kind(doc: Document) -> Found | None:
    """Tell the kind of document by its title: the first row near the top that names one.

    Within one row the more particular name wins: 'Faktura korygująca' is a correction,
    'Faktura pro forma' a proforma, 'Wezwanie do zapłaty za fakturę' a letter, while
    'Faktura do paragonu' and 'חשבונית מס קבלה' are invoices. None when no row names a kind.
    """
    for row in doc.rows[:KIND_ROWS]:
        text = row.text
        if REFERENCE.search(text):
            continue  # 'dotyczy faktury nr ...' names another document
        named = [kind for kind, pattern in KIND_TITLES if pattern.search(text)]
        if named:
            return Found(named[0], 0.9)
    return None


def read_number(doc: Document) -> Found | None:
    """Return the invoice number written beside or under its label."""
    best: tuple[float, str, float] | None = None
    for order, pattern in enumerate(NUMBER_LABELS):
        for hit in find_labels(doc, pattern):
            head = hit.cell.text[: pattern.search(hit.cell.text).start()]  # type: ignore[union-attr]
            if NOT_THIS_INVOICE.search(head) or NOT_THIS_INVOICE.search(hit.cell.text[:40]):
                continue
            for text, distance, _ in values_near(doc, hit):
                if pattern is HASH and distance > 0:
                    break  # '#' heads item tables too: only '# 123' in one cell counts
                value = number_value(text)
                if value:
                    rank = hit.row.index * 0.05 + distance + order * 0.5
                    if best is None or rank < best[0]:
                        best = (rank, value, hit.cell.conf)
                    break
    if best is None:
        for hit in find_labels(doc, TITLE)[:3]:
            value = number_value(hit.rest) if hit.rest else None
            if value:
                return Found(value, 0.8 * hit.cell.conf)
        # A bare 'Nr' near the top whose title OCR garbled ('...KORYGUJĄCA Nr FK/1/2026').
        for hit in find_labels(doc, BARE_NR):
            head = hit.cell.text[: BARE_NR.search(hit.cell.text).start()]  # type: ignore[union-attr]
            value = number_value(hit.rest) if hit.rest else None
            if value and hit.row.index < 8 and not NOT_THIS_INVOICE.search(head):
                return Found(value, 0.5 * hit.cell.conf)
        # A column headed just 'Factuur' / 'Invoice' with the number under it.
        for hit in find_labels(doc, TITLE)[:3]:
            for text, distance, _ in values_near(doc, hit):
                value = number_value(text) if 1 <= distance < 3 else None
                if value and not find_dates(text):
                    return Found(value, 0.6 * hit.cell.conf)
        return None
    return Found(best[1], 0.95 * best[2] if best[0] < 3 else 0.7 * best[2])


def number_value(text: str) -> str | None:
    """Return the invoice number at the start of a text: one token with a digit (or two)."""
    text = re.sub(r"^(?:nr|no|numer|number|#|:|\.|\s)+", "", text.strip(), flags=IGNORE)
    tokens = text.split()
    if not tokens:
        return None
    first = NUMBER_TOKEN.match(tokens[0])
    if first is None:
        return None
    value = first.group(0).rstrip(".-/")
    if len(tokens) > 1 and value.isalpha() and value.isupper() and len(value) <= 5:
        second = NUMBER_TOKEN.match(tokens[1])
        if second and second.group(0)[0].isdigit():
            value = value + " " + second.group(0).rstrip(".-/")
    value = OCR_ZERO.sub("0", value)
    if not any(c.isdigit() for c in value) or len(value) > 40:
        return None
    # A date is no number, unless a prefix says it is one ('FV/12/03/2025')
    prefixed = NUMBER_PREFIX.match(value) is not None
    if find_dates(value) and not prefixed and not re.fullmatch(r"\d{1,5}/\d{1,2}/\d{4}", value):
        return None
    return value


def read_date(
    doc: Document, labels: list[re.Pattern[str]], day_first: bool, near: dt.date | None = None
) -> Found | None:
    """Return the date beside or under the first label that has one (OCR slips repaired)."""
    found = _labelled_date(doc, labels, day_first)
    if found is None:
        found = _repaired_date(doc, labels, near or _reference_date(doc))
    return found


def _reference_date(doc: Document) -> dt.date | None:
    """Return the middle of the dates the document shows (None: repair against today)."""
    dates = sorted(d.value for row in doc.rows[:40] for d in find_dates(row.text))
    return dates[len(dates) // 2] if dates else None


def _repaired_date(
    doc: Document, labels: list[re.Pattern[str]], near: dt.date | None
) -> Found | None:
    for pattern in labels:
        for hit in find_labels(doc, pattern):
            for text, _, _ in values_near(doc, hit):
                value = repair_date(text, near)
                if value:
                    return Found(value, 0.45)
    return None


def _labelled_date(doc: Document, labels: list[re.Pattern[str]], day_first: bool) -> Found | None:
    for pattern in labels:
        for hit in find_labels(doc, pattern):
            for near in values_near(doc, hit):
                found = find_dates(near.text, day_first)
                if found:
                    return Found(found[0].value, _date_confidence(doc, near, hit))
                if near.distance == 0 and any(c.isdigit() for c in hit.rest):
                    break
    return None


UNSURE_ROLE = 0.5  # below a second look's floor: the digits may be right, the role not
LABEL_READ = 0.9  # a label its pattern matched counts as read this well: a clear word


def _date_confidence(doc: Document, near: Near, hit: Hit) -> float:
    """Return how sure a date found near its label is.

    What counts is how well the date's own figures were read. The label's reading counts
    only as far as it may be wrong, and a label its pattern matched was read, however
    unsure tesseract was of its glyphs (small bold captions come back at 0.45).

    A date on another row than its label, on a page whose labels may sit above or under
    their values, may belong to the next label: it is kept, never made sure.
    """
    read = _value_read(near, hit)
    if near.distance >= 1.5 and doc.captions_unsure:
        return UNSURE_ROLE * read
    return (0.95 if near.distance < 3 else 0.75) * read


def _value_read(near: Near, hit: Hit) -> float:
    """Return how well a value near a label was read (the label's glyphs matter little)."""
    return min(near.conf, max(hit.cell.conf, LABEL_READ))


def read_due(doc: Document, issue: dt.date | None, day_first: bool) -> Found | None:
    """Return the due date, resolving '14 dni' / 'Net 30' from the issue date."""
    for pattern in DUE_LABELS:
        for hit in find_labels(doc, pattern):
            for near in values_near(doc, hit):
                found = find_dates(near.text, day_first)
                if found:
                    return Found(found[0].value, _date_confidence(doc, near, hit))
                days = parse_days(near.text)
                if days is not None and issue is not None:
                    due = issue + dt.timedelta(days=days)
                    return Found(due, 0.85 * _value_read(near, hit), from_term=days)
    return _repaired_date(doc, DUE_LABELS, issue) if issue else None


def stated_term(doc: Document) -> int | None:
    """Return a payment term in days the document states beside a due label, or None."""
    for pattern in DUE_LABELS:
        for hit in find_labels(doc, pattern):
            for text, _, _ in values_near(doc, hit):
                days = parse_days(text)
                if days is not None:
                    return days
    return None


def read_issue(doc: Document, day_first: bool) -> Found | None:
    """Return the issue date: labelled, else after a bare 'Date', else the first date at top."""
    found = read_date(doc, ISSUE_LABELS, day_first)
    if found:
        return found
    found = read_date(doc, [GENERIC_DATE], day_first)
    if found:
        found.confidence *= 0.9
        return found
    for row in doc.rows[:30]:
        dates = find_dates(row.text, day_first)
        if dates:
            return Found(dates[0].value, 0.5)
    return None


def read_currency(doc: Document, default: str | None) -> Found | None:
    """Return the currency a label names, else the one most named, the country's favoured."""
    label = re.compile(r"walut[ay]|currency|waluta|מטבע", IGNORE)
    for hit in find_labels(doc, label):
        for text, _, _ in values_near(doc, hit):
            codes = find_currencies(text)
            if codes:
                return Found(codes[0], 0.95)
    weights: Counter[str] = Counter()
    for row in doc.rows:
        for code in find_currencies(row.text):
            # A lone '$' is often an OCR'd 5 or S: it counts less than a written code.
            # Counter is typed with int counts; these weights are fractional on purpose.
            weights[code] += 0.5 if code == "USD" and "USD" not in row.text.upper() else 1.0  # type: ignore[assignment]
    if default and weights:
        weights[default] += 1.5 if weights[default] else 0.0  # type: ignore[assignment]  # float weight
    if weights:
        code, weight = weights.most_common(1)[0]
        return Found(code, 0.9 if weight > 1 else 0.75)
    return Found(default, 0.6) if default else None


def detect_captions_below(doc: Document) -> tuple[bool, bool]:
    """Tell whether date labels sit under their values (a vote over label-only rows), and
    whether that is unsure: the vote tied while a label has a date both above and below."""
    votes = torn = 0
    for pattern in ISSUE_LABELS + SALE_LABELS + DUE_LABELS:
        for hit in find_labels(doc, pattern):
            if any(c.isdigit() for c in hit.rest) or len(hit.row.cells) > 1:
                continue
            index = hit.row.index
            above = doc.rows[index - 1] if index > 0 else None
            below = doc.rows[index + 1] if index + 1 < len(doc.rows) else None
            up, down = _holds_value(above, hit), _holds_value(below, hit)
            votes += up - down
            torn += up and down
    return votes > 0, votes == 0 and torn > 0


def _holds_value(row: Row | None, hit: Hit) -> bool:
    if row is None:
        return False
    for cell in row.cells:
        if cell.overlaps(hit.cell) and (find_dates(cell.text) or parse_days(cell.text)):
            labels = ISSUE_LABELS + SALE_LABELS + DUE_LABELS
            return not any(p.search(cell.text) for p in labels)
    return False
