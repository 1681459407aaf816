"""How many SMS parts a text takes: GSM-7 when every character is in its alphabet, else UCS-2.

GSM 03.38's basic alphabet holds 160 characters in one SMS (153 per part when split);
the characters of its extension table ({ } [ ] ~ \\ | ^ €) count twice. A single Polish
letter (ą, ę, ł...) is not in it, so the whole text goes as UCS-2: 70 characters in one
SMS, 67 per part (a character outside the Basic Multilingual Plane, an emoji, counts
twice). The count is shown before sending; SMSAPI's `normalize=1` replaces Polish letters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM7, UCS2 = "GSM-7", "UCS-2"
SINGLE = {GSM7: 160, UCS2: 70}
PART = {GSM7: 153, UCS2: 67}


@dataclass(frozen=True)
class Segments:
    """How a text goes by SMS: its encoding, its length in that encoding, its parts."""

    encoding: str
    units: int
    parts: int

    @property
    def unicode(self) -> bool:
        """Tell whether the text goes as UCS-2 (fewer characters per part)."""
        return self.encoding == UCS2


def encoding_of(text: str) -> str:
    """Return GSM-7 when every character is in the GSM alphabet, else UCS-2."""
    allowed = GSM7_BASIC | GSM7_EXTENSION
    return GSM7 if all(c in allowed for c in text) else UCS2


def count(text: str) -> Segments:
    """Return how many SMS parts a text takes, and in which encoding."""
    encoding = encoding_of(text)
    if encoding == GSM7:
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
    else:
        units = len(text.encode("utf-16-le")) // 2
    if units <= SINGLE[encoding]:
        return Segments(encoding, units, 1 if units else 0)
    return Segments(encoding, units, math.ceil(units / PART[encoding]))
