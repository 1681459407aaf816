"""Find tax ids (Polish NIP, EU VAT numbers, Israeli company and dealer numbers) and IBANs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from stdnum import iban as std_iban
from stdnum.eu import vat as eu_vat
from stdnum.il import hp as il_hp
from stdnum.il import idnr as il_idnr
from stdnum.pl import nip as pl_nip

from ocr.dates import CONFUSED

EU_PREFIXES = {c.upper() for c in eu_vat.MEMBER_STATES} | {"EL", "XI"}
# NIP written 123-456-78-90, 123-45-67-890, 1234567890, PL 123 456 78 90.
NIP = re.compile(
    r"(?<![\w-])(?:PL[\s-]?)?(\d{3}[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}|\d{3}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{3})(?![\w-]*\d)"
)
# After a NIP label, however OCR spaced its digits ('NIP 669-7 34-46-04').
LABELLED_NIP = re.compile(r"\bNIP\b\W{0,3}(?:PL)?\s?(\d[\d\s-]{9,15}\d)")
EU_VAT = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{2})[\s-]?([0-9A-Z]{0,2}\d[\d\s.-]{5,14}\d(?:[.\s-]?B\d{2}|[A-Z]{1,2})?)(?![0-9A-Za-z])"
)
# A Polish VAT number some of whose digits OCR read as look-alike letters ('PLB595529005').
PL_LOOKALIKE = re.compile(
    r"(?<![A-Z0-9])PL[\s-]?((?:[0-9ODQBSZGIL][\s-]?){9}[0-9ODQBSZGIL])(?![\s-]?[A-Z0-9])"
)
DIGIT_FOR_LETTER = str.maketrans("ODQBSZGIL", "000852611")
IL_NUMBER = re.compile(r"(?<![\d-])(\d{9}|\d{2}-\d{6}-\d|\d{3}-\d{3}-\d{3})(?![\d-])")
IBAN = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{2}\s?\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?)(?![A-Za-z0-9])"
)
# An IBAN whose country letters OCR read as digits ('1L45...' for 'IL45...').
OCR_IBAN = re.compile(
    r"(?<![A-Z0-9])([A-Z0-9]{2})(\s?\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?)"
)
LETTERS_MISREAD = str.maketrans("10586", "IOSBG")
NRB = re.compile(r"(?<![\w])(\d{2}\s?(?:\d{4}\s?){5}\d{4})(?![\w])")


@dataclass(frozen=True)
class TaxId:
    """A tax id in normal form (digits, no country prefix) and whether its checksum passes."""

    value: str
    valid: bool
    kind: str  # "nip" | "eu-vat" | "il"
    start: int = 0


def find_tax_ids(text: str) -> list[TaxId]:
    """Return the tax ids written in a text, left to right; checksum failures are kept."""
    out: dict[int, TaxId] = {}
    upper = text.upper()
    for m in EU_VAT.finditer(upper):
        country, rest = m[1], re.sub(r"[\s.-]", "", m[2])
        if country not in EU_PREFIXES or not any(c.isdigit() for c in rest):
            continue
        if country == "PL":
            if len(rest) == 10 and rest.isdigit():
                out[m.start()] = TaxId(rest, pl_nip.is_valid(rest), "nip", m.start())
            continue
        valid = eu_vat.is_valid(country + rest)
        if valid or sum(c.isdigit() for c in rest) >= 8:
            out[m.start()] = TaxId(rest, valid, "eu-vat", m.start())
    for m in PL_LOOKALIKE.finditer(upper):
        written = re.sub(r"[\s-]", "", m[1])
        digits = written.translate(DIGIT_FOR_LETTER)
        # letters taken for digits must give a NIP that passes its checksum
        mostly_digits = sum(c.isdigit() for c in written) >= 7
        taken = any(abs(m.start() - s) < 4 for s in out)
        if written != digits and mostly_digits and pl_nip.is_valid(digits) and not taken:
            out[m.start()] = TaxId(digits, True, "nip", m.start())
    for m in NIP.finditer(upper):
        digits = re.sub(r"\D", "", m[1])
        if not any(abs(m.start() - s) < 4 for s in out):
            out[m.start()] = TaxId(digits, pl_nip.is_valid(digits), "nip", m.start())
    for m in LABELLED_NIP.finditer(upper):
        digits = re.sub(r"\D", "", m[1])[:10]
        if len(digits) == 10 and not any(abs(m.start(1) - s) < 6 for s in out):
            out[m.start(1)] = TaxId(digits, pl_nip.is_valid(digits), "nip", m.start(1))
    return [out[k] for k in sorted(out)]


def find_israeli_ids(text: str) -> list[TaxId]:
    """Return 9-digit Israeli company (ח.פ) or dealer (עוסק מורשה) numbers in a text."""
    out = []
    for m in IL_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m[1])
        valid = il_hp.is_valid(digits) or il_idnr.is_valid(digits)
        out.append(TaxId(digits, valid, "il", m.start()))
    return out


@dataclass(frozen=True)
class Account:
    """A bank account as an IBAN in capitals without spaces, and whether it checks out."""

    value: str
    valid: bool
    start: int = 0


def find_accounts(text: str) -> list[Account]:
    """Return the IBANs and Polish 26-digit NRBs in a text; an NRB becomes PL + 26 digits."""
    out: dict[int, Account] = {}
    upper = text.upper()
    for m in IBAN.finditer(upper):
        value = _best_iban(m[1])
        if value:
            out[m.start()] = Account(value, std_iban.is_valid(value), m.start())
    for m in OCR_IBAN.finditer(upper):
        fixed = m[1].translate(LETTERS_MISREAD) + m[2]
        value = _best_iban(fixed)
        if value and std_iban.is_valid(value) and not any(abs(m.start() - s) <= 3 for s in out):
            out[m.start()] = Account(value, True, m.start())
    for m in NRB.finditer(upper):
        if any(abs(m.start() - s) <= 3 for s in out):
            continue
        value = "PL" + re.sub(r"\s", "", m[1])
        out[m.start()] = Account(value, std_iban.is_valid(value), m.start())
    return [out[k] for k in sorted(out)]


def _best_iban(written: str) -> str | None:
    """Return the IBAN in a match, dropping trailing groups that belong to the next word."""
    groups = written.split()
    for end in range(len(groups), 0, -1):
        value = "".join(groups[:end])
        if len(value) >= 15 and std_iban.is_valid(value):
            return value
    value = "".join(groups)
    if len(value) < 15 or (value.startswith("PL") and len(value) != 28):
        return None
    return value


def repair(value: str, is_valid: Callable[[str], bool]) -> str | None:
    """Return the one value an OCR slip of a digit could have come from that passes is_valid."""
    fixes = set()
    for i, c in enumerate(value):
        for other in CONFUSED.get(c, ""):
            candidate = value[:i] + other + value[i + 1 :]
            if is_valid(candidate):
                fixes.add(candidate)
    return fixes.pop() if len(fixes) == 1 else None


def iban_is_valid(value: str) -> bool:
    """Tell whether an IBAN passes its checksum."""
    return std_iban.is_valid(value)
