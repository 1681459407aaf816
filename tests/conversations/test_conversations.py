"""The office and a client talk: threads, unread counts, notices by e-mail, replies threaded
back in by the inbox, files, notices to many clients."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from conversations.bulk import send_notice
from conversations.errors import ConversationError, ThreadNotFound
from conversations.files import Upload
from conversations.models import Thread, ThreadMessage
from conversations.notices import notice_id, thread_in
from conversations.threads import (
    get_attachment,
    mark_read,
    reply,
    start_thread,
    threads_for,
    unread_for_client,
    unread_for_office,
)
from conversations.vocabulary import Side, Via
from inbox.models import InboundEmail
from inbox.notes import codes
from inbox.poller import poll_all
from inbox.vocabulary import MailStatus
from intake.models import Company, User
from intake.offices import add_user
from notify.history import history_of
from tests.conftest import wait_processed
from tests.environment import as_operator
from tests.inbox.factory import pdf
from tests.notify.letters import contact
from tests.seeding import PASSWORD


def user_of(session, user_id: int) -> User:  # type: ignore[no-untyped-def]
    return session.get_one(User, user_id)


def start(rt, data, author: str = "staff", company: str = "c1", files=()):  # type: ignore[no-untyped-def]
    with rt.db.session() as s:
        thread = start_thread(
            s,
            rt.storage,
            rt.settings,
            user_of(s, data[author]),
            s.get_one(Company, data[company]),
            "Brakujące faktury",
            "Prosimy o fakturę za paliwo.",
            files,
        )
        return thread.id


def test_a_message_is_unread_by_the_other_side_until_it_is_read(start_runtime, smtp_sink):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url)
    contact(rt, data["c1"], "Jan", "jan@firma.test")
    thread_id = start(rt, data)
    wait_processed(rt)

    with rt.db.session() as s:
        assert unread_for_client(s, data["c1"]) == 1
        assert unread_for_office(s, data["office_a"]) == {}
        client = user_of(s, data["client1"])
        [(thread, unread)] = threads_for(s, client)
        assert (thread.id, unread) == (thread_id, 1)
        assert mark_read(s, client, thread) == 1
    with rt.db.session() as s:
        assert unread_for_client(s, data["c1"]) == 0
        thread = s.get_one(Thread, thread_id)
        reply(s, rt.storage, rt.settings, user_of(s, data["client1"]), thread, "Wysłana.")
    wait_processed(rt)
    with rt.db.session() as s:
        assert unread_for_office(s, data["office_a"]) == {data["c1"]: 1}
        staff = user_of(s, data["staff"])
        [(thread, unread)] = threads_for(s, staff)
        assert unread == 1 and mark_read(s, staff, thread) == 1
    # The client's people were told of the office's message, the accountant of the reply.
    told = [
        email.message_from_bytes(e.content, policy=email.policy.default)
        for e in smtp_sink.envelopes
    ]
    assert sorted(m["To"] for m in told) == ["client1@a.test", "jan@firma.test", "staff@a.test"]
    first = next(m for m in told if m["To"] == "jan@firma.test")
    assert first["Reply-To"] == "docs+" + company_code(rt, data["c1"]) + "@intake.localhost"
    assert thread_in(rt.settings, [first["Message-ID"]]) == thread_id
    assert "Prosimy o fakturę za paliwo." in first.get_body().get_content()


def company_code(rt, company_id: int) -> str:  # type: ignore[no-untyped-def]
    with rt.db.session() as s:
        return s.get_one(Company, company_id).inbox_code


def test_a_forged_or_foreign_message_id_names_no_conversation(start_runtime):
    rt, _ = start_runtime()
    good = notice_id(rt.settings, 7, 12)
    assert thread_in(rt.settings, [f"<other@x> {good}"]) == 7
    assert thread_in(rt.settings, [good.replace("conv.7.", "conv.8.")]) is None
    assert thread_in(rt.settings, ["<conv.7.12.0123456789abcdef@intake.localhost>"]) is None


def test_files_are_kept_and_only_the_companys_people_may_fetch_them(start_runtime):
    rt, data = start_runtime()
    contract = pdf("umowa")  # one copy: a PDF made a second later differs in its date
    thread_id = start(rt, data, "client1", files=[Upload("umowa.pdf", contract)])
    with rt.db.session() as s:
        [message] = s.get_one(Thread, thread_id).messages
        [attachment] = message.attachments
        assert attachment.media_type == "application/pdf"
        assert rt.storage.get(attachment.storage_key) == contract
        assert get_attachment(s, user_of(s, data["staff"]), attachment.id).id == attachment.id
        for stranger in ("client2", "staff_b"):
            with pytest.raises(ThreadNotFound):
                get_attachment(s, user_of(s, data[stranger]), attachment.id)
    with pytest.raises(ConversationError) as e:
        start(rt, data, files=[Upload("setup.exe", b"MZ\x90\x00program")])
    assert e.value.code == "file_refused"


def test_a_client_cannot_write_to_another_company(start_runtime):
    rt, data = start_runtime()
    with pytest.raises(ThreadNotFound):
        start(rt, data, "client1", "c2")
    with rt.db.session() as s:
        assert s.scalars(select(Thread)).all() == []


def test_a_notice_to_many_clients_appears_in_each_ones_conversations(start_runtime, smtp_sink):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url)
    with rt.db.session() as s:
        threads = send_notice(
            s,
            rt.storage,
            rt.settings,
            user_of(s, data["owner"]),
            [data["c1"], data["c2"]],
            "Nowe godziny pracy",
            "Od stycznia pracujemy w godzinach 8–16.",
            [Upload("godziny.pdf", pdf("godziny"))],
        )
        ids = [t.id for t in threads]
    wait_processed(rt)
    with rt.db.session() as s:
        found = [s.get_one(Thread, i) for i in ids]
        assert {t.company_id for t in found} == {data["c1"], data["c2"]}
        assert len({t.batch for t in found}) == 1
        keys = {m.attachments[0].storage_key for t in found for m in t.messages}
        assert len(keys) == 1  # the file is stored once
        assert {m.via for t in found for m in t.messages} == {Via.NOTICE}
        assert unread_for_client(s, data["c1"]) == unread_for_client(s, data["c2"]) == 1
        entries = history_of(s, s.get_one(Company, data["c2"]))
        assert any(e.subject == "Nowe godziny pracy" and e.direction == "out" for e in entries)
    assert sorted(e.rcpt_tos[0] for e in smtp_sink.envelopes) == [
        "client1@a.test",
        "client2@a.test",
    ]


def reply_mail(to: str, sender: str, in_reply_to: str, text: str, files=()) -> bytes:  # type: ignore[no-untyped-def]
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, "Re: Brakujące faktury [Firma Jeden]"
    msg["Message-ID"] = "<odpowiedz-1@firma.test>"
    msg["In-Reply-To"] = in_reply_to
    msg["References"] = in_reply_to
    msg.set_content(text)
    for name, data in files:
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes()


def test_a_reply_by_email_is_threaded_back_into_its_conversation(mail_rt, companies, dovecot, user):
    with mail_rt.db.session() as s:
        company = s.get_one(Company, companies["jeden"])
        staff = s.get_one(User, companies["staff"])
        client = add_user(
            s, company.office, "jan@firma.test", "Jan", "client", PASSWORD, company=company
        )
        thread = start_thread(
            s, mail_rt.storage, mail_rt.settings, staff, company, "Paliwo", "Faktura?"
        )
        thread_id, message_id = thread.id, thread.messages[0].id
        assert client.id
    in_reply_to = notice_id(mail_rt.settings, thread_id, message_id)
    text = "Dzień dobry, w załączniku.\n\nW dniu 1.12.2026 Biuro A pisze:\n> Faktura?\n"
    raw = reply_mail(
        "docs+jeden@office.test", "Jan@Firma.test", in_reply_to, text, [("paliwo.pdf", pdf("p"))]
    )
    dovecot.deliver(user, raw, raw)  # the same reply twice: added once
    poll_all(mail_rt)

    with mail_rt.db.session() as s:
        messages = s.scalars(
            select(ThreadMessage)
            .where(ThreadMessage.thread_id == thread_id)
            .order_by(ThreadMessage.id)
        ).all()
        assert len(messages) == 2
        answer = messages[1]
        assert (answer.side, answer.via, answer.author_name) == (Side.CLIENT, Via.EMAIL, "Jan")
        assert answer.body == "Dzień dobry, w załączniku."
        assert [a.filename for a in answer.attachments] == ["paliwo.pdf"]
        mails = s.scalars(select(InboundEmail)).all()
        assert {m.status for m in mails} == {MailStatus.IMPORTED}
        assert codes(mails[0].note) == ["conversation_reply"]
        assert unread_for_office(s, companies["office"]) == {companies["jeden"]: 1}


def test_a_reply_naming_no_real_conversation_is_mail_like_any_other(
    mail_rt, companies, dovecot, user
):
    forged = "<conv.1.1.0123456789abcdef@office.test>"
    dovecot.deliver(user, reply_mail("docs+jeden@office.test", "x@firma.test", forged, "Hej"))
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        [mail] = s.scalars(select(InboundEmail)).all()
        assert mail.status == MailStatus.REJECTED and codes(mail.note) == ["missing_pin"]
        assert s.scalars(select(ThreadMessage)).all() == []


def test_a_notice_is_posted_from_the_command_line(start_runtime, tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from intake.cli import cli

    start_runtime()
    as_operator(monkeypatch, tmp_path / "var", locale=None)
    pdf_file = tmp_path / "godziny.pdf"
    pdf_file.write_bytes(pdf("godziny"))
    args = ["conversations", "notice", "--company", "5260250274", "--company", "7740001454"]
    args += ["--subject", "Nowe godziny", "--text", "8–16", "--attach", str(pdf_file)]
    result = CliRunner().invoke(cli, [*args, "--sender", "owner@a.test"])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(cli, ["conversations", "list", "--company", "5260250274", "--json"])
    [row] = [json.loads(line) for line in listed.output.splitlines()]
    assert (row["subject"], row["messages"], row["unread"]) == ("Nowe godziny", 1, 0)
