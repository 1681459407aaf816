"""What a document is found by: its words, folded, and two marks the staff lists filter on."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base


class DocumentSearch(Base):
    """One row per document, rewritten whenever it is handed in, read or corrected.

    `body` holds its file name, fields and text in lower case with punctuation as spaces;
    PostgreSQL searches `vector` (a tsvector of it), SQLite an FTS5 table over it that
    triggers keep (intake/search.py). Derived data: rebuilt from the documents at will.
    """

    __tablename__ = "document_search"
    __table_args__ = (Index("ix_document_search_vector", "vector", postgresql_using="gin"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    vector: Mapped[str | None] = mapped_column(Text().with_variant(TSVECTOR(), "postgresql"))
    # How sure the least sure field's reading was, and how many checks failed.
    min_confidence: Mapped[float | None] = mapped_column(Float, index=True)
    problems: Mapped[int] = mapped_column(default=0, index=True)
