"""Expected problems become a page or a JSON error in the reader's language, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from intake.errors import IntakeError, NotFound, StorageUnavailable
from portal.language import say

logger = logging.getLogger(__name__)

# What each HTTP error means to a person: (code for programs, title, sentence).
HTTP_ERRORS = {
    400: ("bad_request", _l("Bad request"), _l("The page could not understand what was sent.")),
    401: ("login_needed", _l("Log in"), _l("Log in to see this page.")),
    403: ("forbidden", _l("Not allowed"), _l("You may not do this.")),
    404: ("not_found", _l("Not found"), _l("There is no such page, or it is not yours to see.")),
    405: ("method_not_allowed", _l("Not allowed"), _l("This page cannot be used like this.")),
    413: ("too_large", _l("File too large"), _l("The file is larger than the portal accepts.")),
    429: (
        "too_many_requests",
        _l("Too many attempts"),
        _l("Too many attempts. Wait a minute and try again."),
    ),
    500: (
        "server_error",
        _l("Something went wrong"),
        _l("Something went wrong on our side. Nothing was lost; try again in a moment."),
    ),
    503: ("unavailable", _l("Unavailable"), _l("The portal is busy. Try again in a moment.")),
}


def wants_json() -> bool:
    """Tell whether the caller is a script (XHR or JSON) rather than a page."""
    return request.accept_mimetypes.best == "application/json" or request.is_json


def error_page(status: int, message: str, code: str | None = None):
    """Answer with an error page, or {"error", "code"} to a script."""
    known = HTTP_ERRORS.get(status, HTTP_ERRORS[500])
    code = code or known[0]
    if wants_json():
        return jsonify(error=message, code=code), status
    return render_template(
        "error.html", status=status, title=str(known[1]), message=message, code=code
    ), status


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(NotFound)
    def _not_found(e: NotFound):
        return error_page(404, str(HTTP_ERRORS[404][2]), e.code)

    @app.errorhandler(StorageUnavailable)
    def _storage(e: StorageUnavailable):
        logger.warning("storage unavailable: %s", e)
        message = _(
            "File storage is not available right now. Nothing was saved; try again in a moment."
        )
        return error_page(503, message, e.code)

    @app.errorhandler(CSRFError)
    def _csrf(_e: CSRFError):
        message = _("This form has expired. Go back, reload the page and send it again.")
        return error_page(400, message, "form_expired")

    @app.errorhandler(IntakeError)
    def _intake(e: IntakeError):
        return error_page(400, say(e), e.code)

    @app.errorhandler(InternalServerError)
    def _server(_e: InternalServerError):
        return error_page(500, str(HTTP_ERRORS[500][2]))

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException):
        status = e.code or 500
        return error_page(status, str(HTTP_ERRORS.get(status, HTTP_ERRORS[500])[2]))
