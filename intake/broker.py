"""dramatiq's broker, chosen in this one place before any actor module is imported."""

from __future__ import annotations

import logging
from importlib import import_module
from importlib.metadata import entry_points
from urllib.parse import urlsplit

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage

from intake.config import redact
from intake.errors import ConfigError

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
        raise ConfigError(f"INTAKE_BROKER_URL={redact(url)!r}: cannot connect ({reason})") from e


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


def send(actor_name: str, *args: object, delay_ms: int | None = None) -> None:
    """Enqueue a message for an actor by name, so callers need not import the actor."""
    actor = dramatiq.get_broker().get_actor(actor_name)
    if delay_ms:
        actor.send_with_options(args=args, delay=delay_ms)
    else:
        actor.send(*args)
