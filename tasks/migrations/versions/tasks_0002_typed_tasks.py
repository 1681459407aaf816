"""tasks' vocabulary backed by CHECK constraints; a tax task's JSON as columns and rows

- task.status and task.kind: CHECK constraints;
- task.data (JSON) goes; what it held becomes columns: month, reopen_count, done_by_id,
  note, approval_required, approved_at, approved_by;
- its amounts and due dates become rows of the new tax_amount table (code, amount as
  NUMERIC(14,2), currency, due_on), the seed of the payments table. An amount under a
  code that is not a known tax (the command line once took any) is kept in the note.

Revision ID: tasks_0002
Revises: tasks_0001
Create Date: 2026-12-01
"""

import datetime as dt
import json
import logging
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "tasks_0002"
down_revision = "tasks_0001"
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")

STATES = ("open", "done", "cancelled")
KINDS = ("calculate_tax", "recalculate_tax", "send_declaration", "remind_client")
CODES = ("VAT", "PIT", "CIT", "ZUS")
PAYMENT_DAY = {"VAT": 25, "PIT": 20, "CIT": 20, "ZUS": 20}
CENT = Decimal("0.01")

task = sa.table(
    "task",
    sa.column("id", sa.Integer),
    sa.column("office_id", sa.Integer),
    sa.column("company_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("data", sa.JSON),
    sa.column("month", sa.String),
    sa.column("reopen_count", sa.Integer),
    sa.column("done_by_id", sa.Integer),
    sa.column("note", sa.Text),
    sa.column("approval_required", sa.Boolean),
    sa.column("approved_at", sa.DateTime(timezone=True)),
    sa.column("approved_by", sa.String),
)
tax_amount = sa.table(
    "tax_amount",
    sa.column("office_id", sa.Integer),
    sa.column("company_id", sa.Integer),
    sa.column("task_id", sa.Integer),
    sa.column("month", sa.String),
    sa.column("code", sa.String),
    sa.column("amount", sa.Numeric(14, 2)),
    sa.column("currency", sa.String),
    sa.column("due_on", sa.Date),
)
user_account = sa.table("user_account", sa.column("id", sa.Integer))


def among(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "tax_amount",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="PLN", nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.CheckConstraint(among("code", CODES), name=op.f("ck_tax_amount_code")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_tax_amount_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_tax_amount_office_id_office")
        ),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_tax_amount_task_id_task")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_amount")),
        sa.UniqueConstraint("task_id", "code", name=op.f("uq_tax_amount_task_id")),
    )
    with op.batch_alter_table("tax_amount") as batch_op:
        batch_op.create_index(batch_op.f("ix_tax_amount_company_id"), ["company_id"])
        batch_op.create_index(batch_op.f("ix_tax_amount_office_id"), ["office_id"])
        batch_op.create_index(batch_op.f("ix_tax_amount_task_id"), ["task_id"])

    with op.batch_alter_table("task") as batch_op:
        batch_op.add_column(sa.Column("month", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("done_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("reopen_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("approval_required", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("approved_by", sa.String(length=254), nullable=True))

    move_data_to_columns()

    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_column("data")
        batch_op.create_foreign_key(
            batch_op.f("fk_task_done_by_id_user_account"), "user_account", ["done_by_id"], ["id"]
        )
        batch_op.create_check_constraint(op.f("ck_task_status"), among("status", STATES))
        batch_op.create_check_constraint(op.f("ck_task_kind"), among("kind", KINDS))


def move_data_to_columns() -> None:
    """Write each task's JSON into its new columns and its amounts into tax_amount rows."""
    bind = op.get_bind()
    users = set(bind.execute(sa.select(user_account.c.id)).scalars())
    rows = bind.execute(
        sa.select(task.c.id, task.c.office_id, task.c.company_id, task.c.data).order_by(task.c.id)
    ).all()
    amounts = []
    for task_id, office_id, company_id, raw in rows:
        data = (json.loads(raw) if isinstance(raw, str) else raw) or {}
        columns, extra = task_columns(data, users)
        found, unknown = amount_rows(data, office_id, company_id, task_id)
        notes = [columns["note"], *extra, *unknown]
        columns["note"] = "\n".join(n for n in notes if n) or None
        bind.execute(sa.update(task).where(task.c.id == task_id).values(**columns))
        amounts.extend(found)
        if extra or unknown:
            logger.warning("task %s: kept %s in its note", task_id, [*extra, *unknown])
    if amounts:
        op.bulk_insert(tax_amount, amounts)


def task_columns(data: dict, users: set[int]) -> tuple[dict, list[str]]:
    """Return the new columns of a task's JSON, and what fits none of them, as text."""
    approval = data.get("approval") or {}
    done_by = data.get("done_by")
    done_by_id = done_by if isinstance(done_by, int) and done_by in users else None
    extra = []
    if done_by is not None and done_by_id is None:  # the person is gone: keep their name
        extra.append(f"done by {data.get('done_by_name') or done_by}")
    known = {"month", "reopen_count", "done_by", "done_by_name", "note", "amounts"}
    known |= {"due_dates", "approval"}
    extra += [f"{key}: {json.dumps(value)}" for key, value in data.items() if key not in known]
    columns = {
        "month": data.get("month") or None,
        "reopen_count": int(data.get("reopen_count") or 0),
        "done_by_id": done_by_id,
        "note": data.get("note") or None,
        "approval_required": bool(approval.get("required")),
        "approved_at": moment(approval.get("approved_at")),
        "approved_by": (approval.get("by") or None) if approval.get("approved_at") else None,
    }
    return columns, extra


def amount_rows(
    data: dict, office_id: int, company_id: int | None, task_id: int
) -> tuple[list[dict], list[str]]:
    """Return a task's amounts as tax_amount rows, and those no row can hold, as text."""
    month = data.get("month")
    dues = data.get("due_dates") or {}
    rows, unknown = [], []
    for code, raw in (data.get("amounts") or {}).items():
        due = dues.get(code)
        if code not in CODES or company_id is None or not month:
            unknown.append(f"{code}: {raw}" + (f" (due {due})" if due else ""))
            continue
        rows.append(
            {
                "office_id": office_id,
                "company_id": company_id,
                "task_id": task_id,
                "month": month,
                "code": code,
                "amount": Decimal(str(raw)).quantize(CENT),
                "currency": "PLN",
                "due_on": dt.date.fromisoformat(due) if due else statutory_day(month, code),
            }
        )
    return rows, unknown


def statutory_day(month: str, code: str) -> dt.date:
    """Return the unmoved payment day of a month's tax (legacy rows always had theirs)."""
    year, number = (int(part) for part in month.split("-"))
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return dt.date(year, number, PAYMENT_DAY[code])


def moment(value: object) -> dt.datetime | None:
    """Return a stored ISO time as aware UTC."""
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(str(value))
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC)


def downgrade() -> None:
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_constraint(op.f("ck_task_kind"), type_="check")
        batch_op.drop_constraint(op.f("ck_task_status"), type_="check")
        batch_op.drop_constraint(op.f("fk_task_done_by_id_user_account"), type_="foreignkey")
        batch_op.add_column(sa.Column("data", sa.JSON(), nullable=True))
    move_columns_to_data()
    with op.batch_alter_table("task") as batch_op:
        batch_op.alter_column("data", existing_type=sa.JSON(), nullable=False)
        for column in ("approved_by", "approved_at", "approval_required", "reopen_count"):
            batch_op.drop_column(column)
        for column in ("note", "done_by_id", "month"):
            batch_op.drop_column(column)
    op.drop_table("tax_amount")


def move_columns_to_data() -> None:
    """Write each task's columns and amounts back into its JSON (as before issue 9)."""
    bind = op.get_bind()
    names: dict[int, str] = dict(bind.execute(sa.text("SELECT id, name FROM user_account")).all())
    amounts: dict[int, list] = {}
    for row in bind.execute(sa.select(tax_amount).order_by(tax_amount.c.task_id)).mappings():
        amounts.setdefault(row["task_id"], []).append(row)
    for row in bind.execute(sa.select(task)).mappings():
        data: dict = {"month": row["month"]} if row["month"] else {}
        if row["reopen_count"] or row["kind"] in KINDS[:2]:  # tax tasks always had one
            data["reopen_count"] = row["reopen_count"]
        if row["done_by_id"]:
            data["done_by"] = row["done_by_id"]
            data["done_by_name"] = names.get(row["done_by_id"])
        if row["note"]:
            data["note"] = row["note"]
        mine = amounts.get(row["id"], [])
        if mine:
            data["amounts"] = {a["code"]: f"{a['amount']:.2f}" for a in mine}
            data["due_dates"] = {a["code"]: a["due_on"].isoformat() for a in mine}
        if row["approval_required"]:
            at = row["approved_at"]
            data["approval"] = {"required": True, "approved_at": at.isoformat() if at else None}
            if row["approved_by"]:
                data["approval"]["by"] = row["approved_by"]
        bind.execute(sa.update(task).where(task.c.id == row["id"]).values(data=data))
