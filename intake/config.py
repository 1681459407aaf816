"""Settings from INTAKE_* environment variables (a .env file allowed), read at start.

intake reads its own; every other package reads its section from the same variables
through its `intake.settings` entry point (a function from the variables to a frozen
dataclass that raises ConfigError), so a wrong setting of any package stops Intake at
start with one line that names it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dotenv import dotenv_values

from intake.errors import ConfigError, Problem
from intake.files import private_dir, private_file
from intake.logs import hide_userinfo

DEFAULT_HOME = Path("var")


@dataclass(frozen=True)
class Settings:
    """Every setting Intake reads; defaults are the embedded ones of DESIGN.md."""

    home: Path = DEFAULT_HOME
    database_url: str = ""
    storage_url: str = ""
    broker_url: str | None = None
    inbox_address: str = "docs@intake.localhost"
    secret_key: str = ""
    base_url: str = "http://127.0.0.1:8000"
    max_upload_mb: int = 25
    worker_threads: int = 2
    job_lease_s: int = 600
    ratelimit_url: str = "memory://"
    timezone: str = "Europe/Warsaw"
    extra: dict[str, str] = field(default_factory=dict)
    sections: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def outbox_dir(self) -> Path:
        """Return the folder where e-mail and SMS land when no gateway is set."""
        return self.home / "outbox"

    def section(self, name: str) -> Any:
        """Return a package's own settings (read and checked at start)."""
        try:
            return self.sections[name]
        except KeyError:
            raise LookupError(f"no settings section {name!r}; is the package installed?") from None


def load_settings(environ: dict[str, str] | None = None, env_file: str = ".env") -> Settings:
    """Read settings from the environment and an optional .env file; raise ConfigError."""
    env: dict[str, str] = {}
    if environ is None:
        if Path(env_file).is_file():
            env.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        env.update(os.environ)
    else:
        env.update(environ)

    home = Path(env.get("INTAKE_HOME") or DEFAULT_HOME).resolve()
    settings = Settings(
        home=home,
        database_url=env.get("INTAKE_DATABASE_URL") or f"sqlite:///{home / 'intake.db'}",
        storage_url=env.get("INTAKE_STORAGE_URL") or str(home / "files"),
        broker_url=env.get("INTAKE_BROKER_URL") or None,
        inbox_address=env.get("INTAKE_INBOX_ADDRESS") or Settings.inbox_address,
        secret_key=env.get("INTAKE_SECRET_KEY") or _home_secret(home),
        base_url=(env.get("INTAKE_BASE_URL") or Settings.base_url).rstrip("/"),
        max_upload_mb=_int(env, "INTAKE_MAX_UPLOAD_MB", Settings.max_upload_mb),
        worker_threads=_int(env, "INTAKE_WORKER_THREADS", Settings.worker_threads),
        job_lease_s=_int(env, "INTAKE_JOB_LEASE_S", Settings.job_lease_s),
        ratelimit_url=env.get("INTAKE_RATELIMIT_URL") or Settings.ratelimit_url,
        timezone=_zone(env.get("INTAKE_TIMEZONE") or Settings.timezone),
        extra={k: v for k, v in env.items() if k.startswith("INTAKE_")},
    )
    _check_schemes(settings)
    settings.sections.update(load_sections(settings.extra, settings))
    return settings


def load_sections(env: Mapping[str, str], settings: Settings) -> dict[str, Any]:
    """Read every package's settings section (`intake.settings` entry points)."""
    return {ep.name: ep.load()(env, settings) for ep in entry_points(group="intake.settings")}


def whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    """Return a setting that must be a whole number above zero, or raise ConfigError."""
    return _int(dict(env), name, default)


def _zone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            Problem.BAD_SETTING, name="INTAKE_TIMEZONE", value=name, reason="unknown time zone"
        ) from None
    return name


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(Problem.NOT_WHOLE_NUMBER, name=name, value=raw) from None
    if value <= 0:
        raise ConfigError(Problem.NOT_POSITIVE, name=name, value=raw)
    return value


def _home_secret(home: Path) -> str:
    """Keep one random secret per installation so sessions survive a restart."""
    path = home / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        private_dir(home)
        key = secrets.token_hex(32)
        private_file(path).write_text(key)
    except OSError as e:
        raise ConfigError(Problem.HOME_NOT_WRITABLE, value=str(home), reason=e.strerror) from e
    return key


SCHEMES = {
    "INTAKE_DATABASE_URL": ("database_url", ("sqlite", "postgresql", "postgresql+psycopg")),
    "INTAKE_BROKER_URL": ("broker_url", ("redis", "rediss", "amqp", "amqps")),
    "INTAKE_RATELIMIT_URL": ("ratelimit_url", ("memory", "redis")),
}


def _check_schemes(settings: Settings) -> None:
    for name, (attr, allowed) in SCHEMES.items():
        value = getattr(settings, attr)
        if value is None:
            continue
        scheme = urlsplit(value).scheme
        if scheme not in allowed:
            raise ConfigError(
                Problem.EXPECTED_URL,
                name=name,
                value=redact(value),
                schemes=" or ".join(f"{s}://" for s in allowed),
            )
    storage = urlsplit(settings.storage_url)
    if storage.scheme in ("s3", "minio"):
        if not storage.hostname or not storage.path.strip("/"):
            raise ConfigError(
                Problem.EXPECTED_URL,
                name="INTAKE_STORAGE_URL",
                value=redact(settings.storage_url),
                schemes="s3://KEY:SECRET@HOST:PORT/BUCKET",
            )
    elif storage.scheme not in ("", "file"):
        raise ConfigError(
            Problem.EXPECTED_URL,
            name="INTAKE_STORAGE_URL",
            value=redact(settings.storage_url),
            schemes="s3:// (or a folder)",
        )


def redact(url: str) -> str:
    """Hide a URL's userinfo (a user and password, or a token) so it can be printed."""
    return hide_userinfo(url)
