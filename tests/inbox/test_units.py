"""Pure pieces: months, archive limits, routing codes, automatic-mail detection."""

from __future__ import annotations

import os
import struct

from inbox.archive import Limits, unpack
from inbox.mime import parse
from inbox.months import confirmation, month_of, months_in
from inbox.notes import codes
from inbox.senders import is_automatic
from intake.addresses import code_of
from intake.month import Month
from tests.inbox.factory import message, pdf, zip_of


def test_months_are_read_from_subjects_but_not_from_dates():
    assert month_of("[4821] faktury 10/2026") == Month(2026, 10)
    assert month_of("faktury 2026-09") == Month(2026, 9)
    assert month_of("faktura z 15.10.2026") is None
    assert month_of("10/2026 i 11/2026") is None
    assert months_in("3.2026") == [Month(2026, 3)]


def test_a_confirmation_needs_the_words_and_finds_its_month():
    assert confirmation("Komplet dokumentów 10/2026", []) == (True, Month(2026, 10))
    assert confirmation("Re: faktury", ["Wszystkie dokumenty za 09/2026 wysłane"]) == (
        True,
        Month(2026, 9),
    )
    assert confirmation("All documents sent", []) == (True, None)
    assert confirmation("faktura 10/2026", []) == (False, None)


def test_codes_come_from_plus_addresses_and_catch_all_domains_only():
    domains = ("docs.office.test",)
    assert code_of("docs+jeden@office.test", domains) == "jeden"
    assert code_of("jeden@docs.office.test", domains) == "jeden"
    assert code_of("jeden@office.test", domains) is None


def test_archives_are_opened_within_their_limits():
    many = zip_of({f"f{i}.pdf": pdf(f"M/{i}") for i in range(5)})
    assert len(unpack(many, "a.zip", Limits(max_entries=3)).files) == 3

    big = unpack(many, "a.zip", Limits(max_total=2500))
    assert len(big.files) < 5 and "over_archive_limit" in codes(big.notes)

    deep = zip_of({"l2.zip": zip_of({"l3.zip": zip_of({"f.pdf": pdf("deep")})})})
    result = unpack(deep, "l1.zip", Limits(max_depth=2))
    assert result.files == [] and "archive_too_deep" in codes(result.notes)

    bomb = zip_of({"zeros.pdf": b"\0" * 5_000_000})
    assert codes(unpack(bomb, "b.zip", Limits()).notes) == ["about_file", "zip_bomb"]

    broken = unpack(b"PK\x03\x04broken", "c.zip", Limits()).notes
    assert codes(broken) == ["about_file", "archive_unreadable"]


def test_an_archive_that_lies_about_its_sizes_gives_no_more_than_it_claims():
    content = os.urandom(50_000)
    data = bytearray(zip_of({"f.pdf": content}))
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)  # claim 10 bytes uncompressed
    result = unpack(bytes(data), "lie.zip", Limits(max_file=1000))
    assert all(len(inner) <= 10 for _, inner in result.files)


def test_machines_get_no_replies():
    assert is_automatic(
        parse(message("x", sender="no-reply@bank.test").as_bytes()), "no-reply@bank.test"
    )
    bulk = message("x", headers={"Precedence": "bulk"})
    assert is_automatic(parse(bulk.as_bytes()), "jan@firma.test")
    person = message("x")
    assert not is_automatic(parse(person.as_bytes()), "jan@firma.test")
