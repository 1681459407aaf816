"""Faults: a worker killed mid-job, Redis down during uploads, storage down, a database
restart. Across all of them no document is lost and none is read twice."""

from __future__ import annotations

import io
import time

import pytest
from sqlalchemy import func, select

from intake import events, runtime
from intake.config import load_settings
from intake.jobs import sweep_documents
from intake.models import Document, DocumentEvent, Extraction
from intake.vocabulary import PROCESSED
from tests.conftest import sample, seed_offices, services_env, truncate_all, wait_processed
from tests.daemons import PrivateCluster, PrivateRedis, kill_group, worker_process
from tests.environment import intake_env
from tests.intake.test_periods import ksef_invoice
from tests.seeding import hand_in
from tests.services import free_port

pytestmark = pytest.mark.slow
READ_STEPS = ("extracted", "needs_review", "rejected", "failed")


def counts(rt: runtime.Runtime) -> tuple[int, int, int]:
    """Return (documents, documents read, extraction rows)."""
    with rt.db.session() as s:
        docs = s.scalar(select(func.count(Document.id)))
        done = s.scalar(select(func.count(Document.id)).where(Document.status.in_(PROCESSED)))
        extractions = s.scalar(select(func.count(Extraction.id)))
    return docs, done, extractions


def reads_per_document(rt: runtime.Runtime) -> dict[int, int]:
    """Return how many times each document was finished by a worker."""
    with rt.db.session() as s:
        rows = s.execute(
            select(DocumentEvent.document_id, func.count())
            .where(DocumentEvent.actor == "worker", DocumentEvent.to_status.in_(READ_STEPS))
            .group_by(DocumentEvent.document_id)
        ).all()
    return dict(rows)


def wait_until(predicate, timeout: float = 90, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def services(tmp_path, pg_url, s3_server):
    """A runtime on PostgreSQL + S3 + Redis with a 2-second job lease and no worker yet."""
    env = services_env(tmp_path / "var", pg_url, s3_server, "faults", INTAKE_JOB_LEASE_S="2")
    rt = runtime.start(load_settings(env))
    truncate_all(rt)
    rt.broker.flush_all()
    yield rt, env
    rt.stop()
    events.clear()


def test_a_worker_killed_mid_job_leaves_the_document_read_once(services):
    rt, env = services
    ids = seed_offices(rt)
    scan = sample("pl/*scan*.jpg")
    done = hand_in(rt, ids["c1"], scan.read_bytes(), scan.name, "portal")

    def status() -> str:
        with rt.db.session() as s:
            return s.get_one(Document, done.document_id).status

    with worker_process(env) as first:
        wait_until(lambda: status() == "processing", what="the worker to start reading")
        kill_group(first)  # SIGKILL in the middle of OCR
    assert status() == "processing"

    time.sleep(2.5)  # the lease runs out
    # The second worker claims with a lease longer than its reading: with the first one's
    # 2 s, its own ticker's sweep (each minute) could take the document from it mid-read.
    with worker_process({**env, "INTAKE_JOB_LEASE_S": "600"}, threads=2):
        sweep_documents.send(0)
        wait_until(lambda: status() in PROCESSED, what="the document to be read")
        time.sleep(1)  # a redelivered or swept second message must find nothing to do
    assert counts(rt) == (1, 1, 1)
    assert reads_per_document(rt) == {done.document_id: 1}
    with rt.db.session() as s:
        assert s.get_one(Document, done.document_id).attempts == 2


def test_uploads_are_accepted_while_redis_is_down_and_read_when_it_is_back(tmp_path, caplog):
    redis = PrivateRedis(tmp_path)
    redis.start()
    settings = load_settings(intake_env(tmp_path / "var", INTAKE_BROKER_URL=redis.url))
    rt = runtime.start(settings)
    rt.db.upgrade()
    ids = seed_offices(rt)
    redis.stop()
    try:
        for n in range(5):
            hand_in(rt, ids["c1"], ksef_invoice(f"R/{n}", "2026-10-05"), f"{n}.xml", "portal")
        assert counts(rt) == (5, 0, 0)
        assert "a sweeper will find it" in caplog.text
        redis.start()
        rt.start_worker()
        sweep_documents(0)
        wait_until(lambda: counts(rt)[1] == 5, what="all five to be read")
        wait_processed(rt)
        assert counts(rt) == (5, 5, 5)
        assert set(reads_per_document(rt).values()) == {1}
    finally:
        rt.stop()
        redis.stop()
        events.clear()


def test_an_upload_while_storage_is_down_gets_503_and_leaves_nothing(tmp_path):
    from portal import create_app
    from tests.portal.conftest import csrf_token, log_in

    dead = f"s3://k:s@127.0.0.1:{free_port()}/bucket?secure=false"
    rt = runtime.start(
        load_settings(intake_env(tmp_path / "var", INTAKE_STORAGE_URL=dead)),
        check=False,
    )
    rt.db.upgrade()
    seed_offices(rt)
    client = create_app(rt, TESTING=True).test_client()
    log_in(client, "client1@a.test")
    data = {
        "csrf_token": csrf_token(client, "/client/"),
        "files": (io.BytesIO(ksef_invoice("S/1", "2026-10-05")), "s.xml"),
    }
    response = client.post("/client/upload", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert "Magazyn plików jest chwilowo niedostępny" in response.get_json()["error"]
    assert counts(rt) == (0, 0, 0)
    rt.stop()


def test_a_database_restart_loses_and_doubles_nothing(tmp_path):
    cluster = PrivateCluster()
    try:
        cluster.pg_ctl("start")
        settings = load_settings(intake_env(tmp_path / "var", INTAKE_DATABASE_URL=cluster.url))
        rt = runtime.start(settings)
        rt.db.upgrade()
        ids = seed_offices(rt)
        rt.start_worker()
        for n in range(3):
            hand_in(rt, ids["c1"], ksef_invoice(f"D/{n}", "2026-10-05"), f"a{n}.xml", "portal")
        cluster.pg_ctl("restart")
        for n in range(3, 6):
            hand_in(rt, ids["c1"], ksef_invoice(f"D/{n}", "2026-10-05"), f"b{n}.xml", "portal")
        wait_processed(rt)
        sweep_documents(0)  # anything a broken connection dropped mid-job
        wait_until(lambda: counts(rt)[1] == 6, what="all six to be read")
        wait_processed(rt)
        assert counts(rt) == (6, 6, 6)
        assert set(reads_per_document(rt).values()) == {1}
        rt.stop()
        events.clear()
    finally:
        cluster.remove()


def test_uploads_with_a_worker_killed_every_forty_jobs_lose_and_double_nothing(tmp_path):
    from bench.chaos import run
    from bench.infra import Services

    svc = Services(tmp_path, INTAKE_JOB_LEASE_S="3")
    try:
        result = run(svc, uploads=120, kill_every=40)
    finally:
        svc.close()
    assert result["kills"] >= 2
    assert result == {
        **result,
        "documents": 120,
        "read": 120,
        "extractions": 120,
        "doubled": 0,
        "lost": 0,
    }
