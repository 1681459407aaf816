"""The office writes to clients: one or many, e-mail, SMS and WhatsApp, signed, delivered once."""

from __future__ import annotations

import email
import email.policy

import pytest
from sqlalchemy import select

from intake.models import Company, User
from intake.models.texts import code_of
from notify.errors import LetterError
from notify.letters import Draft, compose, preview
from notify.models import Notification, StaffNotice
from notify.vocabulary import Channel, NotificationState, Topic
from tests.conftest import wait_processed
from tests.notify.letters import PDF, contact, deliveries, letter, send

SENT, FAILED = NotificationState.SENT, NotificationState.FAILED
TEXT = "Od 1 stycznia biuro pracuje w godzinach 8–16. Zapraszamy!"


def staff_phone(rt, data, phone="+48 22 100 20 30") -> None:
    with rt.db.session() as session:
        session.get_one(User, data["staff"]).phone = phone


def test_a_text_reaches_each_contact_on_their_channels_signed_by_its_sender(
    start_runtime, smtp_sink, sms_api
):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, INTAKE_SMS_URL=sms_api.url())
    staff_phone(rt, data)
    contact(rt, data["c1"], "Jan", "jan@firma.test", "600 100 200", text="email,sms")
    contact(rt, data["c1"], "Ewa", "ewa@firma.test", "600 100 201")  # defaults: e-mail only

    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="email,sms", text=TEXT)

    rows = deliveries(rt, letter_id)
    assert sorted((r.recipient, r.channel, r.status) for r in rows) == [
        ("+48600100200", Channel.SMS, SENT),
        ("ewa@firma.test", Channel.EMAIL, SENT),
        ("jan@firma.test", Channel.EMAIL, SENT),
    ]
    assert {r.sender_id for r in rows} == {data["staff"]}
    mails = {m["To"]: m for m in smtp_sink.messages()}
    body = mails["jan@firma.test"].get_payload(decode=True).decode().replace("\r\n", "\n")
    assert TEXT in body
    assert body.endswith("-- \nStaff A\nBiuro A\n+48 22 100 20 30\nstaff@a.test\n")
    assert mails["jan@firma.test"]["Reply-To"] == "staff@a.test"
    [sms] = sms_api.requests
    assert sms["message"] == f"{TEXT} - Staff A, Biuro A, +48 22 100 20 30"
    sms_row = next(r for r in rows if r.channel == Channel.SMS)
    assert sms_row.data["segments"] == {"encoding": "UCS-2", "parts": 2}  # '–' is not GSM


def test_whatsapp_goes_to_one_client_at_a_time(start_runtime):
    rt, data = start_runtime()
    with pytest.raises(LetterError) as e:
        send(rt, data["staff"], [data["c1"], data["c2"]], channels="email,whatsapp", text="x")
    assert e.value.code == "whatsapp_one_client"


def test_whatsapp_is_posted_to_the_cloud_api_messages_endpoint(start_runtime, whatsapp_api):
    rt, data = start_runtime(INTAKE_WHATSAPP_URL=whatsapp_api.url())
    contact(rt, data["c1"], "Jan", phone="+48 600 100 200", text="whatsapp")

    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="whatsapp", text="Dzień dobry")

    [request] = whatsapp_api.requests
    assert request["path"] == f"/v21.0/{whatsapp_api.PHONE_ID}/messages"
    assert request["headers"]["Authorization"] == f"Bearer {whatsapp_api.TOKEN}"
    payload = request["json"]
    assert (payload["messaging_product"], payload["to"], payload["type"]) == (
        "whatsapp",
        "48600100200",
        "text",
    )
    assert payload["text"]["body"].startswith("Dzień dobry - Staff A, Biuro A")
    [row] = deliveries(rt, letter_id)
    assert (row.status, row.gateway_id) == (SENT, "wamid.HBgL00000001")


def test_whatsapp_outside_the_window_goes_as_the_office_template(start_runtime, whatsapp_api):
    rt, data = start_runtime(INTAKE_WHATSAPP_URL=whatsapp_api.url(template="intake_message"))
    contact(rt, data["c1"], "Jan", phone="+48 600 100 200", text="whatsapp")
    send(rt, data["staff"], [data["c1"]], channels="whatsapp", text="Prosimy o kontakt")
    template = whatsapp_api.requests[0]["json"]["template"]
    assert (template["name"], template["language"]) == ("intake_message", {"code": "pl"})
    [parameter] = template["components"][0]["parameters"]
    assert parameter["text"].startswith("Prosimy o kontakt")


def test_a_number_whatsapp_refuses_fails_and_its_sender_is_told(
    start_runtime, whatsapp_api, smtp_sink
):
    whatsapp_api.answer = whatsapp_api.error(131030, "Recipient phone number not in allowed list")
    rt, data = start_runtime(INTAKE_WHATSAPP_URL=whatsapp_api.url(), INTAKE_SMTP_URL=smtp_sink.url)
    contact(rt, data["c1"], "Jan", phone="+48 600 100 200", text="whatsapp")
    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="whatsapp", text="x")
    wait_processed(rt)

    [row] = deliveries(rt, letter_id)
    assert (row.status, code_of(row.error), row.error.params["status"]) == (
        FAILED,
        "whatsapp_refused",
        131030,
    )
    with rt.db.session() as session:
        [notice] = session.scalars(select(StaffNotice)).all()
        assert (notice.user_id, notice.notification_id) == (data["staff"], row.id)
    [told] = [
        email.message_from_bytes(e.content, policy=email.policy.default)
        for e in smtp_sink.envelopes
    ]
    assert told["To"] == "staff@a.test"
    assert told["Subject"] == "Nie doręczono: Twoja wiadomość do Firma Jeden"


def test_twilio_sends_an_sms_and_an_invalid_number_fails_for_good(
    start_runtime, twilio_api, fast_retries
):
    rt, data = start_runtime(INTAKE_SMS_URL=twilio_api.url())
    contact(rt, data["c1"], "Jan", phone="+48 600 100 200", text="sms")
    contact(rt, data["c1"], "Ewa", phone="+48 600 100 201", text="sms")
    twilio_api.answers = [twilio_api.invalid_number("+48600100201")]

    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="sms", text="Przypomnienie")

    by_number = {r.recipient: r for r in deliveries(rt, letter_id)}
    refused, taken = by_number["+48600100200"], by_number["+48600100201"]
    if refused.status == SENT:  # the workers took them in either order
        refused, taken = taken, refused
    assert (refused.status, code_of(refused.error), refused.error.params["status"]) == (
        FAILED,
        "sms_refused",
        21211,
    )
    assert refused.attempts == 1
    assert taken.status == SENT and taken.gateway_id.startswith("SM")
    form = twilio_api.requests[-1]["form"]
    assert form["From"] == "+48500100200"
    assert form["StatusCallback"] == "http://127.0.0.1:8000/hooks/twilio"
    assert twilio_api.requests[0]["headers"]["Authorization"].startswith("Basic ")


def test_a_gateway_5xx_is_retried_then_given_up_and_the_sender_told(
    start_runtime, sms_api, smtp_sink, fast_retries
):
    sms_api.answer = (503, {"error": 999, "message": "Service unavailable"})
    rt, data = start_runtime(INTAKE_SMS_URL=sms_api.url(), INTAKE_SMTP_URL=smtp_sink.url)
    contact(rt, data["c1"], "Jan", phone="+48 600 100 200", text="sms")
    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="sms", text="x")
    wait_processed(rt)

    [row] = deliveries(rt, letter_id)
    assert row.status == FAILED and row.attempts == 3
    assert len(sms_api.requests) == 3
    assert [m["To"] for m in smtp_sink.messages()] == ["staff@a.test"]


def test_a_refused_mail_recipient_fails_and_is_told_once(start_runtime, smtp_sink):
    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
            if address.startswith("nikt@"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    smtp_sink.handle_RCPT = Refusing().handle_RCPT  # type: ignore[attr-defined]
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url)
    contact(rt, data["c1"], "Nikt", "nikt@firma.test")
    [letter_id] = send(rt, data["staff"], [data["c1"]], text="x")

    [row] = deliveries(rt, letter_id)
    assert (row.status, code_of(row.error)) == (FAILED, "smtp_refused_recipient")
    with rt.db.session() as session:
        assert session.scalar(select(StaffNotice.notification_id)) == row.id


def test_a_pdf_goes_with_the_email_and_only_its_name_with_the_sms(
    start_runtime, smtp_sink, sms_api
):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url, INTAKE_SMS_URL=sms_api.url())
    contact(rt, data["c1"], "Jan", "jan@firma.test", "600100200", text="email,sms")
    send(rt, data["staff"], [data["c1"]], channels="email,sms", text="W załączniku", attach=True)

    [mail] = [
        email.message_from_bytes(e.content, policy=email.policy.default)
        for e in smtp_sink.envelopes
    ]
    [attachment] = list(mail.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content()) == ("pismo.pdf", PDF)
    assert "Załącznik: pismo.pdf" in mail.get_body().get_content()
    assert "pismo" not in sms_api.requests[0]["message"]


def test_only_a_pdf_may_be_attached(start_runtime):
    rt, data = start_runtime()
    with pytest.raises(LetterError) as e, rt.db.session() as session:
        from notify.letters import send_letters
        from notify.outgoing import Attachment

        sender = session.get_one(User, data["staff"])
        draft = Draft(Topic.TEXT, (Channel.EMAIL,), "x", attachment=Attachment("a.exe", b"MZ"))
        send_letters(session, rt.storage, rt.settings, sender, [data["c1"]], draft)
    assert e.value.code == "attachment_not_pdf"


def test_a_letter_written_twice_sends_nothing_twice(start_runtime, smtp_sink):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url)
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    [letter_id] = send(rt, data["staff"], [data["c1"]], text="raz")
    with rt.db.session() as session:
        assert compose(session, rt.settings, letter_id) == []  # a retried job: keys found
    wait_processed(rt)
    assert len(smtp_sink.envelopes) == 1
    assert len(deliveries(rt, letter_id)) == 1


def test_a_client_nobody_receives_the_kind_for_is_noted_on_its_letter(start_runtime):
    rt, data = start_runtime()
    contact(rt, data["c1"], "Jan", "jan@firma.test", amounts="email")
    [letter_id] = send(rt, data["staff"], [data["c1"]], kind="documents", channels="sms")
    assert deliveries(rt, letter_id) == []
    assert code_of(letter(rt, letter_id).note) == "no_recipients"


def test_another_offices_client_is_refused(start_runtime):
    rt, data = start_runtime()
    with pytest.raises(LetterError) as e:
        send(rt, data["staff"], [data["c1"], data["c3"]], text="x")
    assert e.value.code == "client_not_found"


def test_the_preview_shows_each_message_and_its_sms_parts(start_runtime):
    rt, data = start_runtime()
    contact(
        rt, data["c1"], "Jan", "jan@firma.test", "600100200", locale="pl", documents="email,sms"
    )
    draft = Draft(Topic.DOCUMENTS, (Channel.EMAIL, Channel.SMS))
    with rt.db.session() as session:
        sender = session.get_one(User, data["staff"])
        lines = preview(session, rt.settings, sender, data["c1"], draft)
    mail, sms = sorted(lines, key=lambda line: line.channel)
    assert mail.subject and "Firma Jeden" in mail.subject
    assert "Staff A" in mail.body
    assert sms.segments is not None and sms.segments.parts >= 1


def test_a_documents_reminder_names_the_deadline_and_what_came(start_runtime, smtp_sink):
    from tests.intake.test_periods import ksef_invoice
    from tests.seeding import hand_in

    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url)
    contact(rt, data["c1"], "Jan", "jan@firma.test", locale="en")
    hand_in(rt, data["c1"], ksef_invoice("FV/1", "2026-10-05"), "fv-1.xml", month="2026-10")
    wait_processed(rt)
    from intake.month import Month

    send(rt, data["staff"], [data["c1"]], kind="documents", month=Month(2026, 10))
    [mail] = smtp_sink.messages()
    body = mail.get_payload(decode=True).decode()
    assert mail["Subject"] == "Documents for 10/2026: Firma Jeden"
    assert "fv-1.xml" in body and "10.11.2026" in body


def test_amounts_due_carry_the_figures_and_the_approval_link(start_runtime, smtp_sink):
    from decimal import Decimal

    from tasks.policy import set_policy
    from tests.tasks.conftest import close_month, complete

    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url)
    with rt.db.session() as session:
        set_policy(session, data["office_a"], approval_required=True)
    close_month(rt, data["c1"])
    wait_processed(rt)
    with rt.db.session() as session:
        from tasks.models import Task

        task_id = session.scalar(select(Task.id).where(Task.company_id == data["c1"]))
    complete(rt, task_id, data["staff"], {"VAT": Decimal("1234.50")})
    wait_processed(rt)
    contact(rt, data["c1"], "Jan", "jan@firma.test", locale="en", amounts="email")
    smtp_sink.envelopes.clear()

    [letter_id] = send(rt, data["staff"], [data["c1"]], kind="amounts")

    [mail] = smtp_sink.messages()
    body = mail.get_payload(decode=True).decode().replace("\xa0", " ")
    assert "VAT: 1,234.50 PLN" in body
    assert "/client/approve/" in body
    assert str(letter(rt, letter_id).month) == "2026-12"


def test_amounts_for_a_client_without_any_are_noted_not_sent(start_runtime):
    rt, data = start_runtime()
    contact(rt, data["c2"], "Jan", "jan@firma.test")
    [letter_id] = send(rt, data["staff"], [data["c2"]], kind="amounts")
    assert code_of(letter(rt, letter_id).note) == "no_amounts"
    assert deliveries(rt, letter_id) == []


def test_a_message_to_many_clients_is_one_batch_of_letters(start_runtime):
    rt, data = start_runtime()
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    contact(rt, data["c2"], "Ola", "ola@firma.test")
    ids = send(rt, data["owner"], [data["c1"], data["c2"]], text="Nowe godziny pracy")
    batches = {letter(rt, i).batch for i in ids}
    assert len(ids) == 2 and len(batches) == 1
    with rt.db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.letter_id.in_(ids)))
        assert sorted(r.recipient for r in rows) == ["jan@firma.test", "ola@firma.test"]
        assert session.get_one(Company, data["c1"]).name == "Firma Jeden"
