"""One database session per request, closed when the request ends."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from intake.runtime import Runtime


def get_runtime() -> Runtime:
    """Return the runtime the app was built on."""
    return current_app.extensions["intake_runtime"]


def get_db() -> Session:
    """Return this request's session, opening it on first use."""
    if "db" not in g:
        g.db = get_runtime().db.sessions()
    return g.db


def end_reading() -> None:
    """Finish this request's transaction before a domain call that opens its own session.

    On SQLite every transaction holds the one write lock (BEGIN IMMEDIATE), so a call with
    its own session would wait for this request until it times out.
    """
    session = g.get("db")
    if session is not None:
        session.commit()


def close_db(exc: BaseException | None = None) -> None:
    """Roll back anything uncommitted and close this request's session."""
    session = g.pop("db", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()


def init_app(app: Flask) -> None:
    """Close the session at the end of every request."""
    app.teardown_appcontext(close_db)
