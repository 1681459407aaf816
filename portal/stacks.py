"""Stacks on the review page (issue 15): where a file was split, its parts, undo and change."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from intake import stacks
from intake.documents import get_document
from intake.errors import InvalidInput, NotFound
from intake.models import Document
from intake.vocabulary import OFFICE_ROLES, REVIEWABLE, DocumentStatus
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.language import say

bp = Blueprint("stacks", __name__, url_prefix="/staff/documents")


@dataclass
class StackView:
    """What the review page shows of a document's split."""

    stack: Document | None = None  # the stack this document was cut from
    parts: list[Document] = field(default_factory=list)  # the documents cut from this one
    starts: str = ""  # the pages where its documents start: '1, 3, 4'
    can_split: bool = False  # the form to split (again) is offered


def stack_view(doc: Document) -> StackView:
    """Return a document's split as the review page shows it."""
    db = get_db()
    view = StackView()
    if doc.split_from_id is not None:
        try:
            view.stack = get_document(db, current_user.row, doc.split_from_id)
        except NotFound:
            view.stack = None
        return view
    view.parts = stacks.parts_of(db, doc) if doc.status == DocumentStatus.SPLIT else []
    view.starts = ", ".join(str(p.split_first) for p in view.parts) or "1"
    splittable = (*REVIEWABLE, DocumentStatus.SPLIT)
    view.can_split = (doc.pages or 1) > 1 and doc.status in splittable
    return view


@bp.app_context_processor
def _globals() -> dict[str, object]:
    return {"stack_view": stack_view}


def _doc(document_id: int) -> Document:
    return get_document(get_db(), current_user.row, document_id)


@bp.post("/<int:document_id>/split")
@role_required(*OFFICE_ROLES)
def split(document_id: int):
    """Split a file where the person says documents start (or keep it whole: '1')."""
    db = get_db()
    doc = _doc(document_id)
    try:
        made = stacks.change(
            db, get_runtime().storage, doc, current_user.row, request.form.get("starts", "")
        )
        db.commit()
    except InvalidInput as e:
        db.rollback()
        flash(say(e), "error")
    else:
        if made:
            text = ngettext(
                "Split into %(num)s document; it is read on its own.",
                "Split into %(num)s documents; each is read on its own.",
                len(made),
            )
            flash(text, "ok")
        else:
            flash(_("Saved."), "ok")
    return redirect(url_for("review.document", document_id=document_id))


@bp.post("/<int:document_id>/split/undo")
@role_required(*OFFICE_ROLES)
def undo(document_id: int):
    """Take a split back: its parts go, and the file is read again as one document."""
    db = get_db()
    doc = _doc(document_id)
    try:
        stacks.undo(db, doc, current_user.row)
        db.commit()
    except InvalidInput as e:
        db.rollback()
        flash(say(e), "error")
    else:
        flash(_("Split undone; the file is read again as one document."), "ok")
    return redirect(url_for("review.document", document_id=document_id))
