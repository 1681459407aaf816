"""A company's address on the catch-all inbox, both ways: code -> address -> code.

INTAKE_INBOX_ADDRESS is either a mailbox ('docs@office.pl': a company gets
'docs+CODE@office.pl') or a whole domain ('docs.office.pl': 'CODE@docs.office.pl').
"""

from __future__ import annotations


def company_address(inbox_code: str, catch_all: str) -> str:
    """Return the address a company's clients write to."""
    local, _, domain = catch_all.partition("@")
    return f"{local}+{inbox_code}@{domain}" if domain else f"{inbox_code}@{local}"


def code_of(address: str, domains: tuple[str, ...]) -> str | None:
    """Return the inbox code in 'docs+CODE@any' or in 'CODE@catch-all-domain', else None."""
    local, _, domain = address.lower().rpartition("@")
    if "+" in local:
        return local.split("+", 1)[1] or None
    if domain in domains:
        return local or None
    return None
