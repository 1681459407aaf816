"""`intake serve`: the portal on waitress, with in-process workers on the embedded default.

waitress reads every request in full in its own event loop before a thread sees it, so a
client that sends a Content-Length and stalls holds a socket, never a thread; it closes
connections silent for INTAKE_SERVE_TIMEOUT_S, holds at most INTAKE_SERVE_CONNECTIONS of
them, and refuses a body larger than the upload limit before reading it whole.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from dotenv import dotenv_values
from flask import Flask
from waitress.server import create_server

from intake import runtime
from intake.config import load_settings
from intake.schedule import start_ticker
from portal.settings import PortalSettings
from portal.settings import of as portal_settings

logger = logging.getLogger(__name__)


def make_server(app: Flask, host: str, port: int, rules: PortalSettings) -> Any:
    """Return a waitress server for the portal, with timeouts and a connection cap."""
    return create_server(
        app,
        host=host,
        port=port,
        threads=rules.serve_threads,
        connection_limit=rules.serve_connections,
        channel_timeout=rules.serve_timeout_s,
        cleanup_interval=max(1, min(30, rules.serve_timeout_s // 2)),
        max_request_body_size=int(app.config["MAX_CONTENT_LENGTH"]),
        # poll() rather than select(): more than 1024 open sockets are fine.
        asyncore_use_poll=True,
        backlog=1024,
        # The portal reads X-Forwarded-* itself (INTAKE_TRUSTED_PROXIES, ProxyFix).
        clear_untrusted_proxy_headers=False,
        ident="Intake",
    )


def served_url(
    host: str, port: int, environ: Mapping[str, str] | None = None, env_file: str = ".env"
) -> str | None:
    """Return the URL links in e-mail and SMS should use when INTAKE_BASE_URL is not set.

    None when it is set (in the environment or the .env file): the operator's URL wins.
    """
    environ = os.environ if environ is None else environ
    given = environ.get("INTAKE_BASE_URL")
    if not given and Path(env_file).is_file():
        given = dotenv_values(env_file).get("INTAKE_BASE_URL")
    if given:
        return None
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{port}"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run the portal; without INTAKE_BASE_URL its links point here (host and port)."""
    from portal import create_app

    settings = load_settings()
    if (url := served_url(host, port)) is not None:
        settings = dataclasses.replace(settings, base_url=url)
    rt = runtime.start(settings)
    if rt.settings.broker_url is None:
        rt.start_worker()
    ticker = start_ticker(rt.db, rt.settings.timezone)
    rules = portal_settings(rt.settings)
    server = make_server(create_app(rt), host, port, rules)
    logging.getLogger("portal.access").setLevel(logging.INFO)
    signal.signal(signal.SIGTERM, _stop)
    click.echo(
        f"Intake is running at http://{host}:{server.effective_port}/  (Ctrl+C stops it; "
        f"{rules.serve_threads} threads, at most {rules.serve_connections} connections)"
    )
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        ticker.stop()
        rt.stop()


def _stop(*_: object) -> None:
    raise SystemExit(0)
