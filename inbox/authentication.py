"""What the receiving server says of a message's sender: Authentication-Results (RFC 8601).

Anyone can write an Authentication-Results header into the message they send, so only a
header carrying an authserv-id the office trusts (INTAKE_INBOX_AUTHSERV_IDS: its own
receiving server) is read, and of those only the topmost: the receiving server adds its
own above everything the sender wrote. The sender is authenticated when that header says
DKIM passed for a signing domain the From domain belongs to, or DMARC passed for the
From domain itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message

HEADER = "Authentication-Results"
COMMENT = re.compile(r"\([^()]*\)")
MAX_HEADER = 8000
MAX_HEADERS = 50


@dataclass(frozen=True)
class Verdict:
    """One method's result in an Authentication-Results header, with its properties."""

    method: str
    result: str
    properties: dict[str, str] = field(default_factory=dict)


def parse(value: str) -> tuple[str, list[Verdict]]:
    """Return a header's authserv-id (lower-cased) and the results it lists."""
    text = value[:MAX_HEADER].replace("\r", " ").replace("\n", " ")
    for _ in range(5):  # comments may nest; a few passes take them all
        text = COMMENT.sub(" ", text)
    head, *rest = text.split(";")
    words = head.split()
    authserv = words[0].lower() if words else ""
    verdicts = []
    for item in rest:
        tokens = item.split()
        if not tokens or "=" not in tokens[0]:
            continue
        method, _, result = tokens[0].partition("=")
        props = {}
        for token in tokens[1:]:
            name, eq, prop = token.partition("=")
            if eq:
                props[name.lower()] = prop.strip('"').lower()
        verdicts.append(Verdict(method.lower(), result.lower(), props))
    return authserv, verdicts


def trusted_results(msg: Message, authserv_ids: tuple[str, ...]) -> list[Verdict] | None:
    """Return the results of the topmost header from a trusted server (None: no such header)."""
    if not authserv_ids:
        return None
    try:
        values = [str(v) for v in (msg.get_all(HEADER) or [])[:MAX_HEADERS]]
    except (ValueError, IndexError, TypeError):
        return None
    for value in values:
        authserv, verdicts = parse(value)
        if authserv in authserv_ids:
            return verdicts
    return None


def belongs(domain: str, to: str) -> bool:
    """Tell whether a domain is another or one of its subdomains."""
    return "." in to and (domain == to or domain.endswith("." + to))


def authenticated(msg: Message, sender: str, authserv_ids: tuple[str, ...]) -> bool:
    """Tell whether the trusted receiving server saw DKIM or DMARC pass for the sender's domain."""
    domain = sender.rpartition("@")[2].strip().lower()
    verdicts = trusted_results(msg, authserv_ids)
    if not domain or not verdicts:
        return False
    for verdict in verdicts:
        if verdict.result != "pass":
            continue
        if verdict.method == "dmarc" and verdict.properties.get("header.from") == domain:
            return True
        if verdict.method == "dkim":
            signer = (
                verdict.properties.get("header.d")
                or (verdict.properties.get("header.i", "").rpartition("@")[2])
            )
            if belongs(domain, signer):
                return True
    return False
