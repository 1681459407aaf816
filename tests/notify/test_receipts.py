"""Gateways' receipts move a sent message to delivered, or to failed with the sender told."""

from __future__ import annotations

from sqlalchemy import select

from intake.models.texts import code_of
from notify.models import Notification, StaffNotice
from notify.receipts import from_smsapi, from_twilio, from_whatsapp, record_receipt
from notify.segments import count
from notify.twilio import signature, valid_signature
from notify.vocabulary import NotificationState
from notify.whatsapp import valid_signature as whatsapp_signed
from tests.notify.letters import contact, deliveries, send

DELIVERED, FAILED = NotificationState.DELIVERED, NotificationState.FAILED


def receive(rt, receipts) -> None:  # type: ignore[no-untyped-def]
    with rt.db.session() as session:
        for receipt in receipts:
            record_receipt(session, rt.settings, receipt)


def test_a_twilio_receipt_marks_an_sms_delivered(start_runtime, twilio_api):
    rt, data = start_runtime(INTAKE_SMS_URL=twilio_api.url())
    contact(rt, data["c1"], "Jan", phone="600100200", text="sms")
    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="sms", text="x")
    [row] = deliveries(rt, letter_id)

    receive(rt, from_twilio({"MessageSid": row.gateway_id, "MessageStatus": "sent"}))
    assert deliveries(rt, letter_id)[0].status == NotificationState.SENT
    receive(rt, from_twilio({"MessageSid": row.gateway_id, "MessageStatus": "delivered"}))
    [row] = deliveries(rt, letter_id)
    assert row.status == DELIVERED and row.delivered_at is not None


def test_an_undelivered_whatsapp_message_fails_and_tells_its_sender(start_runtime, whatsapp_api):
    rt, data = start_runtime(INTAKE_WHATSAPP_URL=whatsapp_api.url())
    contact(rt, data["c1"], "Jan", phone="600100200", text="whatsapp")
    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="whatsapp", text="x")
    [row] = deliveries(rt, letter_id)
    webhook = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "statuses": [
                                {
                                    "id": row.gateway_id,
                                    "status": "failed",
                                    "timestamp": "1767225600",
                                    "recipient_id": "48600100200",
                                    "errors": [{"code": 131026, "title": "Message undeliverable"}],
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    receive(rt, from_whatsapp(webhook))
    receive(rt, from_whatsapp(webhook))  # a webhook delivered twice tells once

    [row] = deliveries(rt, letter_id)
    assert (row.status, code_of(row.error)) == (FAILED, "not_delivered")
    assert "131026" in row.error.params["detail"]
    with rt.db.session() as session:
        assert len(session.scalars(select(StaffNotice)).all()) == 1


def test_an_smsapi_callback_names_its_messages_by_id_and_idx(start_runtime, sms_api):
    rt, data = start_runtime(INTAKE_SMS_URL=sms_api.url())
    contact(rt, data["c1"], "Jan", phone="600100200", text="sms")
    contact(rt, data["c1"], "Ewa", phone="600100201", text="sms")
    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="sms", text="x")
    first, second = deliveries(rt, letter_id)
    assert {r["idx"] for r in sms_api.requests} == {first.key, second.key}
    assert sms_api.requests[0]["notify_url"] == "http://127.0.0.1:8000/hooks/smsapi"

    args = {
        "MsgId": f"{first.gateway_id},{second.gateway_id}",
        "status": "404,405",
        "status_name": "DELIVERED,UNDELIVERED",
        "idx": f"{first.key},{second.key}",
    }
    receive(rt, from_smsapi(args))
    first, second = deliveries(rt, letter_id)
    assert (first.status, second.status) == (DELIVERED, FAILED)


def test_a_receipt_for_a_message_not_ours_changes_nothing(start_runtime):
    rt, _ = start_runtime()
    receive(rt, from_twilio({"MessageSid": "SMnotours", "MessageStatus": "delivered"}))
    with rt.db.session() as session:
        assert session.scalars(select(Notification)).all() == []


def test_signatures_of_twilio_and_meta_are_checked():
    url = "https://biuro.example/hooks/twilio"
    params = {"MessageSid": "SM1", "MessageStatus": "delivered"}
    given = signature("token", url, params)
    assert valid_signature("token", url, params, given)
    assert not valid_signature("token", url, {**params, "MessageStatus": "failed"}, given)
    assert not valid_signature("other", url, params, given)
    import hashlib
    import hmac

    body = b'{"entry": []}'
    good = "sha256=" + hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert whatsapp_signed("secret", body, good)
    assert not whatsapp_signed("secret", body + b" ", good)


def test_sms_parts_are_counted_as_the_network_counts_them():
    assert (count("a" * 160).parts, count("a" * 161).parts) == (1, 2)
    assert count("a" * 306).parts == 2 and count("a" * 307).parts == 3
    polish = count("Zażółć gęślą jaźń")
    assert (polish.encoding, polish.parts) == ("UCS-2", 1)
    assert count("ą" * 70).parts == 1 and count("ą" * 71).parts == 2 and count("ą" * 135).parts == 3
    assert count("{}" * 40).units == 160  # the extension table counts twice
    assert count("€").encoding == "GSM-7"
