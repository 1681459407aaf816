"""Fixtures of notify's tests: SMTP and SMS sinks, a runtime that sends through them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from intake import events, runtime
from tests.notify.runtimes import make_template, start_from
from tests.notify.sinks import SmsApi, SmtpSink, TlsSmtpSink


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """An aiosmtpd server on loopback."""
    sink = SmtpSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture
def sms_api() -> Iterator[SmsApi]:
    """A loopback server speaking SMSAPI.pl's sms.do."""
    api = SmsApi()
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A migrated SQLite database with the seeded offices, made once per session."""
    folder = tmp_path_factory.mktemp("seeded")
    data = make_template(folder)
    events.clear()
    return folder, data


@pytest.fixture
def start_runtime(
    tmp_path: Path, seeded_template: tuple[Path, dict[str, int]]
) -> Iterator[Callable[..., tuple[runtime.Runtime, dict[str, int]]]]:
    """Start an embedded, seeded runtime with extra INTAKE_* settings; return it and the ids."""
    started: list[runtime.Runtime] = []
    template, data = seeded_template

    def start(**env: str) -> tuple[runtime.Runtime, dict[str, int]]:
        rt = start_from(template, tmp_path / "var", **env)
        started.append(rt)
        return rt, dict(data)

    yield start
    for rt in started:
        rt.stop()
    events.clear()


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let send_notification retry twice within milliseconds."""
    from notify.jobs import send_notification

    monkeypatch.setitem(send_notification.options, "max_retries", 2)
    monkeypatch.setitem(send_notification.options, "min_backoff", 10)
    monkeypatch.setitem(send_notification.options, "max_backoff", 50)


@pytest.fixture
def tls_smtp_sink(tmp_path: Path) -> Iterator[TlsSmtpSink]:
    """An aiosmtpd server on loopback requiring STARTTLS and a login."""
    sink = TlsSmtpSink(tmp_path)
    sink.controller.start()
    yield sink
    sink.controller.stop()
