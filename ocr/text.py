"""Compare words the way people and OCR write them: case and Polish diacritics aside."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so OCR's 'wrzesnia' matches 'września'."""
    # 'ł' is a letter of its own, not 'l' with a combining mark: NFKD leaves it.
    text = text.lower().replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
