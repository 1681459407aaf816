"""Notifications leave by SMTP, SMSAPI or the file outbox, and their status is recorded."""

from __future__ import annotations

import datetime as dt
import email
import json

import pytest
from sqlalchemy import select

from intake import broker, events
from intake.models import utcnow
from intake.models.work import Notification
from notify.delivery import dispatch, history, queue_notification
from notify.outbox import read_sms
from tests.conftest import wait_processed
from tests.services import free_port


def queue(rt, data, channel, recipient, body="Treść", subject="Temat", **extra):
    with rt.db.session() as session:
        row = queue_notification(
            session,
            office_id=data["office_a"],
            company_id=data["c1"],
            channel=channel,
            recipient=recipient,
            subject=subject,
            body=body,
            **extra,
        )
        session.flush()
        notification_id = row.id
    dispatch([notification_id])
    wait_processed(rt)
    return notification_id


def load(rt, notification_id):
    with rt.db.session() as session:
        return session.get_one(Notification, notification_id)


def test_a_reply_reaches_the_smtp_server_threaded_under_the_message_it_answers(
    start_runtime, smtp_sink
):
    sender = "Biuro A <biuro@a.test>"
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, INTAKE_MAIL_FROM=sender)
    payload = {
        "office_id": data["office_a"],
        "to": "klient@firma.test",
        "subject": "Re: faktury",
        "body": "Zły PIN: dokumenty nie zostały przyjęte.",
        "in_reply_to": "<abc@firma.test>",
    }
    events.publish(events.REPLY_TO_SENDER, **payload)
    events.publish(events.REPLY_TO_SENDER, **payload)
    wait_processed(rt)

    [message] = smtp_sink.messages()
    assert smtp_sink.envelopes[0].rcpt_tos == ["klient@firma.test"]
    assert message["To"] == "klient@firma.test"
    assert message["From"] == sender
    assert str(email.header.make_header(email.header.decode_header(message["Subject"]))) == (
        "Re: faktury"
    )
    assert message["In-Reply-To"] == "<abc@firma.test>"
    assert message["Message-ID"]
    assert "Zły PIN" in message.get_payload(decode=True).decode()
    with rt.db.session() as session:
        [row] = session.scalars(select(Notification)).all()
        assert (row.status, row.error, row.attempts) == ("sent", None, 1)
        assert row.sent_at is not None


def test_a_dead_smtp_server_is_retried_then_the_notification_is_marked_failed(
    start_runtime, fast_retries
):
    rt, data = start_runtime(INTAKE_SMTP_URL=f"smtp://127.0.0.1:{free_port()}")
    notification_id = queue(rt, data, "email", "klient@firma.test")

    row = load(rt, notification_id)
    assert row.status == "failed"
    assert row.attempts == 3  # the first try and two retries
    assert "Connection refused" in row.error or "ConnectionRefused" in row.error


def test_an_sms_is_posted_to_smsapi_with_the_bearer_token(start_runtime, sms_api):
    rt, data = start_runtime(INTAKE_SMS_URL=sms_api.url(token="s3cr3t", sender="BiuroA"))
    notification_id = queue(rt, data, "sms", "+48 600 100 200", body="VAT 123,45 zł do 25.11")

    [request] = sms_api.requests
    assert request["path"] == "/sms.do"
    assert request["headers"]["Authorization"] == "Bearer s3cr3t"
    assert request["to"] == "48600100200"
    assert request["message"] == "VAT 123,45 zł do 25.11"
    assert (request["from"], request["format"]) == ("BiuroA", "json")
    row = load(rt, notification_id)
    assert (row.status, row.error) == ("sent", None)
    assert row.data["gateway_id"] == "600001"


def test_an_smsapi_error_marks_the_sms_failed_with_its_message(start_runtime, sms_api):
    sms_api.answer = (200, {"error": 13, "message": "No correct phone numbers"})
    rt, data = start_runtime(INTAKE_SMS_URL=sms_api.url())
    notification_id = queue(rt, data, "sms", "600100200")

    row = load(rt, notification_id)
    assert row.status == "failed"
    assert "No correct phone numbers" in row.error
    assert row.attempts == 1  # a permanent error is not retried
    assert len(sms_api.requests) == 1


def test_a_passing_smsapi_error_is_retried(start_runtime, sms_api, fast_retries):
    sms_api.answer = (500, {"error": 201, "message": "System internal error"})
    rt, data = start_runtime(INTAKE_SMS_URL=sms_api.url())
    notification_id = queue(rt, data, "sms", "600100200")

    assert len(sms_api.requests) == 3
    assert load(rt, notification_id).status == "failed"


def test_without_gateways_the_outbox_gets_eml_files_and_sms_lines(start_runtime):
    rt, data = start_runtime()
    queue(rt, data, "email", "klient@firma.test", subject="Podatki", body="VAT: 1 234,50 zł")
    queue(rt, data, "sms", "600100200", body="VAT 1 234,50 zł")

    outbox = rt.settings.outbox_dir
    [eml] = list(outbox.glob("*.eml"))
    message = email.message_from_bytes(eml.read_bytes())
    assert message["To"] == "klient@firma.test"
    assert "1 234,50 zł" in message.get_payload(decode=True).decode()
    [line] = read_sms(outbox)
    assert (line["to"], line["message"]) == ("600100200", "VAT 1 234,50 zł")
    assert json.loads((outbox / "sms.jsonl").read_text().splitlines()[0])["to"] == "600100200"


def test_a_blocked_sender_is_reported_to_the_company_accountant(start_runtime):
    rt, data = start_runtime()
    for _ in range(2):
        until = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
        events.publish(
            events.SENDER_BLOCKED, company_id=data["c1"], sender="spam@x.test", until=until
        )
    wait_processed(rt)

    [eml] = list(rt.settings.outbox_dir.glob("*.eml"))
    message = email.message_from_bytes(eml.read_bytes())
    assert message["To"] == "staff@a.test"
    text = message.get_payload(decode=True).decode()
    assert "spam@x.test" in text
    assert "zablokowany do 2026-11-23 12:00 UTC" in text


def test_a_company_history_lists_its_notifications_newest_first(start_runtime):
    rt, data = start_runtime()
    first = queue(rt, data, "email", "a@firma.test")
    second = queue(rt, data, "sms", "600100200")
    with rt.db.session() as session:
        rows = history(session, data["c1"], office_id=data["office_a"])
        assert [r.id for r in rows] == [second, first]
        assert [r.status for r in rows] == ["sent", "sent"]
        assert history(session, data["c1"], office_id=data["office_b"]) == []


def test_a_notification_with_a_known_key_is_queued_once(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        kwargs = {
            "office_id": data["office_a"],
            "channel": "email",
            "recipient": "a@firma.test",
            "body": "x",
            "key": "k1",
        }
        assert queue_notification(session, **kwargs) is not None
        assert queue_notification(session, **kwargs) is None


@pytest.mark.parametrize("kind", ["email", "sms"])
def test_running_the_send_job_twice_sends_once(start_runtime, kind):
    rt, data = start_runtime()
    notification_id = queue(rt, data, kind, "600100200" if kind == "sms" else "a@firma.test")
    dispatch([notification_id])
    wait_processed(rt)
    assert len(list(rt.settings.outbox_dir.glob("*.eml"))) == (kind == "email")
    assert len(read_sms(rt.settings.outbox_dir)) == (kind == "sms")


def test_the_sweeper_sends_what_a_lost_message_left_queued(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        row = queue_notification(
            session,
            office_id=data["office_a"],
            channel="email",
            recipient="a@firma.test",
            body="x",
        )
        row.created_at = utcnow() - dt.timedelta(hours=1)
        session.flush()
        notification_id = row.id
    broker.send("sweep_notifications")
    wait_processed(rt)
    assert load(rt, notification_id).status == "sent"


def test_starttls_with_a_login_delivers_and_a_wrong_password_fails_at_once(
    start_runtime, tls_smtp_sink
):
    rt, data = start_runtime(INTAKE_SMTP_URL=tls_smtp_sink.login_url())
    sent = queue(rt, data, "email", "klient@firma.test", subject="TLS", body="przez STARTTLS")
    assert load(rt, sent).status == "sent"
    [message] = tls_smtp_sink.messages()
    assert "przez STARTTLS" in message.get_payload(decode=True).decode()
    assert tls_smtp_sink.logins == [("biuro", True)]

    rt.stop()
    rt, data = start_runtime(INTAKE_SMTP_URL=tls_smtp_sink.login_url(password="zle"))
    refused = queue(rt, data, "email", "klient@firma.test")
    row = load(rt, refused)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "535" in row.error
