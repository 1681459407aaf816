"""dramatiq's broker, chosen in this one place before any actor module is imported."""

from __future__ import annotations

import logging
from importlib import import_module
from importlib.metadata import entry_points
from urllib.parse import urlsplit

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage
from sqlalchemy.orm import Session

from intake.config import redact
from intake.errors import ConfigError, Problem
from intake.unit import after_commit

logger = logging.getLogger(__name__)


def make_broker(url: str | None) -> dramatiq.Broker:
    """Return a Redis or RabbitMQ broker for a URL, or the in-process broker for None."""
    scheme = urlsplit(url).scheme if url else ""
    broker: dramatiq.Broker
    if scheme in ("redis", "rediss"):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=url, socket_connect_timeout=3, socket_timeout=10)
    elif scheme in ("amqp", "amqps"):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url, confirm_delivery=True)
    else:
        broker = StubBroker()
        # A job that gives up (`throws`, retries used up) records that on its row; waiting
        # for the queue (`intake ingest`, the demo, tests) must not raise it again.
        broker.fail_fast_default = False
        broker.emit_after("process_boot")
    broker.add_middleware(CurrentMessage())
    dramatiq.set_broker(broker)
    return broker


def check_broker(broker: dramatiq.Broker, url: str | None) -> None:
    """Reach the broker once and fail with one clear line naming the setting."""
    if url is None:
        return
    try:
        if hasattr(broker, "client"):
            broker.client.ping()
        else:
            getattr(broker, "channel")  # noqa: B009 - opening the channel is the check
    except Exception as e:  # redis and pika raise their own families
        reason = str(e).splitlines()[0][:200] or type(e).__name__
        raise ConfigError(
            Problem.CANNOT_CONNECT, name="INTAKE_BROKER_URL", value=redact(url), reason=reason
        ) from e


def load_jobs(broker: dramatiq.Broker) -> list[str]:
    """Import every package's jobs module (`intake.jobs` entry points) and bind its actors.

    Actors bind to the global broker when first imported; a process that sets up a new
    broker later (tests switching backends) declares the same actors on the new one.
    """
    loaded = []
    for ep in entry_points(group="intake.jobs"):
        module = import_module(ep.value)
        for value in vars(module).values():
            if isinstance(value, dramatiq.Actor) and value.broker is not broker:
                value.broker = broker
                broker.declare_actor(value)
        loaded.append(ep.value)
    return loaded


def enqueue(session: Session, actor_name: str, *args: object, delay_ms: int | None = None) -> None:
    """Send a job once the session commits, so the worker finds what the job is about."""
    after_commit(session, send_or_log, actor_name, *args, delay_ms=delay_ms)


def send_or_log(actor_name: str, *args: object, delay_ms: int | None = None) -> None:
    """Send a job; when the broker is down, log it (the sweepers find the work again)."""
    try:
        send(actor_name, *args, delay_ms=delay_ms)
    except Exception:
        logger.exception("could not enqueue %s%s; a sweeper will find it", actor_name, args)


def send(actor_name: str, *args: object, delay_ms: int | None = None) -> None:
    """Enqueue a message for an actor by name, so callers need not import the actor."""
    actor = dramatiq.get_broker().get_actor(actor_name)
    logger.debug("sending %s%s to broker %x", actor_name, args, id(actor.broker))
    if delay_ms:
        actor.send_with_options(args=args, delay=delay_ms)
    else:
        actor.send(*args)
