"""Full-text search over documents: their file names, the fields read and the text.

Every document has a row in `document_search` (intake/models/search.py), written here when
it is handed in, read or corrected. A query's words must all be found, each as the start
of a word: 'faktur' finds 'faktura' and 'fakturze', so Polish endings do not get in the
way, and an invoice number or a tax id typed with its slashes and dashes finds it too.
Words are folded before they are stored or looked for (lower case, no diacritics), so
'zloty' finds 'Złoty' on both databases.
PostgreSQL matches a tsvector ('simple' configuration: words as written) through a GIN
index; SQLite, the embedded default, an FTS5 table (unicode61, diacritics folded) that
triggers keep in step with `document_search`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, false, func, select, text
from sqlalchemy.orm import Session

from intake.models import Document, DocumentSearch

# SQLite's FTS5 table and its shadow tables: derived from document_search, not models.
UNMAPPED_TABLES = ("document_fts",)


def modelled(name: str | None, type_: str, _parents: object = None) -> bool:
    """Tell Alembic's comparison whether a table is one of the models (FTS5's are not)."""
    return not (type_ == "table" and name is not None and name.startswith(UNMAPPED_TABLES))


WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


# Letters that carry no combining mark to drop but are typed without one all the same.
PLAIN = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "ø": "o", "ß": "ss"})


def fold(text: str) -> str:
    """Return text in lower case without diacritics: 'Wrzesień, Łódź' -> 'wrzesien, lodz'."""
    split = unicodedata.normalize("NFKD", text.translate(PLAIN).lower())
    return "".join(ch for ch in split if not unicodedata.combining(ch))


def words(*parts: object) -> str:
    """Return texts as searchable words: folded, separated by single spaces."""
    return " ".join(WORD.findall(fold(" ".join(str(p) for p in parts if p))))


def body_of(document: Document) -> str:
    """Return what a document is found by: file name, field values and the text read."""
    extraction = document.extraction
    fields: dict[str, Any] = extraction.fields if extraction else {}
    values = [v for v in fields.values() if isinstance(v, str)]
    return words(document.filename, *values, extraction.text if extraction else "")


def index_document(session: Session, document: Document) -> None:
    """Write (or rewrite) a document's search row from what is known of it now."""
    row = session.get(DocumentSearch, document.id) or DocumentSearch(document_id=document.id)
    row.body = body_of(document)
    extraction = document.extraction
    confidence = extraction.confidence if extraction else {}
    corrected = set(extraction.corrected or []) if extraction else set()
    sure = [float(v) for k, v in (confidence or {}).items() if k not in corrected]
    row.min_confidence = min(sure) if sure else None
    row.problems = len(extraction.problems or []) if extraction else 0
    if session.get_bind().dialect.name == "postgresql":
        row.vector = func.to_tsvector(text("'simple'::regconfig"), row.body)
    session.add(row)


def terms(query: str) -> list[list[str]]:
    """Return what a person typed as terms: each a run of words written together.

    'FA/2026/10/77' is one term of four words that must follow each other; words apart
    ('ekonet 2026') are terms that must each be found.
    """
    found = [WORD.findall(fold(chunk)) for chunk in query.split()]
    return [t for t in found if t][:MAX_TERMS]


def matching(session: Session, query: str) -> ColumnElement[bool] | None:
    """Return a condition on Document for the documents whose words match a query.

    None when the query has no words (nothing to filter on).
    """
    found = terms(query)
    if not found:
        return None
    if session.get_bind().dialect.name == "postgresql":
        tsquery = " & ".join("(" + " <-> ".join(t) + ":*)" for t in found)
        hits = select(DocumentSearch.document_id).where(
            DocumentSearch.vector.op("@@")(func.to_tsquery(text("'simple'::regconfig"), tsquery))
        )
    elif session.get_bind().dialect.name == "sqlite":
        fts = " AND ".join('"' + " ".join(t) + '"*' for t in found)
        hits = (
            select(text("rowid"))
            .select_from(text("document_fts"))
            .where(text("document_fts MATCH :fts").bindparams(fts=fts))
        )
    else:  # pragma: no cover - only the two databases Intake runs on
        return false()
    return Document.id.in_(hits)


def reindex(session: Session) -> int:
    """Rewrite every document's search row (after an upgrade, or to repair); return how many."""
    count = 0
    for document in session.scalars(select(Document).execution_options(yield_per=200)):
        index_document(session, document)
        count += 1
    return count
