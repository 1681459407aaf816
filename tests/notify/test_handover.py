"""An e-mail whose worker dies is sent again only if the server cannot hold it.

The server takes a message at the final dot of its data; `handed_at` is written in a
transaction around that dot and committed right after it, so a try that died before the
dot left no record (and is sent again) and one that died after it is never repeated.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from sqlalchemy import update

from intake.models import utcnow
from notify import delivery
from notify.delivery import deliver
from notify.models import Notification
from notify.outgoing import Outgoing
from notify.smtp import SmtpChannel
from notify.vocabulary import NotificationState
from tests.notify.test_delivery import add, load

SENDING, SENT = NotificationState.SENDING, NotificationState.SENT


def text(received) -> list[str]:  # type: ignore[no-untyped-def]
    """Return an e-mail's body lines as the server holds them."""
    return received.get_payload(decode=True).decode().splitlines()


class Died(BaseException):
    """The worker's process ending at this point (nothing after it runs)."""


def die(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Stand in for a step the worker dies at."""
    raise Died


def test_the_handover_comes_before_the_server_holds_the_message(smtp_sink):
    seen: list[tuple[str, int]] = []

    @contextmanager
    def handover(gateway_id: str):  # type: ignore[no-untyped-def]
        seen.append((gateway_id, len(smtp_sink.envelopes)))
        yield

    body = "Kwoty do zapłaty:\n.\n..kropki zostają\nżółć"
    message = Outgoing("email", "klient@firma.test", body, subject="Podatki", key="k-1")
    returned = SmtpChannel.from_url(smtp_sink.url).send(message, handover)
    [received] = smtp_sink.messages()
    assert seen == [(received["Message-ID"], 0)]  # entered before the server had it
    assert returned == received["Message-ID"]
    assert text(received) == body.splitlines()  # dots and Polish letters intact
    assert smtp_sink.envelopes[0].rcpt_tos == ["klient@firma.test"]


def stale(rt, notification_id: int) -> None:
    """Let the try's lease run out, as when its worker is gone."""
    with rt.db.session() as session:
        session.execute(
            update(Notification)
            .where(Notification.id == notification_id)
            .values(last_attempt_at=utcnow() - dt.timedelta(hours=2))
        )


def test_a_worker_dead_after_the_server_took_the_mail_does_not_send_it_again(
    start_runtime, smtp_sink, monkeypatch
):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, worker=False)
    notification_id = add(rt, data, "email", "klient@firma.test")

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "record", die)  # dies between the server's 250 and "sent"
        with pytest.raises(Died):
            deliver(rt, notification_id)
    row = load(rt, notification_id)
    assert (row.status, len(smtp_sink.envelopes)) == (SENDING, 1)
    assert row.handed_at is not None and row.gateway_id == smtp_sink.messages()[0]["Message-ID"]

    assert deliver(rt, notification_id) is None  # the lease still runs: someone may be on it
    stale(rt, notification_id)
    assert deliver(rt, notification_id) == SENT  # as the sweeper's job finds it
    row = load(rt, notification_id)
    assert (row.status, row.sent_at, row.attempts) == (SENT, row.handed_at, 1)
    assert len(smtp_sink.envelopes) == 1


def test_a_worker_dead_before_the_final_dot_is_followed_by_one_whole_send(
    start_runtime, smtp_sink, monkeypatch
):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, worker=False)
    notification_id = add(rt, data, "email", "klient@firma.test", body="Treść\n.\nkoniec")

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "handing_over", die)  # dies with the data sent, no dot yet
        with pytest.raises(Died):
            deliver(rt, notification_id)
    row = load(rt, notification_id)
    assert (row.status, row.handed_at, smtp_sink.envelopes) == (SENDING, None, [])

    stale(rt, notification_id)
    assert deliver(rt, notification_id) == SENT
    [received] = smtp_sink.messages()
    assert text(received) == ["Treść", ".", "koniec"]
    assert load(rt, notification_id).attempts == 2


def test_a_worker_dead_while_recording_the_handover_leaves_no_record_and_sends_once(
    start_runtime, smtp_sink, monkeypatch
):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, worker=False)
    notification_id = add(rt, data, "email", "klient@firma.test")
    real = delivery.handing_over

    @contextmanager
    def dies_inside(*args):  # type: ignore[no-untyped-def]
        with real(*args):  # the record is written, not yet committed
            raise Died  # before the dot: the server drops the data, the record rolls back
        yield

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "handing_over", dies_inside)
        with pytest.raises(Died):
            deliver(rt, notification_id)
    row = load(rt, notification_id)
    assert (row.status, row.handed_at, smtp_sink.envelopes) == (SENDING, None, [])
    stale(rt, notification_id)
    assert deliver(rt, notification_id) == SENT
    assert len(smtp_sink.envelopes) == 1


def test_a_refusal_after_the_dot_leaves_the_message_to_be_tried_again(
    start_runtime, smtp_sink, fast_retries
):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, worker=False)
    notification_id = add(rt, data, "email", "klient@firma.test")
    answers = iter(["451 4.3.0 try later", "250 OK"])

    async def handle_data(server, session, envelope):  # type: ignore[no-untyped-def]
        answer = next(answers)
        if answer.startswith("250"):
            smtp_sink.envelopes.append(envelope)
        return answer

    smtp_sink.handle_DATA = handle_data
    with pytest.raises(delivery.DeliveryError) as refused:
        deliver(rt, notification_id)
    assert refused.value.temporary
    row = load(rt, notification_id)
    assert (row.status, row.handed_at) == (NotificationState.QUEUED, None)  # may go again
    assert deliver(rt, notification_id) == SENT
    assert len(smtp_sink.envelopes) == 1
