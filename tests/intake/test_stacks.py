"""A stack handed in as one file becomes one document per invoice; staff undo or change it."""

from __future__ import annotations

import random

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

from intake import stacks
from intake.errors import InvalidInput
from intake.models import Document, User
from intake.processing import process_document
from intake.vocabulary import DocumentStatus
from samples import layouts
from samples.invoice import EPOCH, random_invoice
from tests.conftest import wait_processed
from tests.ocr.test_stack import invoices, joined, page_counts
from tests.seeding import hand_in


def parts(rt, stack_id: int) -> list[Document]:
    with rt.db.session() as s:
        found = stacks.parts_of(s, s.get_one(Document, stack_id))
        s.expunge_all()
        return found


def test_a_stack_of_three_becomes_three_documents(rt, data):
    made = invoices(3)
    counts = page_counts([pdf for _, pdf in made])
    done = hand_in(rt, data["c1"], joined([pdf for _, pdf in made]), "skan.pdf")
    wait_processed(rt)
    with rt.db.session() as s:
        stack = s.get_one(Document, done.document_id)
        assert stack.status == DocumentStatus.SPLIT
        assert stack.pages == sum(counts)
        found = stacks.parts_of(s, stack)
        assert [(p.split_first, p.split_last) for p in found] == [(1, 1), (2, 2), (3, 3)]
        for (inv, _), part, n in zip(made, found, counts, strict=True):
            assert part.status in (DocumentStatus.EXTRACTED, DocumentStatus.NEEDS_REVIEW)
            assert part.company_id == data["c1"] and part.source == stack.source
            assert part.pages == n
            assert len(pdfium.PdfDocument(rt.storage.get(part.storage_key))) == n
            assert part.extraction is not None
            assert part.extraction.fields["invoice_number"] == inv.number
            assert part.extraction.fields["seller_tax_id"] == inv.seller.tax_id
            assert part.month is not None and part.month.year == (inv.sale or inv.issue).year
            assert part.filename.startswith("skan (")


def test_one_invoice_of_three_pages_stays_one(rt, data):
    rng = random.Random(90)
    inv = random_invoice(rng, "pl", 90, start=EPOCH)
    pdf = layouts.render(inv, "classic", rng)
    assert len(pdfium.PdfDocument(pdf)) >= 3
    done = hand_in(rt, data["c1"], pdf, "long.pdf")
    wait_processed(rt)
    with rt.db.session() as s:
        doc = s.get_one(Document, done.document_id)
        assert doc.status in (DocumentStatus.EXTRACTED, DocumentStatus.NEEDS_REVIEW)
        assert doc.extraction is not None
        assert doc.extraction.fields["invoice_number"] == inv.number
        assert s.scalar(select(func.count(Document.id))) == 1


def test_reading_a_stack_again_does_not_double_its_parts(rt, data):
    done = hand_in(rt, data["c1"], joined([pdf for _, pdf in invoices(3)]), "s.pdf")
    wait_processed(rt)
    first = [p.id for p in parts(rt, done.document_id)]
    # the job delivered again, and a worker that missed the first commit storing its split
    assert process_document(rt, done.document_id) is None
    with rt.db.session() as s:
        stack = s.get_one(Document, done.document_id)
        again = stacks.split(s, rt.storage, stack, [(1, 2), (3, 3)], [b"x", b"y"])
        assert [p.id for p in again] == first
    assert [p.id for p in parts(rt, done.document_id)] == first
    with rt.db.session() as s:
        assert s.scalar(select(func.count(Document.id))) == 4


def test_undo_reads_the_stack_as_one(rt, data):
    made = invoices(3)
    done = hand_in(rt, data["c1"], joined([pdf for _, pdf in made]), "s.pdf")
    wait_processed(rt)
    with rt.db.session() as s:
        stacks.undo(s, s.get_one(Document, done.document_id), s.get_one(User, data["staff"]))
    wait_processed(rt)
    with rt.db.session() as s:
        stack = s.get_one(Document, done.document_id)
        assert stack.status in (DocumentStatus.EXTRACTED, DocumentStatus.NEEDS_REVIEW)
        assert stack.extraction is not None
        assert stack.extraction.fields["invoice_number"] == made[0][0].number
        assert s.scalar(select(func.count(Document.id))) == 1
        with pytest.raises(InvalidInput):  # nothing left to undo
            stacks.undo(s, stack, s.get_one(User, data["staff"]))


def test_change_cuts_where_the_person_says(rt, data):
    made = invoices(3)
    done = hand_in(rt, data["c1"], joined([pdf for _, pdf in made]), "s.pdf")
    wait_processed(rt)
    with rt.db.session() as s:
        stack = s.get_one(Document, done.document_id)
        staff = s.get_one(User, data["staff"])
        for wrong in ("", "1, 9", "a-b"):
            with pytest.raises(InvalidInput):
                stacks.change(s, rt.storage, stack, staff, wrong)
        stacks.change(s, rt.storage, stack, staff, "1, 3")
    wait_processed(rt)
    found = parts(rt, done.document_id)
    assert [(p.split_first, p.split_last) for p in found] == [(1, 2), (3, 3)]
    with rt.db.session() as s:
        last = s.get_one(Document, found[1].id)
        assert last.extraction is not None
        assert last.extraction.fields["invoice_number"] == made[2][0].number
        assert s.scalar(select(func.count(Document.id))) == 3
        # an approved part is not taken away
        part = s.get_one(Document, found[0].id)
        part.status = DocumentStatus.APPROVED
        s.flush()
        stack = s.get_one(Document, done.document_id)
        with pytest.raises(InvalidInput):
            stacks.undo(s, stack, s.get_one(User, data["staff"]))


def test_a_person_splits_what_the_reader_kept_whole(rt, data):
    rng = random.Random(90)
    inv = random_invoice(rng, "pl", 90, start=EPOCH)
    done = hand_in(rt, data["c1"], layouts.render(inv, "classic", rng), "long.pdf")
    wait_processed(rt)
    with rt.db.session() as s:
        doc = s.get_one(Document, done.document_id)
        made = stacks.change(s, rt.storage, doc, s.get_one(User, data["staff"]), "2")
        assert [(p.split_first, p.split_last) for p in made] == [(1, 1), (2, doc.pages)]
        assert doc.status == DocumentStatus.SPLIT
    wait_processed(rt)
    for part in parts(rt, done.document_id):
        assert part.status != DocumentStatus.SPLIT  # a part is never split again


def test_parse_starts():
    assert stacks.parse_starts("1, 3", 4) == [(1, 2), (3, 4)]
    assert stacks.parse_starts("3 2", 4) == [(1, 1), (2, 2), (3, 4)]
    assert stacks.parse_starts("1", 4) == [(1, 4)]
    with pytest.raises(InvalidInput):
        stacks.parse_starts("5", 4)
