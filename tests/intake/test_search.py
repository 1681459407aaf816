"""Full-text search finds documents by any word of their fields, text or file name, on
SQLite (FTS5) and PostgreSQL (tsvector) alike; corrections are found at once."""

from __future__ import annotations

from sqlalchemy import select

from intake.documents import correct_fields, scoped_documents
from intake.models import Document, DocumentSearch, User
from intake.search import matching, reindex, terms
from tests.conftest import wait_processed
from tests.intake.test_review import CLIENT_NIP, bought_by
from tests.seeding import hand_in


def found(rt, staff_id: int, query: str) -> list[int]:
    with rt.db.session() as s:
        condition = matching(s, query)
        assert condition is not None
        staff = s.get_one(User, staff_id)
        return sorted(
            s.scalars(scoped_documents(staff).where(condition).with_only_columns(Document.id))
        )


def test_search_finds_words_numbers_and_word_starts(rt, data):
    first = hand_in(rt, data["c1"], bought_by(CLIENT_NIP, "FA/2026/10/77"), "wrzesień.xml")
    second = hand_in(rt, data["c2"], bought_by("7740001454", "ZX-9"), "drugi.xml")
    other_office = hand_in(rt, data["c3"], bought_by("1132853869", "FA/2026/10/77"), "obcy.xml")
    wait_processed(rt)
    a, b = first.document_id, second.document_id
    assert found(rt, data["staff"], "FA/2026/10/77") == [a]  # not office B's copy
    assert found(rt, data["staff"], "zx-9") == [b]
    assert found(rt, data["staff"], "Ekonet") == [a, b]  # the seller, in any case
    assert found(rt, data["staff"], "ekonet młyn") == []  # every word must be there
    assert found(rt, data["staff"], "ekon") == [a, b]  # a word's start is enough
    assert found(rt, data["staff"], "wrzesien") == [a]  # the file name, diacritics folded
    assert found(rt, data["staff"], "7740001454") == [b]  # the buyer's tax id
    with rt.db.session() as s:
        doc = s.get_one(Document, a)
        correct_fields(s, doc, s.get_one(User, data["staff"]), {"seller_name": "Młyn Kowalscy"})
    assert found(rt, data["staff"], "młyn") == [a]
    with rt.db.session() as s:
        row = s.get_one(DocumentSearch, a)
        assert row.problems == 0 and row.min_confidence == 1.0
        assert reindex(s) == 3
    assert found(rt, data["staff"], "kowalscy") == [a]
    assert other_office.document_id not in found(rt, data["staff"], "ekonet")


def test_a_query_without_words_filters_nothing(rt, data):
    assert terms(" / - ") == []
    with rt.db.session() as s:
        assert matching(s, " / ") is None
        assert s.scalars(select(DocumentSearch)).all() == []
