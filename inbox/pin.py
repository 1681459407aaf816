"""The company's PIN in a subject or the first lines of a body: one per message, checked once.

A message gives exactly one PIN: the first candidate in its subject, else the first in its
opening lines. A message that writes several different candidates is a guess at many PINs
and is refused as such, without checking any of them against the hash. Only the first
MAX_SCAN characters of the subject and of each opening line are looked at, so a line of
10,000 bracketed numbers costs no more than a short one.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass

from intake.security import verify_secret

SUBJECT_PINS = (
    re.compile(r"\[\s*(\d{4,8})\s*\]"),
    re.compile(r"\(\s*(\d{4,8})\s*\)"),
    re.compile(r"\bPIN\s*[:=#]?\s*(\d{4,8})(?!\d)", re.IGNORECASE),
)
# In the body only the written forms a person uses for a PIN ('(2026)' is often a year).
LINE_PINS = (SUBJECT_PINS[0], SUBJECT_PINS[2])
LONE_PIN = re.compile(r"(\d{4,8})")
# Characters of a subject or of one opening line looked at; a PIN is written near the start.
MAX_SCAN = 300
MAX_LINES = 8
CACHE_SIZE = 4096

# Argon2 takes a third of a second on purpose; a PIN once checked against a hash is
# remembered (by a digest of both), so a busy inbox does not verify it per message.
_verified: dict[str, bool] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class PinFound:
    """The one PIN a message gives (None: none written), and whether it wrote several."""

    pin: str | None
    several: bool = False


def find_pin(subject: str, lines: list[str]) -> PinFound:
    """Return the message's PIN: the first in the subject, else the first in the opening lines."""
    seen: list[str] = []
    texts: list[tuple[str, tuple[re.Pattern[str], ...], bool]]
    texts = [(subject[:MAX_SCAN], SUBJECT_PINS, False)]
    texts += [(line[:MAX_SCAN], LINE_PINS, True) for line in lines[:MAX_LINES]]
    for text, patterns, lone_allowed in texts:
        for found in _candidates(text, patterns, lone_allowed):
            if found not in seen:
                seen.append(found)
            if len(seen) > 1:
                return PinFound(seen[0], several=True)
    return PinFound(seen[0] if seen else None)


def _candidates(text: str, patterns: tuple[re.Pattern[str], ...], lone_allowed: bool) -> list[str]:
    hits = [(m.start(), m.group(1)) for pattern in patterns for m in pattern.finditer(text)]
    if lone_allowed and (lone := LONE_PIN.fullmatch(text.strip())):
        hits.append((0, lone.group(1)))
    return [pin for _, pin in sorted(hits)]


def pin_matches(pin_hash: str | None, pin: str | None) -> bool:
    """Tell whether a PIN is the one of a stored hash."""
    return bool(pin_hash and pin) and _verify(pin_hash or "", pin or "")


def _verify(pin_hash: str, pin: str) -> bool:
    key = hashlib.sha256(f"{pin_hash}\0{pin}".encode()).hexdigest()
    with _lock:
        if key in _verified:
            return _verified[key]
    result = verify_secret(pin_hash, pin)
    with _lock:
        if len(_verified) >= CACHE_SIZE:
            _verified.clear()
        _verified[key] = result
    return result
