"""The acceptance loop: a trainee answers, an expert returns it with a reason, the trainee is
told by e-mail and corrects it, the expert sends it, the client receives it signed by the
trainee in the conversation and by e-mail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cases.errors import CaseError, NotAllowed
from cases.vocabulary import AnswerState, CaseState, DeskRole, Step
from cases.work import accept, assign, return_answer, write_answer
from conversations.models import Thread
from conversations.vocabulary import Side
from intake.models import User
from tests.cases.desk import add_desk_person, case_of, mails, question, text_of
from tests.conftest import wait_processed


def test_the_whole_acceptance_loop_ends_in_the_clients_conversation_and_mailbox(
    start_runtime, smtp_sink
):
    rt, data = start_runtime(INTAKE_SMTP_URL=smtp_sink.url)
    trainee_id = add_desk_person(rt, data, "stazysta@a.test", DeskRole.TRAINEE)
    expert_id = add_desk_person(rt, data, "ekspert@a.test", DeskRole.EXPERT)
    case_id = question(rt, data)
    wait_processed(rt)
    smtp_sink.envelopes.clear()

    with rt.db.session() as s:
        case = case_of(s, case_id)
        assert case.state == CaseState.TO_ASSIGN
        assign(s, rt.settings, s.get_one(User, expert_id), case, "stazysta@a.test")
        assert case.state == CaseState.ASSIGNED and case.assignee_id == trainee_id
        draft = write_answer(s, rt.settings, s.get_one(User, trainee_id), case, "Tak, może Pan.")
        assert draft.state == AnswerState.TO_ACCEPT and case.state == CaseState.TO_ACCEPT
    wait_processed(rt)
    [delegated] = mails(smtp_sink)  # the trainee was told of the case given to them
    assert delegated["To"] == "stazysta@a.test" and f"{case_id}" in delegated["Subject"]
    assert "Ekspert" in text_of(delegated) and f"/staff/cases/{case_id}" in text_of(delegated)
    smtp_sink.envelopes.clear()
    with rt.db.session() as s:
        case = case_of(s, case_id)
        with pytest.raises(NotAllowed):  # a trainee never accepts, even their own
            accept(s, rt.settings, s.get_one(User, trainee_id), case, case.answers[0])
        with pytest.raises(CaseError):
            return_answer(s, rt.settings, s.get_one(User, expert_id), case, case.answers[0], " ")
    with rt.db.session() as s:
        case = case_of(s, case_id)
        return_answer(
            s, rt.settings, s.get_one(User, expert_id), case, case.answers[0], "Podaj podstawę."
        )
        assert case.state == CaseState.ASSIGNED
    wait_processed(rt)
    [returned] = mails(smtp_sink)
    assert returned["To"] == "stazysta@a.test"
    assert f"{case_id}" in returned["Subject"] and "Podaj podstawę." in text_of(returned)
    assert f"/staff/cases/{case_id}" in text_of(returned)
    smtp_sink.envelopes.clear()
    # Nothing reached the client yet.
    with rt.db.session() as s:
        thread = s.get_one(Thread, case_of(s, case_id).thread_id)
        assert [m.side for m in thread.messages] == [Side.CLIENT]

    with rt.db.session() as s:
        case = case_of(s, case_id)
        write_answer(
            s, rt.settings, s.get_one(User, trainee_id), case, "Tak, na podstawie art. 86."
        )
    with rt.db.session() as s:
        case = case_of(s, case_id)
        waiting = case.answers[-1]
        accept(
            s, rt.settings, s.get_one(User, expert_id), case, waiting, waiting.body + " Pozdrawiam."
        )
        assert case.state == CaseState.ANSWERED and case.first_answer_at is not None
    wait_processed(rt)

    with rt.db.session() as s:
        case = case_of(s, case_id)
        sent = case.answers[-1]
        assert (sent.state, sent.edited, sent.reviewer_id) == (AnswerState.SENT, True, expert_id)
        thread = s.get_one(Thread, case.thread_id)
        last = thread.messages[-1]
        assert last.side == Side.OFFICE and last.author_id == trainee_id
        assert "Tak, na podstawie art. 86. Pozdrawiam." in last.body
        assert "Stazysta" in last.body  # signed by its author
        steps = [e.step for e in case.events]
        assert steps == [
            Step.CREATED,
            Step.ASSIGNED,
            Step.SUBMITTED,
            Step.RETURNED,
            Step.SUBMITTED,
            Step.EDITED,
            Step.ANSWERED,
        ]
    told = {m["To"]: text_of(m) for m in mails(smtp_sink)}
    assert "client1@a.test" in told
    assert "Tak, na podstawie art. 86. Pozdrawiam." in told["client1@a.test"]
    assert "Stazysta" in told["client1@a.test"]
    assert "Podaj podstawę." not in told["client1@a.test"]


def test_a_specialist_answers_directly_and_only_their_own_cases(start_runtime):
    rt, data = start_runtime()
    case_id = question(rt, data)
    with rt.db.session() as s:
        case = case_of(s, case_id)
        staff = s.get_one(User, data["staff"])  # a specialist by default
        with pytest.raises(CaseError):
            write_answer(s, rt.settings, staff, case, "Odpowiedź.")  # not assigned yet
        with pytest.raises(NotAllowed):  # a specialist does not delegate to others
            assign(s, rt.settings, staff, case, "owner@a.test")
        assign(s, rt.settings, staff, case, staff.id)  # but takes a case for themselves
        answer = write_answer(s, rt.settings, staff, case, "Odpowiedź.")
        assert answer.state == AnswerState.SENT and case.state == CaseState.ANSWERED
    with rt.db.session() as s:
        other = s.get_one(User, data["staff_b"])
        with pytest.raises(CaseError):
            assign(s, rt.settings, s.get_one(User, data["owner"]), case_of(s, case_id), other.id)
        assert s.scalar(select(Thread.id).where(Thread.id == case_of(s, case_id).thread_id))


def test_a_client_writing_again_sends_an_answered_case_back_to_its_person(start_runtime):
    from cases.work import case_from_thread
    from conversations.threads import reply

    rt, data = start_runtime()
    case_id = question(rt, data)
    with rt.db.session() as s:
        owner = s.get_one(User, data["owner"])
        case = case_of(s, case_id)
        assign(s, rt.settings, owner, case, owner.id)
        write_answer(s, rt.settings, owner, case, "Tak.")
        assert case_from_thread(s, owner, case.thread_id).state == CaseState.ANSWERED
        thread = s.get_one(Thread, case.thread_id)
        reply(s, rt.storage, rt.settings, s.get_one(User, data["client1"]), thread, "A od kiedy?")
        again = case_from_thread(s, owner, thread.id)
        assert again.id == case_id and again.state == CaseState.ASSIGNED
        assert again.events[-1].step == Step.CLIENT_WROTE
