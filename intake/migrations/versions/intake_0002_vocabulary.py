"""intake's vocabulary backed by CHECK constraints; texts as messages; office time zones

- roles, document states and sources, period states: CHECK constraints;
- a document's error, its events' notes: JSON (a coded message, or a person's text; the
  old plain texts are kept as texts);
- document.origin replaces document.inbound_email_id, which pointed into the inbox's table
  (intake keeps no key into a package above it): 'email:<id>';
- office.timezone and country (whose holidays), contact.locale; the periodic jobs' schedule_slot table.

Revision ID: intake_0002
Revises: intake_0001
Create Date: 2026-12-01
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "intake_0002"
down_revision = "intake_0001"
branch_labels = None
depends_on = None

ROLES = ("owner", "staff", "client")
SOURCES = ("portal", "mobile", "email", "cli")
STATUSES = (
    "received",
    "processing",
    "extracted",
    "needs_review",
    "rejected",
    "failed",
    "approved",
    "duplicate",
)
PERIOD_STATES = ("open", "confirmed", "closed")


def among(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    listed = ", ".join(f"'{v}'" for v in values)
    check = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {check}" if nullable else check


def text_to_json(table: str, column: str) -> None:
    """Turn a column of plain texts into JSON strings (a person's text, as before)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE JSON USING to_json({column})")
    else:
        op.execute(f"UPDATE {table} SET {column} = json_quote({column}) WHERE {column} IS NOT NULL")
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(column, type_=sa.JSON(), existing_nullable=True)


SOURCE_LABELS = {"portal": "portal", "mobile": "phone", "email": "e-mail", "cli": "operator"}
FIELD_LABELS = {
    "kind": "kind of document",
    "invoice_number": "invoice number",
    "issue_date": "issue date",
    "sale_date": "sale date",
    "due_date": "payment due",
    "seller_name": "seller",
    "seller_tax_id": "seller's tax id",
    "buyer_name": "buyer",
    "buyer_tax_id": "buyer's tax id",
    "currency": "currency",
    "net_total": "net",
    "vat_total": "VAT",
    "gross_total": "gross",
    "bank_account": "bank account",
}


def _msg(code: str, msgid: str, **params: object) -> dict:
    return (
        {"msgid": msgid, "code": code, "params": params}
        if params
        else {"msgid": msgid, "code": code}
    )


def _label(text: str) -> dict:
    return {"msgid": text}


def _month(text: str) -> object:
    return {"month": text} if re.fullmatch(r"\d{4}-\d{2}", text) else text


# The notes workers and staff pages wrote before issue 9, as the coded messages that
# replace them (msgids frozen here as they were in intake/texts.py at this revision).
LEGACY_NOTES = [
    (
        r"received via (\w+): (.*)",
        lambda m: _msg(
            "received_via",
            "Received via %(source)s: %(filename)s",
            source=_label(SOURCE_LABELS.get(m[1], m[1])),
            filename=m[2],
        ),
    ),
    (
        r"reading, attempt (\d+)",
        lambda m: _msg("reading", "Reading, attempt %(attempt)s.", attempt=int(m[1])),
    ),
    (
        r"same file as document (\d+)",
        lambda m: _msg("same_file", "The same file as document %(document)s.", document=int(m[1])),
    ),
    (
        r"probably the same invoice as document (\d+)",
        lambda m: _msg(
            "probable_duplicate",
            "Probably the same invoice as document %(document)s.",
            document=int(m[1]),
        ),
    ),
    (r"read again on request", lambda m: _msg("read_again", "To be read again, on request.")),
    (
        r"corrected: (.*)",
        lambda m: _msg(
            "corrected",
            "Corrected: %(fields)s.",
            fields=[_label(FIELD_LABELS.get(f.strip(), f.strip())) for f in m[1].split(",")],
        ),
    ),
    (
        r"month (\S+) -> (\S+)",
        lambda m: _msg(
            "moved", "Moved from month %(old)s to %(new)s.", old=_month(m[1]), new=_month(m[2])
        ),
    ),
    (
        r"month (\S+) was closed; reopened",
        lambda m: _msg(
            "moved_into_closed", "Month %(month)s was closed; it is reopened.", month=_month(m[1])
        ),
    ),
    (
        r"month (\S+) was already closed: it is reopened",
        lambda m: _msg(
            "month_reopened",
            "Month %(month)s was already closed: it is reopened.",
            month=_month(m[1]),
        ),
    ),
    (
        r"attempt failed: (.*)",
        lambda m: _msg(
            "attempt_failed", "Reading failed (%(detail)s); it will be tried again.", detail=m[1]
        ),
    ),
    (
        r"gave up after (\d+) tries: (.*)",
        lambda m: _msg(
            "gave_up",
            "Reading failed %(attempts)s times (%(detail)s); a person should look at it.",
            attempts=int(m[1]),
            detail=m[2],
        ),
    ),
]


def _ocr(code: str, msgid: str, **params: object) -> dict:
    return _msg(code, msgid, **params)


CHECK = "Compare it with the document."
ENTER = "Enter it from the document."
# ocr's checks before issue 9 wrote English sentences; these are its reasons now.
LEGACY_PROBLEMS = [
    (
        r"the invoice number was not found",
        lambda m: _ocr("invoice_number_missing", f"The invoice number was not found. {ENTER}"),
    ),
    (
        r"the issue date was not found",
        lambda m: _ocr("issue_date_missing", f"The issue date was not found. {ENTER}"),
    ),
    (
        r"the total to pay was not found",
        lambda m: _ocr("gross_total_missing", f"The total to pay was not found. {ENTER}"),
    ),
    (
        r"the seller's tax id was not found",
        lambda m: _ocr("seller_tax_id_missing", f"The seller's tax ID was not found. {ENTER}"),
    ),
    (
        r"the (seller|buyer)'s tax id (\S+) fails its checksum",
        lambda m: _ocr(
            f"{m[1]}_tax_id_checksum",
            f"The {m[1]}'s tax ID %(tax_id)s fails its checksum. {CHECK}",
            tax_id=m[2],
        ),
    ),
    (
        r"the bank account (\S+) fails the IBAN checksum",
        lambda m: _ocr(
            "bank_account_checksum",
            f"The bank account %(account)s fails its IBAN checksum. {CHECK}",
            account=m[1],
        ),
    ),
    (
        r"net (\S+) \+ VAT (\S+) is not the gross (\S+)",
        lambda m: _ocr(
            "totals_mismatch",
            "The net total %(net)s plus the VAT %(vat)s is not the gross total %(gross)s. "
            "Compare the totals with the document.",
            net=m[1],
            vat=m[2],
            gross=m[3],
        ),
    ),
    (
        r"the totals do not add up: net \+ VAT differs from gross",
        lambda m: _ocr(
            "totals_do_not_add_up",
            "The totals found do not add up: the net plus the VAT is not the gross. "
            "Compare the totals with the document.",
        ),
    ),
]


def coded(text: str) -> dict | None:
    """Return the coded message an old English note or problem stands for, if any."""
    for pattern, build in LEGACY_NOTES + LEGACY_PROBLEMS:
        found = re.fullmatch(pattern, text, flags=re.DOTALL)
        if found:
            return build(found)
    return None


def code_legacy_problems() -> None:
    """Turn the old English problems of every extraction into ocr's coded ones."""
    bind = op.get_bind()
    table = sa.table("extraction", sa.column("id"), sa.column("problems", sa.JSON()))
    for row_id, problems in bind.execute(sa.select(table.c.id, table.c.problems)).all():
        if not problems or not any(isinstance(p, str) for p in problems):
            continue
        new = [coded(p) or p if isinstance(p, str) else p for p in problems]
        bind.execute(table.update().where(table.c.id == row_id).values(problems=new))


def code_legacy_notes() -> None:
    """Turn the system's old English notes into coded messages; a person's text stays."""
    bind = op.get_bind()
    events = sa.table("document_event", sa.column("id"), sa.column("note", sa.JSON()))
    rows = bind.execute(sa.select(events.c.id, events.c.note).where(events.c.note.isnot(None)))
    for row_id, note in rows.all():
        new = coded(note) if isinstance(note, str) else None
        if new is not None:
            bind.execute(events.update().where(events.c.id == row_id).values(note=new))


def upgrade() -> None:
    with op.batch_alter_table("office") as batch_op:
        batch_op.add_column(
            sa.Column(
                "timezone", sa.String(length=64), nullable=False, server_default="Europe/Warsaw"
            )
        )
        batch_op.add_column(
            sa.Column("country", sa.String(length=2), nullable=False, server_default="PL")
        )
    with op.batch_alter_table("contact") as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=5), nullable=True))
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.create_check_constraint(op.f("ck_user_account_role"), among("role", ROLES))
    with op.batch_alter_table("period") as batch_op:
        batch_op.create_check_constraint(op.f("ck_period_state"), among("state", PERIOD_STATES))

    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_document_origin"), ["origin"], unique=False)
    op.execute(
        "UPDATE document SET origin = 'email:' || CAST(inbound_email_id AS VARCHAR(20)) "
        "WHERE inbound_email_id IS NOT NULL"
    )
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_column("inbound_email_id")  # its key into inbound_email goes with it
        batch_op.create_check_constraint(op.f("ck_document_status"), among("status", STATUSES))
        batch_op.create_check_constraint(op.f("ck_document_source"), among("source", SOURCES))
    text_to_json("document", "error")

    with op.batch_alter_table("document_event") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_document_event_from_status"), among("from_status", STATUSES, True)
        )
        batch_op.create_check_constraint(
            op.f("ck_document_event_to_status"), among("to_status", STATUSES, True)
        )
    text_to_json("document_event", "note")
    code_legacy_notes()
    code_legacy_problems()

    op.create_table(
        "schedule_slot",
        sa.Column("job", sa.String(length=100), nullable=False),
        sa.Column("slot", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_schedule_slot")),
    )


def downgrade() -> None:
    op.drop_table("schedule_slot")
    for table, column in (("document_event", "note"), ("document", "error")):
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(column, type_=sa.Text(), existing_nullable=True)
    with op.batch_alter_table("document_event") as batch_op:
        batch_op.drop_constraint(op.f("ck_document_event_to_status"), type_="check")
        batch_op.drop_constraint(op.f("ck_document_event_from_status"), type_="check")
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_constraint(op.f("ck_document_source"), type_="check")
        batch_op.drop_constraint(op.f("ck_document_status"), type_="check")
        batch_op.add_column(sa.Column("inbound_email_id", sa.Integer(), nullable=True))
        batch_op.drop_index(batch_op.f("ix_document_origin"))
        batch_op.drop_column("origin")
    with op.batch_alter_table("period") as batch_op:
        batch_op.drop_constraint(op.f("ck_period_state"), type_="check")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_constraint(op.f("ck_user_account_role"), type_="check")
    with op.batch_alter_table("contact") as batch_op:
        batch_op.drop_column("locale")
    with op.batch_alter_table("office") as batch_op:
        batch_op.drop_column("country")
        batch_op.drop_column("timezone")
