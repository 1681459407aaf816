"""the inbox's vocabulary backed by CHECK constraints; notes for staff as coded texts

- inbound_email.status, inbound_part.outcome (now also 'duplicate'), sender_event.kind and
  mail_account.security: CHECK constraints;
- inbound_email.note, inbound_part.note and mail_account.last_error: JSON holding a coded
  message or a plain text. Old notes whose English text is one of the fixed sentences the
  inbox wrote become that sentence's code, so they are translated too; every other old
  note is kept as a text and still reads as it did.

Revision ID: inbox_0002
Revises: inbox_0001
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "inbox_0002"
down_revision = "inbox_0001"
branch_labels = None
depends_on = None

STATUSES = ("received", "imported", "rejected", "skipped", "error")
OUTCOMES = ("document", "duplicate", "skipped", "refused")
KINDS = ("wrong_pin", "blocked", "reply")
SECURITY = ("tls", "starttls", "plain")

# The fixed sentences the inbox used to store, and the coded message each is now.
KNOWN_NOTES = {
    "inbound_email": {
        "wrong PIN": ("wrong_pin", "Wrong PIN."),
        "no PIN in the subject or the first lines": (
            "missing_pin",
            "No PIN in the subject or the first lines.",
        ),
        "no company uses the address it was sent to": (
            "no_company",
            "No company uses the address it was sent to.",
        ),
        "the company has no PIN and the sender is not listed": (
            "no_pin_set",
            "The company has no PIN and the sender is not on its list.",
        ),
        "no attachments": ("no_attachments", "No attachments."),
    },
    "inbound_part": {
        "the same image as in earlier mail (a signature); skipped": (
            "signature_repeated",
            "the same image as in earlier mail (a signature); skipped",
        ),
    },
}
CODED = '{"msgid"%'


def among(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({listed})"


def text_to_json(table: str, column: str) -> None:
    """Turn a column of texts into JSON: coded messages as they are, other texts as strings."""
    for old, (code, msgid) in KNOWN_NOTES.get(table, {}).items():
        coded = json.dumps({"msgid": msgid, "code": code})
        op.execute(
            sa.text(f"UPDATE {table} SET {column} = :coded WHERE {column} = :old").bindparams(
                coded=coded, old=old
            )
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN {column} TYPE JSON USING CASE "
            f"WHEN {column} LIKE '{CODED}' THEN {column}::json ELSE to_json({column}) END"
        )
        return
    op.execute(
        f"UPDATE {table} SET {column} = json_quote({column}) "
        f"WHERE {column} IS NOT NULL AND {column} NOT LIKE '{CODED}'"
    )
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column(column, type_=sa.JSON(), existing_nullable=True)


def json_to_text(table: str, column: str) -> None:
    """Turn a JSON column back into text (a coded message keeps its JSON as the text)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN {column} TYPE TEXT USING CASE "
            f"WHEN json_typeof({column}) = 'string' THEN {column} #>> '{{}}' "
            f"ELSE {column}::text END"
        )
        return
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column(column, type_=sa.Text(), existing_nullable=True)
    op.execute(
        f"UPDATE {table} SET {column} = json_extract({column}, '$') "
        f"WHERE json_valid({column}) AND json_type({column}) = 'text'"
    )


def upgrade() -> None:
    with op.batch_alter_table("inbound_email") as batch_op:
        batch_op.create_check_constraint(op.f("ck_inbound_email_status"), among("status", STATUSES))
    with op.batch_alter_table("inbound_part") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_inbound_part_outcome"), among("outcome", OUTCOMES)
        )
    with op.batch_alter_table("sender_event") as batch_op:
        batch_op.create_check_constraint(op.f("ck_sender_event_kind"), among("kind", KINDS))
    with op.batch_alter_table("mail_account") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_mail_account_security"), among("security", SECURITY)
        )
    text_to_json("inbound_email", "note")
    text_to_json("inbound_part", "note")
    text_to_json("mail_account", "last_error")


def downgrade() -> None:
    json_to_text("mail_account", "last_error")
    json_to_text("inbound_part", "note")
    json_to_text("inbound_email", "note")
    for table, name in (
        ("mail_account", "ck_mail_account_security"),
        ("sender_event", "ck_sender_event_kind"),
        ("inbound_part", "ck_inbound_part_outcome"),
        ("inbound_email", "ck_inbound_email_status"),
    ):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(name), type_="check")
