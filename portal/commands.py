"""`intake serve`: the portal on the embedded defaults, with in-process workers."""

from __future__ import annotations

import logging

import click
from werkzeug.serving import make_server

from intake import runtime
from intake.schedule import start_ticker

logger = logging.getLogger(__name__)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run the portal; without INTAKE_BROKER_URL the jobs run in this process too."""
    from portal import create_app

    rt = runtime.start()
    if rt.settings.broker_url is None:
        rt.start_worker()
    ticker = start_ticker()
    server = make_server(host, port, create_app(rt), threaded=True)
    click.echo(f"Intake is running at http://{host}:{server.server_port}/  (Ctrl+C stops it)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        ticker.stop()
        rt.stop()
