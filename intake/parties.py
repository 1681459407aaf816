"""Whose invoice is it: the client should be its buyer, not its seller (and not a stranger)."""

from __future__ import annotations

from intake.models import Company
from intake.models.texts import Stored
from intake.texts import Note


def tax_id_key(value: str | None) -> str:
    """Return a tax id for comparing: letters and digits, capitals, without a 'PL' prefix."""
    text = "".join(ch for ch in (value or "") if ch.isalnum()).upper()
    return text.removeprefix("PL")


def party_problems(
    company: Company, seller_tax_id: str | None, buyer_tax_id: str | None
) -> list[Stored]:
    """Return what a reviewer must see when the parties do not fit the client company.

    The client's own tax id as the seller: a sales invoice in a pile of purchases. A buyer
    with another tax id: probably not the client's invoice at all.
    """
    client = tax_id_key(company.nip)
    if not client:
        return []
    if tax_id_key(seller_tax_id) == client:
        return [Note.SALES_INVOICE.message(client=company.nip)]
    buyer = tax_id_key(buyer_tax_id)
    if buyer and buyer != client:
        return [Note.BUYER_NOT_CLIENT.message(tax_id=buyer_tax_id, client=company.nip)]
    return []
