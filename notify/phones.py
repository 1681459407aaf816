"""Phone numbers as gateways want them: E.164, read the way the office's country writes them."""

from __future__ import annotations

import phonenumbers

from notify.errors import DeliveryError, Problem

DEFAULT_REGION = "PL"


def to_e164(raw: str, country: str | None = DEFAULT_REGION) -> str:
    """Return a number as E.164 ('+48600100200'); a national one is of the office's country.

    A number that is not one (a word, too few digits, an unassigned range) is a permanent
    failure: no retry can deliver it.
    """
    region = (country or DEFAULT_REGION).upper()
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as e:
        raise DeliveryError(Problem.INVALID_PHONE, temporary=False, number=raw) from e
    if not phonenumbers.is_valid_number(number):
        raise DeliveryError(Problem.INVALID_PHONE, temporary=False, number=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
