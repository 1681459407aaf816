"""`intake serve` is a production server: stalled clients hold sockets, never the service.

Reproduces issue 16: on Werkzeug's development server 100 connections that sent a
Content-Length and stalled held 110 threads for over a minute, and a chunked 30 MB body
was read in full before the 413.
"""

from __future__ import annotations

import socket
import time

import pytest

from tests.conftest import fresh_home
from tests.portal.serving import closed_by_server, get, serving, stall

pytestmark = pytest.mark.slow


@pytest.fixture
def home(tmp_path, migrated_db):  # type: ignore[no-untyped-def]
    """An INTAKE_HOME holding a migrated database."""
    return fresh_home(tmp_path, migrated_db)


def test_a_normal_request_is_answered_while_200_connections_stall(home):
    with serving(home) as server:
        idle = server.threads()
        stalled = stall(server.port, 200)
        try:
            timings = [get(server.port) for _ in range(10)]
            held = server.threads()
        finally:
            for sock in stalled:
                sock.close()
    assert all(status == 200 for status, _ in timings)
    assert max(seconds for _, seconds in timings) < 2.0, timings
    # The stalled clients hold sockets in the event loop, not a thread each.
    assert held <= idle + 8, (idle, held)


def test_a_silent_connection_is_closed_after_the_timeout(home):
    with serving(home, INTAKE_SERVE_TIMEOUT_S="2") as server:
        [sock] = stall(server.port, 1)
        started = time.monotonic()
        assert closed_by_server(sock, within=10)
        assert time.monotonic() - started < 8
        sock.close()


def test_a_chunked_body_over_the_limit_is_refused_before_it_is_read_whole(home):
    with serving(home, INTAKE_MAX_UPLOAD_MB="1") as server:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(
            b"POST /client/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n"
        )
        chunk = b"x" * 65536
        sent = 0
        answer = b""
        try:
            while sent < 30 * 1024 * 1024:
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
                sock.setblocking(False)
                try:
                    answer = sock.recv(1024)
                except BlockingIOError:
                    pass
                finally:
                    sock.setblocking(True)
                if answer:
                    break
        except OSError:
            pass  # the server stopped reading and closed the connection
        if not answer:
            sock.settimeout(5)
            try:
                answer = sock.recv(1024)
            except OSError:
                answer = b""
        sock.close()
    assert sent < 30 * 1024 * 1024, "the whole body was read"
    assert answer == b"" or b" 413 " in answer.split(b"\r\n")[0]
