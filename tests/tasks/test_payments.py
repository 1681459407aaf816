"""The payments table: amounts with due day, account, transfer title, approval, paid or not."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from intake.month import Month
from tasks.chains import advance_due
from tasks.errors import InvalidAmounts, TaskNotFound
from tasks.models import Task
from tasks.outreach import month_settlements, payment_state
from tasks.payments import mark_paid, payments, transfer_title
from tasks.policy import set_policy
from tasks.vocabulary import ApprovalState, TaskKind, TaxCode
from tests.tasks.conftest import close_month

ACCOUNT = "PL61109010140000071219812874"


def settled(rt, data, amounts, accounts=None, month="2026-11"):
    close_month(rt, data["c1"], month=month)
    with rt.db.session() as session:
        task = session.scalar(
            select(Task).where(Task.kind == TaskKind.CALCULATE_TAX, Task.month == month)
        )
    with rt.db.session() as session:
        from intake.models import User
        from tasks.completion import complete_task

        user = session.get_one(User, data["staff"])
        done = complete_task(session, rt.settings, user, task.id, amounts, accounts=accounts)
        return done.id


def test_the_table_lists_each_amount_with_its_account_title_and_approval(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        set_policy(session, data["office_a"], approval_required=True)
    task_id = settled(
        rt,
        data,
        {"VAT": "1234,50", "PIT": "300", "ZUS": "0"},
        accounts={"VAT": "61 1090 1014 0000 0712 1981 2874"},
    )
    with rt.db.session() as session:
        rows = payments(session, data["office_a"])
    assert [(r.code, r.amount, r.due_on, r.account) for r in rows] == [
        (TaxCode.PIT, 300, dt.date(2026, 12, 21), None),
        (TaxCode.ZUS, 0, dt.date(2026, 12, 21), None),
        (TaxCode.VAT, 1234.5, dt.date(2026, 12, 28), ACCOUNT),
    ]
    vat = rows[2]
    assert vat.title == "N/5260250274/26M11/VAT-7"
    assert vat.approval == ApprovalState.WAITING and not vat.paid and rows[1].paid  # 0 is paid
    assert vat.task_id == task_id

    # The next month's VAT goes to the same account by itself.
    settled(rt, data, {"VAT": "10"}, month="2026-12")
    with rt.db.session() as session:
        [december] = payments(session, data["office_a"], month=Month(2026, 12))
    assert december.account == ACCOUNT


def test_a_wrong_account_is_refused():
    from tasks.payments import clean_account

    with pytest.raises(InvalidAmounts) as excinfo:
        clean_account("PL61109010140000071219812875")
    assert excinfo.value.code == "not_an_account"


def test_paid_amounts_make_the_month_paid_for_the_client_table(start_runtime):
    rt, data = start_runtime()
    settled(rt, data, {"VAT": "100", "PIT": "50"})
    with rt.db.session() as session:
        [pit, vat] = payments(session, data["office_a"])
        state = payment_state(
            month_settlements(session, data["office_a"], Month(2026, 11))[data["c1"]]
        )
        assert state == "unpaid"
        mark_paid(
            session, vat.id, "client1@a.test", office_id=data["office_a"], company_id=data["c1"]
        )
        with pytest.raises(TaskNotFound):  # another company's amount
            mark_paid(session, pit.id, "x", office_id=data["office_a"], company_id=data["c2"])
        with pytest.raises(TaskNotFound):  # another office's
            mark_paid(session, pit.id, "x", office_id=data["office_b"])
        mark_paid(session, pit.id, "staff@a.test", office_id=data["office_a"])
        settlement = month_settlements(session, data["office_a"], Month(2026, 11))[data["c1"]]
        assert payment_state(settlement) == "paid"
        [pit, vat] = payments(session, data["office_a"])
        assert (vat.paid_by, pit.paid_by) == ("client1@a.test", "staff@a.test")
        mark_paid(session, pit.id, "staff@a.test", office_id=data["office_a"], paid=False)
        assert payments(session, data["office_a"], unpaid_only=True)[0].id == pit.id


def test_an_overdue_unpaid_amount_is_flagged_to_the_accountant_once(start_runtime):
    rt, data = start_runtime()
    settled(rt, data, {"VAT": "100", "PIT": "50"})
    with rt.db.session() as session:
        [_pit, vat] = payments(session, data["office_a"])
        mark_paid(session, vat.id, "client1@a.test", office_id=data["office_a"])
    with rt.db.session() as session:
        on_time = dt.datetime(2026, 12, 21, 12, tzinfo=dt.UTC)
        assert [t.kind for t in advance_due(session, rt.settings, on_time)] == []
        later = dt.datetime(2026, 12, 22, 8, tzinfo=dt.UTC)
        [flag] = [t for t in advance_due(session, rt.settings, later) if t.key.startswith("unpaid")]
        assert (flag.kind, flag.assignee_id) == (TaskKind.FOLLOW_UP, data["staff"])
        assert flag.title == "Nieopłacone: PIT (zaliczka) 11/2026, Firma Jeden (termin 21.12.2026)"
        again = advance_due(session, rt.settings, later + dt.timedelta(hours=1))
        assert [t for t in again if t.key and t.key.startswith("unpaid")] == []


def test_payments_are_listed_and_marked_paid_from_the_command_line(operator):
    rt, data, run = operator
    settled(rt, data, {"VAT": "100"})
    listed = run("payments", "list", "--office", "Biuro A", "--company", "5260250274", "--json")
    [row] = [json.loads(line) for line in listed.output.splitlines()]
    assert (row["code"], row["amount"], row["paid"], row["due_on"]) == (
        "VAT",
        "100.00",
        False,
        "2026-12-28",
    )
    run("payments", "paid", str(row["id"]))
    listed = run("payments", "list", "--office", "Biuro A", "--json")
    assert json.loads(listed.output)["paid"] is True
    assert run("payments", "paid", "99999", ok=False).exit_code != 0


def test_titles_of_transfers():
    assert transfer_title("PL", "5260250274", Month(2027, 1), TaxCode.PIT) == (
        "N/5260250274/27M01/PIT-36"
    )
    assert transfer_title("PL", "5260250274", Month(2027, 1), TaxCode.ZUS) == (
        "5260250274 ZUS 01/2027"
    )
    assert transfer_title("IL", "514000000", Month(2027, 1), TaxCode.VAT) == "514000000 VAT 01/2027"
