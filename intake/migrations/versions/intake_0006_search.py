"""document_search: each document's words for full-text search, and its least sure field

PostgreSQL searches a tsvector column through a GIN index; SQLite an FTS5 table over
document_search that triggers keep in step (it is derived data: intake.search.UNMAPPED_TABLES,
not a model). Existing documents are indexed by their file name and text; reading or
correcting a document rewrites its row with its fields (`intake.search.index_document`).

Revision ID: intake_0006
Revises: intake_0005
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "intake_0006"
down_revision = "intake_0005"
branch_labels = None
depends_on = None

FTS = [
    "CREATE VIRTUAL TABLE document_fts USING fts5(body, content='document_search', "
    "content_rowid='document_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER document_search_ai AFTER INSERT ON document_search BEGIN "
    "INSERT INTO document_fts(rowid, body) VALUES (new.document_id, new.body); END",
    "CREATE TRIGGER document_search_ad AFTER DELETE ON document_search BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, body) VALUES ('delete', old.document_id, old.body); END",
    "CREATE TRIGGER document_search_au AFTER UPDATE ON document_search BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, body) VALUES ('delete', old.document_id, old.body); "
    "INSERT INTO document_fts(rowid, body) VALUES (new.document_id, new.body); END",
]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "document_search",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "vector", sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql"), nullable=True
        ),
        sa.Column("min_confidence", sa.Float(), nullable=True),
        sa.Column("problems", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_search_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_search")),
    )
    op.create_index(
        "ix_document_search_vector", "document_search", ["vector"], postgresql_using="gin"
    )
    op.create_index(
        op.f("ix_document_search_min_confidence"), "document_search", ["min_confidence"]
    )
    op.create_index(op.f("ix_document_search_problems"), "document_search", ["problems"])
    if not postgres:
        for statement in FTS:
            op.execute(statement)
    # What is known of the documents already there: file name and text, lower case (not
    # folded: `intake.search.reindex` rewrites them as reading or correcting would).
    op.execute(
        "INSERT INTO document_search (document_id, body, problems) "
        "SELECT d.id, lower(d.filename || ' ' || coalesce(e.text, '')), 0 "
        "FROM document d LEFT JOIN extraction e ON e.document_id = d.id"
    )
    if postgres:
        op.execute("UPDATE document_search SET vector = to_tsvector('simple'::regconfig, body)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for name in ("document_search_ai", "document_search_ad", "document_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    op.drop_table("document_search")
