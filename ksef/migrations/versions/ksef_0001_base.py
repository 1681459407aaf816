"""ksef's tables: credentials, each company's KSeF state and continuation points, invoices

Revision ID: ksef_0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "ksef_0001"
down_revision = None
branch_labels = ("ksef",)
depends_on = "intake_0002"

ACCESS = ("unknown", "working", "no_credential", "refused", "no_permission", "failing")
KINDS = ("certificate", "token")
ENVIRONMENTS = ("test", "demo", "prod")
SUBJECT_TYPES = ("Subject2", "Subject3", "SubjectAuthorized")
QUALIFICATIONS = ("books", "not_business", "dispute")


def among(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    check = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return f"{column} IS NULL OR {check}" if nullable else check


def moment(name: str, nullable: bool = True) -> sa.Column:
    """Return an aware timestamp column."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "ksef_office",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("hold_unqualified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_ksef_office_office_id_office")
        ),
        sa.PrimaryKeyConstraint("office_id", name=op.f("pk_ksef_office")),
    )
    op.create_table(
        "ksef_company",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("access", sa.String(length=16), nullable=False),
        moment("checked_at"),
        moment("last_sync_at"),
        sa.Column("last_error", sa.JSON(), nullable=True),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(length=200), nullable=True),
        moment("lease_until"),
        moment("updated_at", nullable=False),
        sa.CheckConstraint(among("access", ACCESS), name=op.f("ck_ksef_company_access")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_ksef_company_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_ksef_company_office_id_office")
        ),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_ksef_company")),
    )
    op.create_index(op.f("ix_ksef_company_office_id"), "ksef_company", ["office_id"])
    op.create_table(
        "ksef_credential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("environment", sa.String(length=8), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        moment("valid_until"),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        moment("created_at", nullable=False),
        sa.CheckConstraint(among("kind", KINDS), name=op.f("ck_ksef_credential_kind")),
        sa.CheckConstraint(
            among("environment", ENVIRONMENTS), name=op.f("ck_ksef_credential_environment")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_ksef_credential_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_ksef_credential_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ksef_credential")),
    )
    op.create_index(op.f("ix_ksef_credential_company_id"), "ksef_credential", ["company_id"])
    op.create_index(op.f("ix_ksef_credential_office_id"), "ksef_credential", ["office_id"])
    op.create_table(
        "ksef_cursor",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        moment("continuation", nullable=False),
        moment("last_export_at"),
        moment("updated_at", nullable=False),
        sa.CheckConstraint(
            among("subject_type", SUBJECT_TYPES), name=op.f("ck_ksef_cursor_subject_type")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_ksef_cursor_company_id_company")
        ),
        sa.PrimaryKeyConstraint("company_id", "subject_type", name=op.f("pk_ksef_cursor")),
    )
    op.create_table(
        "ksef_invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("ksef_number", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=True),
        sa.Column("seller_nip", sa.String(length=20), nullable=False),
        sa.Column("invoice_type", sa.String(length=12), nullable=False),
        sa.Column("invoice_number", sa.String(length=256), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=True),
        moment("received_at", nullable=False),
        moment("stored_at", nullable=False),
        sa.Column("invoice_hash", sa.String(length=44), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("corrects_ksef_number", sa.String(length=36), nullable=True),
        sa.Column("corrects_number", sa.String(length=256), nullable=True),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("qualification", sa.String(length=14), nullable=True),
        sa.Column("qualification_note", sa.Text(), nullable=True),
        sa.Column("qualified_by", sa.String(length=200), nullable=True),
        moment("qualified_at"),
        moment("created_at", nullable=False),
        sa.CheckConstraint(
            among("subject_type", SUBJECT_TYPES, True), name=op.f("ck_ksef_invoice_subject_type")
        ),
        sa.CheckConstraint(
            among("qualification", QUALIFICATIONS, True),
            name=op.f("ck_ksef_invoice_qualification"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_ksef_invoice_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["ksef_invoice.id"],
            name=op.f("fk_ksef_invoice_corrects_id_ksef_invoice"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_ksef_invoice_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_ksef_invoice_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ksef_invoice")),
        sa.UniqueConstraint("company_id", "ksef_number", name=op.f("uq_ksef_invoice_company_id")),
    )
    op.create_index(op.f("ix_ksef_invoice_company_id"), "ksef_invoice", ["company_id"])
    op.create_index(
        op.f("ix_ksef_invoice_corrects_ksef_number"), "ksef_invoice", ["corrects_ksef_number"]
    )
    op.create_index(op.f("ix_ksef_invoice_document_id"), "ksef_invoice", ["document_id"])
    op.create_index(op.f("ix_ksef_invoice_office_id"), "ksef_invoice", ["office_id"])
    op.create_index(
        "ix_ksef_invoice_twin", "ksef_invoice", ["company_id", "seller_nip", "invoice_number"]
    )


def downgrade() -> None:
    op.drop_table("ksef_invoice")
    op.drop_table("ksef_cursor")
    op.drop_table("ksef_credential")
    op.drop_table("ksef_company")
    op.drop_table("ksef_office")
