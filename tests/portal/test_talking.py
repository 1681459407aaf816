"""Talking to clients in the portal: contacts, the client table, writing, conversations,
password links, and the gateways' receipts."""

from __future__ import annotations

import hashlib
import hmac
import json
import re

import pytest
from sqlalchemy import select

from conversations.models import Thread
from intake.models import Company, Contact, User
from notify.contacts import preferences_of
from notify.models import Letter, Notification, ReminderPolicy
from notify.outbox import read_sms
from notify.twilio import signature
from notify.vocabulary import Channel, NotificationState, Topic
from tests.conftest import wait_processed
from tests.notify.letters import PDF, contact
from tests.portal.conftest import csrf_token, log_in, page_text, tr


def body_of(path) -> str:  # type: ignore[no-untyped-def]
    """Return an .eml file's text body, decoded."""
    import email
    import email.policy

    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return message.get_body().get_content()


def post(client, url: str, data: dict | None = None, page: str = "/staff/clients/", **kw):  # type: ignore[no-untyped-def]
    """POST a form as the page would, with its CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client, page), **(data or {})}, **kw)


def test_staff_add_change_and_remove_a_contact_with_its_channels(embedded, as_user, pdata):
    staff = as_user("staff@a.test")
    url = f"/staff/clients/{pdata['c1']}/contacts"
    form = {
        "name": "Jan Nowak",
        "email": "Jan@Firma.test",
        "phone": "600 100 200",
        "locale": "en",
        "receives-amounts-email": "on",
        "receives-amounts-sms": "on",
        "receives-text-whatsapp": "on",
    }
    assert post(staff, url, form).status_code == 302
    with embedded.db.session() as s:
        added = s.scalar(select(Contact).where(Contact.company_id == pdata["c1"]))
        assert (added.email, added.phone, added.locale) == ("jan@firma.test", "+48600100200", "en")
        prefs = preferences_of(s, [added.id])[added.id]
        assert prefs[Topic.AMOUNTS] == {Channel.EMAIL, Channel.SMS}
        assert prefs[Topic.TEXT] == {Channel.WHATSAPP} and prefs[Topic.DOCUMENTS] == set()
        contact_id = added.id

    refused = post(staff, url, {**form, "phone": "12"})
    assert refused.status_code == 422
    assert tr("%(phone)s is not a phone number.", phone="12") in page_text(refused)
    edit = f"{url}/{contact_id}"
    assert (
        post(staff, edit, {**form, "name": "Jan N.", "receives-text-email": "on"}).status_code
        == 302
    )
    assert post(staff, f"{edit}/remove").status_code == 302
    with embedded.db.session() as s:
        assert s.get(Contact, contact_id) is None
    assert staff.get(f"/staff/clients/{pdata['c3']}").status_code == 404


def test_an_invited_contact_sets_a_password_once_and_logs_in(embedded, as_user, pdata, client):
    contact(embedded, pdata["c1"], "Ewa", "ewa@firma.test", locale="pl")
    with embedded.db.session() as s:
        contact_id = s.scalar(select(Contact.id).where(Contact.email == "ewa@firma.test"))
    staff = as_user("staff@a.test")
    assert (
        post(staff, f"/staff/clients/{pdata['c1']}/contacts/{contact_id}/invite").status_code == 302
    )
    wait_processed(embedded)
    [mail] = list((embedded.settings.outbox_dir).glob("*ewa-firma-test.eml"))
    link = re.search(r"http://127\.0\.0\.1:8000(/password/\S+)", body_of(mail)).group(1)
    staff.post("/logout", data={"csrf_token": csrf_token(staff, "/staff/")})

    form = {"password": "nowe-haslo-2027", "again": "nowe-haslo-2027"}
    assert client.get(link).status_code == 200
    assert (
        client.post(link, data={**form, "csrf_token": csrf_token(client, link)}).status_code == 302
    )
    assert client.get(link).status_code == 400  # used
    assert log_in(client, "ewa@firma.test", "nowe-haslo-2027").status_code == 302


def test_a_forgotten_password_is_reset_by_a_link_and_strangers_learn_nothing(
    embedded, client, pdata
):
    for address in ("client1@a.test", "nikt@nigdzie.test"):
        answer = client.post(
            "/password/forgot",
            data={"email": address, "csrf_token": csrf_token(client, "/password/forgot")},
        )
        assert answer.status_code == 302
    wait_processed(embedded)
    mails = list(embedded.settings.outbox_dir.glob("*.eml"))
    assert len(mails) == 1 and "client1-a-test" in mails[0].name
    link = re.search(r"(/password/\S+)", body_of(mails[0])).group(1)
    data = {"password": "inne-haslo-2027", "again": "inne-haslo-2027"}
    assert (
        client.post(link, data={**data, "csrf_token": csrf_token(client, link)}).status_code == 302
    )
    assert log_in(client, "client1@a.test", "inne-haslo-2027").status_code == 302


def test_the_client_table_shows_each_clients_month_and_filters_it(embedded, as_user, pdata):
    with embedded.db.session() as s:
        s.get_one(Company, pdata["c2"]).accountant_id = pdata["owner"]
    staff = as_user("staff@a.test")
    page = page_text(staff.get("/staff/clients/?month=2026-11"))
    assert "Firma Jeden" in page and "Firma Dwa" in page and "Firma Obca" not in page
    mine = page_text(staff.get("/staff/clients/?month=2026-11&f=mine"))
    assert "Firma Jeden" in mine and "Firma Dwa" not in mine
    rows = staff.get("/staff/clients/table.json?month=2026-11").get_json()["clients"]
    assert {r["id"] for r in rows} == {pdata["c1"], pdata["c2"]}


def test_a_message_is_previewed_then_sent_to_the_selected_clients(embedded, as_user, pdata):
    contact(embedded, pdata["c1"], "Jan", "jan@firma.test", "600100200", text="email,sms")
    contact(embedded, pdata["c2"], "Ola", "ola@firma.test", "600100201", text="email,sms")
    staff = as_user("staff@a.test")
    form = {
        "company": [str(pdata["c1"]), str(pdata["c2"])],
        "kind": "text",
        "channel": ["email", "sms"],
        "text": "Zmiana godzin pracy: od poniedziałku 8–16.",
    }
    url = "/staff/messages/new"
    preview = post(
        staff,
        url,
        {**form, "action": "preview", "attachment": (__import__("io").BytesIO(PDF), "pismo.pdf")},
        content_type="multipart/form-data",
    )
    text = page_text(preview)
    assert preview.status_code == 200
    assert "Zmiana godzin pracy" in text and "Staff A" in text
    token = re.search(
        r'name="attachment_token" value="([^"]+)"', preview.get_data(as_text=True)
    ).group(1)
    assert re.search(r'class="segments" data-parts="\d"', preview.get_data(as_text=True))

    sent = post(staff, url, {**form, "action": "send", "attachment_token": token})
    assert sent.status_code == 302 and "sent=" in sent.headers["Location"]
    wait_processed(embedded)
    with embedded.db.session() as s:
        letters = s.scalars(select(Letter)).all()
        assert len(letters) == 2 and {x.attachment_name for x in letters} == {"pismo.pdf"}
        rows = s.scalars(select(Notification).where(Notification.letter_id.is_not(None))).all()
        assert sorted((r.recipient, r.status) for r in rows) == [
            ("+48600100200", NotificationState.SENT),
            ("+48600100201", NotificationState.SENT),
            ("jan@firma.test", NotificationState.SENT),
            ("ola@firma.test", NotificationState.SENT),
        ]
    assert read_sms(embedded.settings.outbox_dir)[0]["message"].startswith("Zmiana godzin")
    whatsapp = post(staff, url, {**form, "channel": ["email", "whatsapp"], "action": "send"})
    assert whatsapp.status_code == 422
    assert 'data-code="whatsapp_one_client"' in whatsapp.get_data(as_text=True)
    table = staff.get(sent.headers["Location"]).get_data(as_text=True)
    assert 'data-live="1"' in table


def test_a_client_reads_the_offices_message_and_the_badge_clears(embedded, as_user, pdata):
    staff = as_user("staff@a.test")
    started = post(
        staff,
        "/staff/conversations/new",
        {"company": pdata["c1"], "subject": "Faktura za paliwo", "body": "Prosimy o fakturę."},
    )
    assert started.status_code == 302
    staff.post("/logout", data={"csrf_token": csrf_token(staff, "/staff/")})
    client = as_user("client1@a.test")
    home = client.get("/client/").get_data(as_text=True)
    assert re.search(r'<span class="badge" data-badge>1</span>', home)
    with embedded.db.session() as s:
        thread_id = s.scalar(select(Thread.id))
    assert "Prosimy o fakturę." in page_text(client.get(f"/client/conversations/{thread_id}"))
    assert "data-badge" not in client.get("/client/").get_data(as_text=True)
    answer = post(
        client, f"/client/conversations/{thread_id}", {"body": "Wysłałem."}, page="/client/"
    )
    assert answer.status_code == 302
    assert client.get("/client/conversations/999").status_code == 404


def test_a_conversations_file_is_only_ever_a_download(embedded, as_user, pdata):
    import io

    client = as_user("client1@a.test")
    post(
        client,
        "/client/conversations/new",
        {
            "subject": "Umowa",
            "body": "W załączniku",
            "files": (io.BytesIO(b"<script>alert(1)</script>"), "a.html"),
        },
        page="/client/",
        content_type="multipart/form-data",
    )
    with embedded.db.session() as s:
        [message] = s.scalar(select(Thread)).messages
        attachment_id = message.attachments[0].id
    answer = client.get(f"/conversations/files/{attachment_id}")
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert answer.mimetype == "application/octet-stream"
    assert "sandbox" in answer.headers["Content-Security-Policy"]


def test_a_clients_own_approval_setting_decides_its_amounts(embedded, as_user, pdata):
    from decimal import Decimal

    from tasks.completion import complete_task
    from tasks.models import Task
    from tests.tasks.conftest import close_month

    staff = as_user("staff@a.test")
    assert (
        post(staff, f"/staff/clients/{pdata['c1']}/terms", {"approval": "required"}).status_code
        == 302
    )
    with embedded.db.session() as s:
        company = s.get_one(Company, pdata["c1"])
        assert (company.approval_required, company.reminders) == (True, False)
    close_month(embedded, pdata["c1"])
    wait_processed(embedded)
    with embedded.db.session() as s:
        task_id = s.scalar(select(Task.id).where(Task.company_id == pdata["c1"]))
        done = complete_task(
            s, embedded.settings, s.get_one(User, pdata["staff"]), task_id, {"VAT": Decimal("1")}
        )
        assert done.approval_required  # the office's policy says no approval


def test_the_owner_sets_the_reminders(embedded, as_user, pdata):
    owner = as_user("owner@a.test")
    form = {
        "enabled": "on",
        "hour": "8",
        "days_before": "5, 2",
        "days_after": "1",
        "approval_after": "3",
        "due_before": "2",
        "channel": ["email", "sms"],
    }
    assert post(owner, "/owner/reminders/", form, page="/owner/reminders/").status_code == 302
    with embedded.db.session() as s:
        policy = s.get_one(ReminderPolicy, pdata["office_a"])
        assert (policy.enabled, policy.hour, policy.days_before, policy.channels) == (
            True,
            8,
            [2, 5],
            ["email", "sms"],
        )
    bad = post(
        owner, "/owner/reminders/", {**form, "days_after": "jutro"}, page="/owner/reminders/"
    )
    assert bad.status_code == 422


def test_gateway_receipts_are_taken_only_when_signed(start_runtime, twilio_api):
    from portal import create_app

    secret = "app-secret"
    rt, data = start_runtime(
        INTAKE_SMS_URL=twilio_api.url(),
        INTAKE_WHATSAPP_APP_SECRET=secret,
        INTAKE_WHATSAPP_VERIFY_TOKEN="verify-me",
    )
    contact(rt, data["c1"], "Jan", phone="600100200", text="sms")
    from tests.notify.letters import send

    [letter_id] = send(rt, data["staff"], [data["c1"]], channels="sms", text="x")
    with rt.db.session() as s:
        sid = s.scalar(select(Notification.gateway_id).where(Notification.letter_id == letter_id))
    web = create_app(rt, TESTING=True, RATELIMIT_STORAGE_URI="memory://").test_client()
    form = {"MessageSid": sid, "MessageStatus": "delivered"}
    assert web.post("/hooks/twilio", data=form).status_code == 403
    good = signature(twilio_api.TOKEN, "http://127.0.0.1:8000/hooks/twilio", form)
    assert (
        web.post("/hooks/twilio", data=form, headers={"X-Twilio-Signature": good}).status_code
        == 204
    )
    with rt.db.session() as s:
        assert (
            s.scalar(select(Notification.status).where(Notification.gateway_id == sid))
            == "delivered"
        )

    challenge = web.get(
        "/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42"
    )
    assert challenge.get_data(as_text=True) == "42"
    assert (
        web.get("/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1").status_code
        == 403
    )
    body = json.dumps({"entry": []}).encode()
    signed = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {"X-Hub-Signature-256": signed, "Content-Type": "application/json"}
    assert web.post("/hooks/whatsapp", data=body, headers=headers).status_code == 200
    assert (
        web.post(
            "/hooks/whatsapp", data=body, headers={"Content-Type": "application/json"}
        ).status_code
        == 403
    )
    assert web.get("/hooks/smsapi?MsgId=1&status=404").get_data(as_text=True) == "OK"


def test_a_client_sees_its_own_history_and_not_the_offices_mail(embedded, as_user, pdata):
    contact(embedded, pdata["c1"], "Jan", "jan@firma.test")
    from tests.notify.letters import send

    send(embedded, pdata["staff"], [pdata["c1"]], text="Dzień dobry, prosimy o dokumenty.")
    client = as_user("client1@a.test")
    page = page_text(client.get("/client/history"))
    assert "prosimy o dokumenty" in page
    assert "jan@firma.test" in page
    assert "prosimy o dokumenty" not in page_text(client.get("/client/history?q=paliwo"))


@pytest.fixture
def twilio_api():
    from tests.notify.sinks import TwilioApi

    api = TwilioApi()
    api.start()
    yield api
    api.stop()
