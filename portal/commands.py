"""`intake serve`: the portal on the embedded defaults, with in-process workers."""

from __future__ import annotations

import logging
import threading

import click
from werkzeug.serving import make_server

from intake import runtime
from intake.broker import send

logger = logging.getLogger(__name__)


def sweep_every(seconds: int, stop: threading.Event) -> None:
    """Ask for a sweep of stale documents now and then until stopped."""
    while not stop.wait(seconds):
        try:
            send("sweep_documents")
        except Exception:
            logger.exception("could not enqueue the sweeper")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run the portal; without INTAKE_BROKER_URL the jobs run in this process too."""
    from portal import create_app

    rt = runtime.start()
    if rt.settings.broker_url is None:
        rt.start_worker()
    stop = threading.Event()
    threading.Thread(target=sweep_every, args=(60, stop), daemon=True).start()
    server = make_server(host, port, create_app(rt), threaded=True)
    click.echo(f"Intake is running at http://{host}:{server.server_port}/  (Ctrl+C stops it)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        rt.stop()
