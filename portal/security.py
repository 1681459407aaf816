"""CSRF on every form, rate limits, the proxy in front, and the headers every answer carries.

- Logins are limited per address and per account, and only failures count
  (INTAKE_LOGIN_TRIES_PER_IP a minute, INTAKE_LOGIN_TRIES_PER_ACCOUNT per 15 minutes);
  uploads per person (INTAKE_UPLOADS_PER_MINUTE files). The counters live in
  INTAKE_RATELIMIT_URL (Redis in production, so every web process shares them).
- Behind INTAKE_TRUSTED_PROXIES reverse proxies, the client's address and scheme come
  from X-Forwarded-For and -Proto (werkzeug's ProxyFix); without it every user would share
  the proxy's address, and one person could lock everyone out.
- Headers: a Content-Security-Policy without inline script, HSTS when the portal is
  served over https, `Cache-Control: no-store` on everything but static files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.db import get_runtime
from portal.settings import PortalSettings
from portal.settings import of as portal_settings

csrf = CSRFProtect()
limiter = Limiter(get_remote_address)

# Pages load scripts and styles from the portal only; documents are shown in a frame of
# the portal's own (their own answer carries a stricter policy, see portal.views).
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "object-src 'none'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "form-action 'self'",
    )
)
HSTS = "max-age=31536000; includeSubDomains"


def _rules() -> PortalSettings:
    return portal_settings(get_runtime().settings)


def _failed(response: Response) -> bool:
    """Tell whether a login failed (a success redirects): only failures count."""
    return response.status_code != 302


def _account() -> str:
    return "login:" + request.form.get("email", "").strip().lower()[:254]


def login_limits(on_breach: Callable[..., Any]) -> Callable[[Callable], Callable]:
    """Limit failed logins per address and per account (the decorator of the login view)."""

    def decorator(view: Callable) -> Callable:
        per_account = limiter.limit(
            lambda: f"{_rules().login_tries_per_account} per 15 minutes",
            key_func=_account,
            methods=["POST"],
            deduct_when=_failed,
            on_breach=on_breach,
        )
        per_ip = limiter.limit(
            lambda: f"{_rules().login_tries_per_ip} per minute",
            methods=["POST"],
            deduct_when=_failed,
            on_breach=on_breach,
        )
        return per_ip(per_account(view))

    return decorator


def _uploader() -> str:
    return f"upload:{current_user.get_id() or get_remote_address()}"


def _files() -> int:
    return max(1, len(request.files.getlist("files")))


def upload_limit(view: Callable) -> Callable:
    """Limit the files one person uploads per minute (each file counts)."""
    return limiter.limit(
        lambda: f"{_rules().uploads_per_minute} per minute",
        key_func=_uploader,
        methods=["POST"],
        cost=_files,
    )(view)


def init_app(app: Flask) -> None:
    """Turn on CSRF protection, the rate limiter, the proxy fix and security headers."""
    csrf.init_app(app)
    limiter.init_app(app)
    rt = app.extensions["intake_runtime"]
    proxies = portal_settings(rt.settings).trusted_proxies
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    https = rt.settings.base_url.startswith("https://")

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy", CSP)
        if https:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint != "static":
            # Pages carry one person's documents and amounts: never kept by a browser or proxy.
            headers["Cache-Control"] = "no-store"
        return response
