"""One document through the pipeline, on the embedded defaults and on real services."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from intake.errors import NotFound, Refused
from intake.jobs import sweep_documents
from intake.models import Document, DocumentEvent
from tests.conftest import sample, wait_processed
from tests.environment import intake_env
from tests.seeding import hand_in


def test_an_accepted_pdf_is_stored_read_and_recorded(rt, data):
    pdf = sample("pl/*-pdf.pdf").read_bytes()
    done = hand_in(rt, data["c1"], pdf, "faktura.pdf", "portal")
    assert done.status == "received"
    wait_processed(rt)
    with rt.db.session() as s:
        doc = s.get_one(Document, done.document_id)
        assert doc.status in ("extracted", "needs_review")
        assert doc.media_type == "application/pdf"
        assert rt.storage.get(doc.storage_key) == pdf
        assert doc.extraction is not None and len(doc.extraction.text) > 50
        steps = [(e.from_status, e.to_status) for e in doc.events]
    assert ("received", "processing") in steps
    assert steps[-1][1] in ("extracted", "needs_review")


def test_the_same_file_twice_is_a_duplicate_stored_once(rt, data):
    pdf = sample("pl/*-pdf.pdf").read_bytes()
    first = hand_in(rt, data["c1"], pdf, "a.pdf", "portal")
    second = hand_in(rt, data["c1"], pdf, "a-again.pdf", "email")
    assert second.status == "duplicate" and second.duplicate_of == first.document_id
    wait_processed(rt)
    with rt.db.session() as s:
        docs = s.scalars(select(Document).order_by(Document.id)).all()
        assert docs[0].storage_key == docs[1].storage_key
        assert docs[1].status == "duplicate" and docs[1].extraction is None


def test_the_same_file_for_another_company_is_not_a_duplicate(rt, data):
    pdf = sample("pl/*-pdf.pdf").read_bytes()
    hand_in(rt, data["c1"], pdf, "a.pdf", "portal")
    other = hand_in(rt, data["c2"], pdf, "a.pdf", "portal")
    assert other.status == "received" and other.duplicate_of is None


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "empty_file"),
        (b"MZ\x90\x00" + b"\x00" * 200, "program"),
        (b"<html><body>hi</body></html>", "html_page"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason_and_nothing_stored(rt, data, payload, reason):
    with pytest.raises(Refused) as excinfo:
        hand_in(rt, data["c1"], payload, "x.pdf", "portal")
    assert excinfo.value.code == "file_unreadable"
    assert excinfo.value.params["reason"].code == reason
    with rt.db.session() as s:
        assert s.scalars(select(Document)).all() == []


def test_a_file_over_the_size_limit_is_refused(rt, data):
    big = b"%PDF-1.4\n" + b"0" * (rt.settings.max_upload_mb * 1024 * 1024)
    with pytest.raises(Refused) as excinfo:
        hand_in(rt, data["c1"], big, "big.pdf", "portal")
    assert excinfo.value.code == "file_too_large"
    assert excinfo.value.params == {"limit": rt.settings.max_upload_mb}


def test_an_unknown_company_is_not_found(rt, data):
    with pytest.raises(NotFound):
        hand_in(rt, 999_999, sample("pl/*-pdf.pdf").read_bytes(), "a.pdf", "portal")


def test_a_document_whose_message_was_lost_is_swept_and_read(rt, data):
    pdf = sample("pl/*-pdf.pdf").read_bytes()
    done = hand_in(rt, data["c1"], pdf, "lost.pdf", "portal")
    wait_processed(rt)
    # Put it back as if the worker had died mid-job and its lease had run out.
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with rt.db.session() as s:
        s.execute(update(Document).values(status="processing", lease_until=past))
    sweep_documents(0)
    wait_processed(rt)
    with rt.db.session() as s:
        doc = s.get_one(Document, done.document_id)
        assert doc.status in ("extracted", "needs_review")
        assert doc.attempts == 2
        reads = s.scalars(
            select(DocumentEvent).where(DocumentEvent.to_status == "processing")
        ).all()
        assert len(reads) == 2


def test_a_document_being_read_is_not_claimed_twice(rt, data):
    from intake.processing import claim

    done = hand_in(rt, data["c1"], sample("pl/*-pdf.pdf").read_bytes(), "a.pdf", "portal")
    wait_processed(rt)
    with rt.db.session() as s:
        s.execute(update(Document).values(status="received"))
    assert claim(rt, done.document_id) is True
    assert claim(rt, done.document_id) is False


def test_a_document_is_read_through_rabbitmq(tmp_path):
    from intake import events, runtime
    from intake.config import load_settings
    from tests.conftest import seed_offices
    from tests.services import AMQP_URL, require

    require("127.0.0.1", 5672, "RabbitMQ")
    rt = runtime.start(load_settings(intake_env(tmp_path / "var", INTAKE_BROKER_URL=AMQP_URL)))
    try:
        rt.db.upgrade()
        rt.broker.flush_all()
        ids = seed_offices(rt)
        rt.start_worker()
        done = hand_in(rt, ids["c1"], sample("ksef/*.xml").read_bytes(), "k.xml", "email")
        wait_processed(rt)
        with rt.db.session() as s:
            assert s.get_one(Document, done.document_id).status in ("extracted", "needs_review")
    finally:
        rt.stop()
        events.clear()
