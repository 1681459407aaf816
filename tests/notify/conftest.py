"""Fixtures of notify's tests: SMTP and SMS sinks (runtimes come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.notify.sinks import SmsApi, SmtpSink, TlsSmtpSink, TwilioApi, WhatsAppApi


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


@pytest.fixture
def twilio_api() -> Iterator[TwilioApi]:
    """A loopback server speaking Twilio's Messages API."""
    api = TwilioApi()
    api.start()
    yield api
    api.stop()


@pytest.fixture
def whatsapp_api() -> Iterator[WhatsAppApi]:
    """A loopback server speaking the WhatsApp Business Cloud API's messages endpoint."""
    api = WhatsAppApi()
    api.start()
    yield api
    api.stop()
