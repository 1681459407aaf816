"""Messages per second from a real Dovecot into stored documents (no OCR), and a killed poller.

usage: python bench/inbox.py [--messages 300] [--kill-messages 60] [--services]
Target (inbox issue, item 7): at least 30 messages/s with one attachment each, and zero
lost and zero doubled documents across pollers killed mid-batch.

The poller runs in this process with the in-process broker and no worker, so documents
stay 'received': the figure measures IMAP fetch + MIME + PIN + accept + storage + moves.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from inbox.models import InboundEmail  # noqa: E402
from inbox.poller import poll_all  # noqa: E402
from intake import runtime  # noqa: E402
from intake.config import load_settings  # noqa: E402
from intake.models import Company, Document  # noqa: E402
from intake.offices import add_company, create_office  # noqa: E402
from intake.security import hash_secret  # noqa: E402
from tests.environment import intake_env  # noqa: E402
from tests.inbox.conftest import Dovecot  # noqa: E402
from tests.inbox.factory import message, pdf  # noqa: E402


def messages(count: int, tag: str) -> list[bytes]:
    """Return messages for the bench company, one distinct PDF each."""
    return [
        message(
            f"[4821] faktura {tag} {i} 10/2026",
            to="docs+bench@office.test",
            attachments=[(f"{tag}-{i}.pdf", pdf(f"{tag}/{i}"), "application/pdf")],
        ).as_bytes()
        for i in range(count)
    ]


def setup(home: Path, url: str, services: bool) -> tuple[dict[str, str], runtime.Runtime]:
    """Start a runtime (embedded, or PostgreSQL + S3 + Redis) with one company, PIN 4821."""
    env = intake_env(home, INTAKE_IMAP_URL=url, INTAKE_INBOX_ADDRESS="docs@office.test")
    if services:
        from bench.infra import Services

        infra = Services(home, INTAKE_IMAP_URL=url)
        env = {**infra.env, "INTAKE_INBOX_ADDRESS": "docs@office.test"}
        rt = runtime.start(load_settings(env))
        with rt.db.session() as s:
            company = s.get_one(Company, infra.company_id)
            company.inbox_code, company.pin_hash = "bench", hash_secret("4821")
        return env, rt
    rt = runtime.start(load_settings(env))
    rt.db.upgrade()
    with rt.db.session() as s:
        office = create_office(s, "Bench Office")
        add_company(s, office, "Bench Sp. z o.o.", "5260250274", pin="4821", inbox_code="bench")
    return env, rt


def counts(rt: runtime.Runtime) -> tuple[int, int]:
    """Return (documents, distinct files)."""
    with rt.db.session() as s:
        docs = s.scalar(select(func.count(Document.id))) or 0
        distinct = s.scalar(select(func.count(func.distinct(Document.sha256)))) or 0
    return docs, distinct


def throughput(rt: runtime.Runtime, server: Dovecot, user: str, count: int) -> float:
    """Deliver messages, then time one pass; return messages per second."""
    server.deliver(user, *messages(count, "speed"))
    started = time.perf_counter()
    [report] = poll_all(rt)
    elapsed = time.perf_counter() - started
    assert report.failure is None and report.imported == count, report
    assert counts(rt) == (count, count), counts(rt)
    print(f"{count} messages, 1 PDF each: {elapsed:.2f} s = {count / elapsed:.1f} messages/s")
    return count / elapsed


def killed(env: dict[str, str], rt: runtime.Runtime, server: Dovecot, user: str, n: int) -> bool:
    """Kill `intake mail poll --once` three times mid-batch; check nothing lost or doubled."""
    before = counts(rt)[0]
    server.deliver(user, *messages(n, "kill"))
    command = [sys.executable, "-m", "intake", "mail", "poll", "--once"]
    for attempt in range(3):
        proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
        target = before + (attempt + 1) * n // 4
        deadline = time.monotonic() + 60
        while counts(rt)[0] < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(random.uniform(0.001, 0.02))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        print(f"killed poller {attempt + 1} at {counts(rt)[0] - before} documents")
    final = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, capture_output=True)
    docs, distinct = counts(rt)
    with rt.db.session() as s:
        open_rows = s.scalar(
            select(func.count(InboundEmail.id)).where(InboundEmail.status != "imported")
        )
    lost = before + n - distinct
    doubled = docs - distinct
    print(
        f"killed 3x mid-batch over {n} messages: exit {final.returncode}, "
        f"lost {lost}, doubled {doubled}, unfinished messages {open_rows}"
    )
    return lost == 0 and doubled == 0 and final.returncode == 0


def main() -> None:
    """Run the bench and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--kill-messages", type=int, default=60)
    parser.add_argument("--services", action="store_true", help="PostgreSQL + S3 + Redis")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="intake-bench-inbox-") as tmp:
        server = Dovecot(Path(tmp) / "dovecot")
        server.start()
        try:
            user = server.new_user()
            env, rt = setup(Path(tmp) / "var", server.url(user), args.services)
            rate = throughput(rt, server, user, args.messages)
            safe = killed(env, rt, server, user, args.kill_messages)
            rt.stop()
        finally:
            server.stop()
    print(f"RESULT {rate:.1f} messages/s (target 30): {'ok' if rate >= 30 else 'SLOW'}")
    print(f"RESULT killed pollers: {'zero lost, zero doubled' if safe else 'FAILED'}")
    sys.exit(0 if rate >= 30 and safe else 1)


if __name__ == "__main__":
    main()
