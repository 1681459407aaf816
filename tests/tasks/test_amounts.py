"""Amounts are money: what a Polish user types, kept to the grosz as Decimal, never a float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tasks.amounts import clean_amounts
from tasks.errors import InvalidAmounts
from tasks.models import Task, TaxAmount
from tasks.settlements import settlements_for
from tasks.vocabulary import TaxCode
from tests.tasks.conftest import close_month, complete


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("1\u00a0234,56 zł", Decimal("1234.56")),
        ("1234,56", Decimal("1234.56")),
        ("1.234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("0,1", Decimal("0.10")),
        ("7", Decimal("7.00")),
        (Decimal("0.01"), Decimal("0.01")),
        (12, Decimal("12.00")),
    ],
)
def test_amounts_are_read_as_a_polish_user_types_them(typed, amount):
    [(tax, value)] = clean_amounts({"vat": typed}).items()
    assert (tax, value) == (TaxCode.VAT, amount)
    assert type(value) is Decimal and value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (0.1, "amount_not_text"),
        (True, "amount_not_text"),
        (Decimal("0.005"), "part_of_a_grosz"),
        (Decimal("NaN"), "not_an_amount"),
        ("12,3456", "not_an_amount"),
        ("1e3", "not_an_amount"),
        ("", "not_an_amount"),
        ("-0,01", "below_zero"),
    ],
)
def test_an_amount_that_is_not_money_is_refused_with_its_code(typed, code):
    with pytest.raises(InvalidAmounts) as excinfo:
        clean_amounts({"VAT": typed})
    assert excinfo.value.code == code
    assert excinfo.value.params["tax"] == TaxCode.VAT


def test_a_refusal_names_the_tax_and_the_value_in_the_readers_language():
    with pytest.raises(InvalidAmounts) as excinfo:
        clean_amounts({"PIT": "dużo"})
    error = excinfo.value
    assert (error.code, error.params["value"]) == ("not_an_amount", "dużo")
    assert error.translate("pl") == "PIT (zaliczka): dużo to nie jest kwota."
    assert error.translate("he").startswith("מקדמת מס הכנסה (PIT): dużo")


def test_amounts_keep_every_grosz_in_the_database(rt, data):
    close_month(rt, data["c1"])
    with rt.db.session() as session:
        task_id = session.scalar(select(Task.id))
    typed = {"VAT": "999 999 999 999,99", "PIT": "0,01", "CIT": "0.10", "ZUS": "1 600,32"}
    complete(rt, task_id, data["staff"], typed)

    with rt.db.session() as session:
        stored = {r.code: r.amount for r in session.scalars(select(TaxAmount))}
        [settlement] = settlements_for(session, data["c1"])
        total = session.scalar(select(func.sum(TaxAmount.amount)))
    assert stored == {
        TaxCode.VAT: Decimal("999999999999.99"),
        TaxCode.PIT: Decimal("0.01"),
        TaxCode.CIT: Decimal("0.10"),
        TaxCode.ZUS: Decimal("1600.32"),
    }
    assert all(type(v) is Decimal for v in stored.values())
    assert [a.amount for a in settlement.amounts] == list(stored.values())
    assert all(type(a.amount) is Decimal for a in settlement.amounts)
    assert Decimal(total).quantize(Decimal("0.01")) == Decimal("1000000001600.42")


def test_an_israeli_offices_amounts_are_in_shekels(start_runtime):
    from intake.models import Office

    rt, data = start_runtime()
    with rt.db.session() as session:
        session.get_one(Office, data["office_a"]).country = "IL"
    close_month(rt, data["c1"])
    with rt.db.session() as session:
        task_id = session.scalar(select(Task.id))
    task = complete(rt, task_id, data["staff"], {"VAT": "1 000,00"})
    assert [(a.code, a.amount, a.currency) for a in task.amounts] == [
        ("VAT", Decimal("1000.00"), "ILS")
    ]
