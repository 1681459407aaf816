"""The case desk in the portal (issue 13): the acceptance loop through the pages, internal
comments never reaching a client's page or mailbox, a conversation made a case."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from sqlalchemy import select

from cases.models import Case
from cases.vocabulary import AnswerState, CaseState
from conversations.models import Thread
from tests.conftest import wait_processed
from tests.portal.case_world import SECRET_COMMENT
from tests.portal.conftest import csrf_token, log_in, page_text
from tests.portal.test_pages import pages


def mail_text(path: Path) -> str:
    """Return an .eml file's subject and decoded body."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = message.get_body(("plain",))
    return f"{message['Subject']}\n{body.get_content() if body else ''}"  # type: ignore[union-attr]


def post(client, url: str, **form: str):  # type: ignore[no-untyped-def]
    """Post a desk form with the page's CSRF token."""
    token = csrf_token(client, "/staff/cases/")
    return client.post(url, data={"csrf_token": token, **form})


def log_out(client, page: str = "/staff/cases/") -> None:  # type: ignore[no-untyped-def]
    """Log out through the menu's form."""
    client.post("/logout", data={"csrf_token": csrf_token(client, page)})
    with client.session_transaction() as session:
        session.clear()


def test_the_acceptance_loop_through_the_pages_reaches_the_client(client, world, embedded):
    case_id, answer_id = world["case"], world["answer"]
    log_in(client, "owner@a.test")
    desk = page_text(client.get("/staff/cases/?tab=to_accept"))
    assert f'data-case="{case_id}"' in desk and 'data-count="to_accept">1<' in desk
    shown = page_text(client.get(f"/staff/cases/{case_id}"))
    assert SECRET_COMMENT in shown and "od stycznia" in shown
    assert 'data-action="accept"' in shown and 'data-action="return"' in shown
    url = f"/staff/cases/{case_id}/answers/{answer_id}"
    assert post(client, f"{url}/return", reason="Dodaj podstawę prawną.").status_code == 302
    log_out(client)
    wait_processed(embedded)
    told = [m for m in embedded.settings.outbox_dir.glob("*.eml") if "stazysta" in m.name]
    assert any("Dodaj podstawę prawną." in mail_text(m) for m in told)

    log_in(client, "stazysta@a.test")
    mine = page_text(client.get("/staff/cases/?tab=mine"))
    assert f'data-case="{case_id}"' in mine and "zwrócona do Ciebie" in mine
    shown = page_text(client.get(f"/staff/cases/{case_id}"))
    assert "Dodaj podstawę prawną." in shown
    assert "Tak, ulga przysługuje od stycznia." in shown  # the answer box holds it to edit
    assert 'data-action="accept"' not in shown
    answered = post(
        client, f"/staff/cases/{case_id}/answer", body="Tak, ulga przysługuje (art. 26)."
    )
    assert answered.status_code == 302
    log_out(client)

    log_in(client, "owner@a.test")
    with embedded.db.session() as s:
        waiting = s.get_one(Case, case_id).answers[-1]
        assert waiting.state == AnswerState.TO_ACCEPT
        waiting_id = waiting.id
    sent = post(
        client,
        f"/staff/cases/{case_id}/answers/{waiting_id}/accept",
        body="Tak, ulga przysługuje (art. 26 ustawy o PIT).",
    )
    assert sent.status_code == 302
    log_out(client)
    wait_processed(embedded)
    with embedded.db.session() as s:
        case = s.get_one(Case, case_id)
        assert case.state == CaseState.ANSWERED
        thread_id = case.thread_id

    log_in(client, "client1@a.test")
    conversation = page_text(client.get(f"/client/conversations/{thread_id}"))
    assert "Tak, ulga przysługuje (art. 26 ustawy o PIT)." in conversation
    assert "Stażysta A" in conversation  # signed by its author
    # Nothing internal on any page of the client's, nor in any e-mail sent.
    for url in pages(client, world, "client"):
        text = page_text(client.get(url))
        assert SECRET_COMMENT not in text and "Dodaj podstawę prawną." not in text, url
        assert "od stycznia" not in text or "/conversations/" in url, url
    for mail in embedded.settings.outbox_dir.glob("*.eml"):
        assert SECRET_COMMENT not in mail_text(mail), mail.name
    client_mail = [m for m in embedded.settings.outbox_dir.glob("*client1-a-test.eml")]
    assert any("art. 26 ustawy o PIT" in mail_text(m) for m in client_mail)


def test_the_client_never_reaches_the_desk(client, world):
    log_in(client, "client1@a.test")
    for url in ("/staff/cases/", f"/staff/cases/{world['case']}", "/staff/cases/report"):
        assert client.get(url).status_code == 404


def test_a_conversation_becomes_a_case_once(client, world, embedded):
    log_in(client, "staff@a.test")
    thread = page_text(client.get(f"/staff/conversations/{world['thread_c2']}"))
    assert 'data-action="make-case"' in thread
    first = post(client, f"/staff/conversations/{world['thread_c2']}/case")
    second = post(client, f"/staff/conversations/{world['thread_c2']}/case")
    assert first.headers["Location"] == second.headers["Location"]
    case_id = int(re.findall(r"/staff/cases/(\d+)", first.headers["Location"])[0])
    shown = page_text(client.get(f"/staff/cases/{case_id}"))
    assert f"/conversations/files/{world['attachment_c2']}" in shown  # the thread's files
    with embedded.db.session() as s:
        case = s.get_one(Case, case_id)
        assert case.thread_id == world["thread_c2"] and case.state == CaseState.TO_ASSIGN
        assert s.get_one(Thread, world["thread_c2"]).company_id == case.company_id
    # The staff takes it (a specialist may take an unassigned case) and answers directly.
    assert post(client, f"/staff/cases/{case_id}/assign").status_code == 302
    post(client, f"/staff/cases/{case_id}/answer", body="Dziękujemy, faktura dotarła.")
    with embedded.db.session() as s:
        assert s.get_one(Case, case_id).state == CaseState.ANSWERED
        assert s.get_one(Thread, world["thread_c2"]).messages[-1].body.startswith("Dziękujemy")


def test_the_report_downloads_as_csv_and_xlsx(client, world):
    log_in(client, "owner@a.test")
    page = page_text(client.get("/staff/cases/report?from=2026-01-01&to=2099-12-31"))
    assert "Spraw otwartych w okresie: 2" in page
    as_csv = client.get("/staff/cases/report?from=2026-01-01&to=2099-12-31&format=csv")
    assert as_csv.mimetype == "text/csv" and b"to_accept" in as_csv.data
    as_xlsx = client.get("/staff/cases/report?from=2026-01-01&to=2099-12-31&format=xlsx")
    assert as_xlsx.data[:2] == b"PK"


def test_who_manages_the_desk_keeps_its_labels_and_roles(client, world, embedded):
    from cases.desk import desk_role
    from cases.models import Label
    from intake.models import User

    log_in(client, "staff@a.test")  # a specialist: may look, not change
    post(client, "/staff/cases/desk", new_label="kadry")
    post(client, "/staff/cases/desk", person=str(world["trainee"]), role="expert")
    with embedded.db.session() as s:
        assert "kadry" not in s.scalars(select(Label.name)).all()
        assert desk_role(s, s.get_one(User, world["trainee"])) == "trainee"
    log_out(client)
    log_in(client, "owner@a.test")
    post(client, "/staff/cases/desk", new_label="kadry")
    post(client, "/staff/cases/desk", person=str(world["trainee"]), role="expert")
    with embedded.db.session() as s:
        label = s.scalar(
            select(Label).where(Label.name == "pilne", Label.office_id == world["office_a"])
        )
        assert label is not None
        assert desk_role(s, s.get_one(User, world["trainee"])) == "expert"
        assert "kadry" in s.scalars(select(Label.name)).all()
    post(client, "/staff/cases/desk", remove_label=str(label.id))
    with embedded.db.session() as s:
        case = s.get_one(Case, world["case"])
        assert [tag.name for tag in case.labels] == ["ulgi"]
        # Office B's label of the same name stays.
        assert s.scalar(select(Label).where(Label.name == "pilne")) is not None
