"""The company's PIN in a subject or the first lines of a body, and senders who may skip it."""

from __future__ import annotations

import hashlib
import re
import threading

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from intake.models import AllowedSender
from intake.security import verify_secret

SUBJECT_PINS = (
    re.compile(r"\[\s*(\d{4,8})\s*\]"),
    re.compile(r"\(\s*(\d{4,8})\s*\)"),
    re.compile(r"\bPIN\s*[:=#]?\s*(\d{4,8})(?!\d)", re.IGNORECASE),
)
LONE_PIN = re.compile(r"(\d{4,8})")
CACHE_SIZE = 4096

# Argon2 takes a third of a second on purpose; a PIN once checked against a hash is
# remembered (by a digest of both), so a busy inbox does not verify it per message.
_verified: dict[str, bool] = {}
_lock = threading.Lock()


def candidates(subject: str, lines: list[str]) -> list[str]:
    """Return what may be a PIN, subject first, then the first lines of the body."""
    found: dict[str, None] = {}
    for pattern in SUBJECT_PINS:
        for match in pattern.finditer(subject):
            found.setdefault(match.group(1), None)
    for line in lines:
        for pattern in SUBJECT_PINS:
            for match in pattern.finditer(line):
                found.setdefault(match.group(1), None)
        lone = LONE_PIN.fullmatch(line.strip())
        if lone:
            found.setdefault(lone.group(1), None)
    return list(found)


def pin_matches(pin_hash: str | None, pins: list[str]) -> bool:
    """Tell whether any candidate is the PIN of a stored hash."""
    return any(_verify(pin_hash, pin) for pin in pins) if pin_hash else False


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


def is_allowed_sender(session: Session, company_id: int, sender: str) -> bool:
    """Tell whether the office lets this sender (or the sender's domain) skip the PIN."""
    if "@" not in sender:
        return False
    domain = "@" + sender.rpartition("@")[2]
    query = select(AllowedSender.id).where(
        AllowedSender.company_id == company_id,
        or_(AllowedSender.address == sender, AllowedSender.address == domain),
    )
    return session.scalar(query.limit(1)) is not None


def allow_sender(session: Session, company_id: int, address: str) -> AllowedSender:
    """Let an address ('kasia@firma.pl') or a domain ('@firma.pl') skip a company's PIN."""
    address = address.strip().lower()
    existing = session.scalar(
        select(AllowedSender).where(
            AllowedSender.company_id == company_id, AllowedSender.address == address
        )
    )
    if existing is not None:
        return existing
    row = AllowedSender(company_id=company_id, address=address)
    session.add(row)
    session.flush()
    return row
