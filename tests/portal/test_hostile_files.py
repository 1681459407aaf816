"""Hostile files at the upload door: the web thread never decodes them, and the person who
sent one reads why it was refused, in their own language.

Issue 16 item 3 (with issue 15, which renders and reads in a memory-limited subprocess and
checks every frame's pixels and every page's size there): an 810-byte PDF with one
7,200 x 7,200 pt page took `intake serve` to 7 GB because web and jobs share that process
on the embedded default. The door itself only reads headers; reading is a job.
"""

from __future__ import annotations

import io
import struct
import time
import zlib

from fpdf import FPDF
from sqlalchemy import select

from intake.models import Document
from portal import create_app
from tests.portal.conftest import csrf_token, log_in, tr


def huge_page_pdf(points: int = 7200) -> bytes:
    """Return a tiny PDF whose one page is `points` x `points` (a hundred inches a side)."""
    doc = FPDF(unit="pt", format=(points, points))
    doc.add_page()
    return bytes(doc.output())


def png_header(width: int, height: int) -> bytes:
    """Return a PNG that claims a size in its header and holds almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


def upload(client, data: bytes, name: str):  # type: ignore[no-untyped-def]
    """Upload one file as the page does; return the response."""
    token = csrf_token(client, "/client/")
    return client.post(
        "/client/upload",
        data={"csrf_token": token, "files": (io.BytesIO(data), name)},
        headers={"Accept": "application/json"},
        content_type="multipart/form-data",
    )


def test_a_huge_pdf_page_is_only_counted_at_the_door_and_read_by_a_job(start_runtime):
    rt, _ = start_runtime(worker=False)  # no worker: this test must never render the page
    client = create_app(rt, TESTING=True, RATELIMIT_STORAGE_URI="memory://").test_client()
    log_in(client, "client1@a.test")
    data = huge_page_pdf()
    assert len(data) < 1000
    started = time.monotonic()
    response = upload(client, data, "ogromna.pdf")
    assert time.monotonic() - started < 2
    assert response.status_code == 200, response.get_json()
    with rt.db.session() as s:
        doc = s.scalars(select(Document)).one()
        assert doc.status == "received" and doc.pages == 1  # queued for a job to read


def test_a_pixel_bomb_is_refused_at_the_door_with_the_reason_in_polish(as_user):
    client = as_user("client1@a.test")
    response = upload(client, png_header(40_000, 40_000), "bomba.png")
    assert response.status_code == 422
    [result] = response.get_json()["results"]
    assert result["code"] == "file_unreadable"
    assert tr("The file cannot be taken: %(reason)s", reason="").strip(" :") in result["error"]


def test_a_pixel_bombs_reason_has_no_english_in_it(as_user):
    client = as_user("client1@a.test")
    [result] = upload(client, png_header(40_000, 40_000), "bomba.png").get_json()["results"]
    assert "pixels" not in result["error"] and "attack" not in result["error"]
