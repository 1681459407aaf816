"""Expected problems become a page or a JSON error, never a traceback."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from intake.errors import NotFound, StorageUnavailable
from portal.i18n import _


def wants_json() -> bool:
    """Tell whether the caller is a script (XHR or JSON) rather than a page."""
    return request.accept_mimetypes.best == "application/json" or request.is_json


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(NotFound)
    def _not_found(_e: NotFound):
        return _page(404, _("Not found."))

    @app.errorhandler(StorageUnavailable)
    def _storage(_e: StorageUnavailable):
        return _page(
            503,
            _("File storage is not available right now. Nothing was saved; try again in a moment."),
        )

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException):
        return _page(e.code or 500, e.description or e.name)


def _page(code: int, message: str):
    if wants_json():
        return jsonify(error=message), code
    return render_template("error.html", code=code, message=message), code
