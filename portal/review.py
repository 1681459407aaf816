"""The review desk: a document's pages beside what was read from them, worked by keyboard.

Approving saves what the person corrected and opens the next document of the queue (the
nearest deadline first); the approval can be undone from that next page. An approved
document is read-only until staff reopen it with a reason.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from intake.documents import (
    EDITABLE,
    correct_fields,
    get_document,
    next_to_review,
    reopen,
    retry_reading,
    review,
    review_queue,
    undo_approval,
)
from intake.errors import InvalidInput, NotFound
from intake.models import Document
from intake.periods import set_month
from intake.vocabulary import OFFICE_ROLES, REVIEWABLE, DocumentKind, DocumentStatus, Field
from portal import pages
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.fieldview import field_views, general_problems
from portal.language import locale, say
from portal.views import file_response

bp = Blueprint("review", __name__, url_prefix="/staff/documents")

UNDO_KEY = "undo_approval"  # the document this user approved last, for one undo


def _doc(document_id: int) -> Document:
    return get_document(get_db(), current_user.row, document_id)


def _page(doc: Document, status: int = 200, **extra: object):
    """Render the review page of a document."""
    queue = review_queue(get_db(), current_user.row)
    place = queue.index(doc.id) if doc.id in queue else None
    following = [i for i in queue if i != doc.id]
    if place is not None:
        prev_id = queue[place - 1] if place > 0 else None
        next_id = queue[place + 1] if place + 1 < len(queue) else None
    else:
        prev_id, next_id = None, following[0] if following else None
    earlier = None
    if doc.probable_duplicate_of_id:
        try:
            earlier = _doc(doc.probable_duplicate_of_id)
        except NotFound:
            earlier = None
    typed = extra.pop("typed", None)
    wrong = extra.pop("wrong", None)
    wrong_message = extra.pop("wrong_message", None)
    undo = session.get(UNDO_KEY)
    page = render_template(
        "staff/document.html",
        doc=doc,
        views=field_views(doc, typed, wrong, wrong_message),  # type: ignore[arg-type]
        general=general_problems(doc),
        kinds=DocumentKind,
        read_only=doc.status == DocumentStatus.APPROVED,
        reviewable=REVIEWABLE,
        pages=pages.page_count(doc),
        earlier=earlier,
        earlier_views=field_views(earlier) if earlier else [],
        position=(place + 1) if place is not None else None,
        queue_length=len(queue),
        prev_id=prev_id,
        next_id=next_id,
        undo=undo,
        wrong_message=wrong_message,
        **extra,
    )
    return page, status


@bp.get("/<int:document_id>")
@role_required(*OFFICE_ROLES)
def document(document_id: int):
    """Show a document's pages beside what was read from them, with its history."""
    return _page(_doc(document_id))


@bp.get("/<int:document_id>/file")
@role_required(*OFFICE_ROLES)
def document_file(document_id: int):
    """Send the stored file."""
    return file_response(_doc(document_id), download=request.args.get("download") == "1")


@bp.get("/<int:document_id>/page")
@role_required(*OFFICE_ROLES)
def page_file(document_id: int):
    """Send one page of the document as an image (`?n=1`), rendered by the server."""
    doc = _doc(document_id)
    number = request.args.get("n", 1, type=int)
    data = pages.page_image(get_runtime().storage, doc, number)
    # Kept rendered in storage, not in the browser: a client's invoice is never left in a
    # shared computer's cache (every private response is no-store, portal/security.py).
    return Response(data, mimetype="image/webp")


@bp.get("/<int:document_id>/words")
@role_required(*OFFICE_ROLES)
def page_words(document_id: int):
    """Return the words on one page (`?n=1`) with their boxes, for click-to-fill."""
    doc = _doc(document_id)
    number = request.args.get("n", 1, type=int)
    lang = "heb+eng" if locale() == "he" or doc.company.office.country == "IL" else "pol+eng"
    words = pages.page_words(get_runtime().storage, doc, number, lang)
    response = jsonify(page=number, words=words)
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


def _changes() -> dict[str, str]:
    return {f.value: request.form[f.value] for f in EDITABLE if f.value in request.form}


def _refused(doc: Document, error: InvalidInput, changes: dict[str, str]):
    """Show the page again with what the person typed and the error beside its field."""
    get_db().rollback()
    wrong = error.params.get("field") or (Field.KIND if error.code == "not_a_kind" else None)
    doc = _doc(doc.id)
    return _page(
        doc, 422, typed=changes, wrong=str(wrong) if wrong else None, wrong_message=say(error)
    )


@bp.post("/<int:document_id>/review")
@role_required(*OFFICE_ROLES)
def document_review(document_id: int):
    """Approve (with the corrections typed) and open the next document, or reject."""
    db = get_db()
    doc = _doc(document_id)
    approve = request.form.get("decision") == "approve"
    changes = _changes() if approve and doc.status != DocumentStatus.APPROVED else {}
    try:
        if changes and doc.extraction is not None:
            correct_fields(db, doc, current_user.row, changes)
        review(db, doc, current_user.row, approve, request.form.get("reason", ""))
        db.commit()
    except InvalidInput as e:
        if e.params.get("field") or e.code == "not_a_kind":
            return _refused(doc, e, changes)
        db.rollback()
        flash(say(e), "error")
        return redirect(url_for("review.document", document_id=document_id))
    if approve:
        session[UNDO_KEY] = document_id
        flash(_("Document approved."), "ok")
    else:
        session.pop(UNDO_KEY, None)
        flash(_("Document rejected; the client is told why."), "ok")
    following = next_to_review(db, current_user.row, after=document_id)
    if following is not None:  # the review queue goes on with the next document
        return redirect(url_for("review.document", document_id=following.id))
    return redirect(url_for("review.document", document_id=document_id))


@bp.post("/<int:document_id>/undo")
@role_required(*OFFICE_ROLES)
def document_undo(document_id: int):
    """Take back one's own last approval and open that document again."""
    done = _change(
        document_id, lambda db, doc: undo_approval(db, doc, current_user.row), _("Approval undone.")
    )
    session.pop(UNDO_KEY, None)
    return done


@bp.post("/<int:document_id>/reopen")
@role_required(*OFFICE_ROLES)
def document_reopen(document_id: int):
    """Send an approved document back to review, with a reason."""
    reason = request.form.get("reason", "")
    return _change(
        document_id,
        lambda db, doc: reopen(db, doc, current_user.row, reason),
        _("The document is open for review again."),
    )


@bp.post("/<int:document_id>/month")
@role_required(*OFFICE_ROLES)
def document_month(document_id: int):
    """Move a document to another month."""
    month = request.form.get("month", "")
    return _change(
        document_id, lambda db, doc: set_month(db, doc, month, current_user.row), _("Saved.")
    )


@bp.post("/<int:document_id>/fields")
@role_required(*OFFICE_ROLES)
def document_fields(document_id: int):
    """Save a person's corrections to the read fields; they are marked as corrected."""
    db = get_db()
    doc = _doc(document_id)
    changes = _changes()
    try:
        changed = correct_fields(db, doc, current_user.row, changes)
        db.commit()
    except InvalidInput as e:
        if e.params.get("field") or e.code == "not_a_kind":
            return _refused(doc, e, changes)
        db.rollback()
        flash(say(e), "error")
        return redirect(url_for("review.document", document_id=document_id))
    flash(_("Saved.") if changed else _("Nothing changed."), "ok")
    return redirect(url_for("review.document", document_id=document_id))


@bp.post("/<int:document_id>/retry")
@role_required(*OFFICE_ROLES)
def document_retry(document_id: int):
    """Read a failed or rejected document again."""
    return _change(
        document_id,
        lambda db, doc: retry_reading(db, doc, current_user.row),
        _("The document will be read again."),
    )


def _change(document_id: int, action: Callable[[Session, Document], object], done: str):
    """Apply a person's change to a document, say how it went, and go back to its page."""
    db = get_db()
    doc = _doc(document_id)
    try:
        action(db, doc)
        db.commit()
    except InvalidInput as e:
        db.rollback()
        flash(say(e), "error")
    else:
        flash(done, "ok")
    return redirect(url_for("review.document", document_id=document_id))
