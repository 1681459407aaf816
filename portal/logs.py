"""The request log: one line per request, with tokens in the URL hidden (intake.logs).

Approval links are bearer tokens valid for 60 days: a log that kept them would open every
client's approval to whoever reads it. The line is masked before it is written, and the
filter sits on the request loggers themselves, so no handler configuration can miss it.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, request

from intake.logs import install, mask

access = logging.getLogger("portal.access")


def init_app(app: Flask) -> None:
    """Log each request, masked; mask werkzeug's own request lines too."""
    install(access, logging.getLogger("werkzeug"), logging.getLogger("waitress"))

    @app.after_request
    def _log(response: Response) -> Response:
        access.info(
            "%s %s %s %s",
            request.remote_addr or "-",
            request.method,
            mask(request.full_path.rstrip("?")),
            response.status_code,
        )
        return response
