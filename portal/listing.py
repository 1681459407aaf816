"""The staff's document list as a query: search, filters, order and page, read from the URL.

The same query string drives the page, its JSON twin (live statuses) and a saved filter,
so a list can be bookmarked, refreshed and kept by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from intake.documents import by_deadline_risk, scoped_documents
from intake.models import Document, DocumentSearch, User
from intake.month import Month
from intake.search import matching
from intake.vocabulary import TO_REVIEW, DocumentStatus, Source
from portal.converters import row_id
from portal.fieldview import UNSURE

PER_PAGE = 50
TO_REVIEW_FILTER = "to_review"  # the status filter's group: read, and waiting for a person


@dataclass(frozen=True)
class DocumentQuery:
    """What the staff list shows: a search, filters, an order and a page."""

    q: str = ""
    company: int | None = None
    month: str = ""
    status: str = ""
    source: str = ""
    confidence: str = ""  # "1": some field was read with little confidence
    checks: str = ""  # "1": some check failed
    order: str = ""  # "" newest first, "deadline": nearest deadline first
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> DocumentQuery:
        """Read a query from a URL's arguments, dropping what makes no sense."""
        company = args.get("company")
        page = args.get("page")
        month = args.get("month", "")
        try:
            month = str(Month.parse(month)) if month else ""
        except ValueError:
            month = ""
        status = args.get("status", "")
        return cls(
            q=args.get("q", "").strip()[:200],
            company=row_id(company),
            month=month,
            status=status if status in (*DocumentStatus.values(), TO_REVIEW_FILTER) else "",
            source=args.get("source", "") if args.get("source") in Source.values() else "",
            confidence="1" if args.get("confidence") == "1" else "",
            checks="1" if args.get("checks") == "1" else "",
            order="deadline" if args.get("order") == "deadline" else "",
            page=row_id(page) or 1,
        )

    def args(self, **changes: Any) -> dict[str, Any]:
        """Return the query's URL arguments (defaults left out), with some changed."""
        query = replace(self, **changes)
        found = {}
        for f in fields(query):
            value = getattr(query, f.name)
            if value not in (None, "", f.default):
                found[f.name] = value
        return found

    def query_string(self, **changes: Any) -> str:
        """Return the query as a URL's query string (without the page)."""
        return urlencode(self.args(page=1, **changes))

    @property
    def filtered(self) -> bool:
        """Tell whether anything narrows the list."""
        return bool(self.args(page=1, order=""))

    def select(self, session: Session, user: User) -> Select:
        """Return the select of the documents this query shows to a user (every page)."""
        query = scoped_documents(user)
        if self.q and (found := matching(session, self.q)) is not None:
            query = query.where(found)
        if self.company:
            query = query.where(Document.company_id == self.company)
        if self.month:
            query = query.where(Document.month == Month.parse(self.month))
        if self.status == TO_REVIEW_FILTER:
            query = query.where(Document.status.in_(TO_REVIEW))
        elif self.status:
            query = query.where(Document.status == self.status)
        if self.source:
            query = query.where(Document.source == self.source)
        if self.confidence or self.checks:
            marks = select(DocumentSearch.document_id)
            if self.confidence:
                marks = marks.where(DocumentSearch.min_confidence < UNSURE)
            if self.checks:
                marks = marks.where(DocumentSearch.problems > 0)
            query = query.where(Document.id.in_(marks))
        return query

    def page_of(self, session: Session, user: User) -> tuple[list[Document], int]:
        """Return this page's documents and how many the whole list holds."""
        query = self.select(session, user)
        total = session.scalar(query.with_only_columns(func.count(Document.id))) or 0
        ordered = by_deadline_risk(query) if self.order == "deadline" else query
        if self.order != "deadline":
            ordered = ordered.order_by(Document.id.desc())
        ordered = ordered.options(selectinload(Document.company), selectinload(Document.extraction))
        ordered = ordered.limit(PER_PAGE).offset((self.page - 1) * PER_PAGE)
        return list(session.scalars(ordered)), total


def pages_count(total: int) -> int:
    """Return how many pages a list of `total` documents takes."""
    return max(1, -(-total // PER_PAGE))
