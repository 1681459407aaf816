"""Settings from INTAKE_* environment variables (a .env file allowed), read at start."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

from intake.errors import ConfigError

DEFAULT_HOME = Path("var")


@dataclass(frozen=True)
class Settings:
    """Every setting Intake reads; defaults are the embedded ones of DESIGN.md."""

    home: Path = DEFAULT_HOME
    database_url: str = ""
    storage_url: str = ""
    broker_url: str | None = None
    imap_url: str | None = None
    smtp_url: str | None = None
    sms_url: str | None = None
    mail_from: str = "Intake <intake@localhost>"
    inbox_address: str = "docs@intake.localhost"
    secret_key: str = ""
    base_url: str = "http://127.0.0.1:8000"
    max_upload_mb: int = 25
    worker_threads: int = 2
    job_lease_s: int = 600
    ratelimit_url: str = "memory://"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def outbox_dir(self) -> Path:
        """Return the folder where e-mail and SMS land when no gateway is set."""
        return self.home / "outbox"


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
        imap_url=env.get("INTAKE_IMAP_URL") or None,
        smtp_url=env.get("INTAKE_SMTP_URL") or None,
        sms_url=env.get("INTAKE_SMS_URL") or None,
        mail_from=env.get("INTAKE_MAIL_FROM") or Settings.mail_from,
        inbox_address=env.get("INTAKE_INBOX_ADDRESS") or Settings.inbox_address,
        secret_key=env.get("INTAKE_SECRET_KEY") or _home_secret(home),
        base_url=(env.get("INTAKE_BASE_URL") or Settings.base_url).rstrip("/"),
        max_upload_mb=_int(env, "INTAKE_MAX_UPLOAD_MB", Settings.max_upload_mb),
        worker_threads=_int(env, "INTAKE_WORKER_THREADS", Settings.worker_threads),
        job_lease_s=_int(env, "INTAKE_JOB_LEASE_S", Settings.job_lease_s),
        ratelimit_url=env.get("INTAKE_RATELIMIT_URL") or Settings.ratelimit_url,
        extra={k: v for k, v in env.items() if k.startswith("INTAKE_")},
    )
    _check_schemes(settings)
    return settings


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be greater than zero")
    return value


def _home_secret(home: Path) -> str:
    """Keep one random secret per installation so sessions survive a restart."""
    path = home / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        home.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
    except OSError as e:
        raise ConfigError(f"INTAKE_HOME={home}: cannot write there ({e.strerror})") from e
    return key


SCHEMES = {
    "INTAKE_DATABASE_URL": ("database_url", ("sqlite", "postgresql", "postgresql+psycopg")),
    "INTAKE_BROKER_URL": ("broker_url", ("redis", "rediss", "amqp", "amqps")),
    "INTAKE_IMAP_URL": ("imap_url", ("imap", "imaps")),
    "INTAKE_SMTP_URL": ("smtp_url", ("smtp", "smtps", "smtp+starttls")),
    "INTAKE_SMS_URL": ("sms_url", ("http", "https", "smsapi", "twilio")),
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
                f"{name}={redact(value)!r}: expected a URL starting with "
                + " or ".join(f"{s}://" for s in allowed)
            )
    storage = urlsplit(settings.storage_url)
    if storage.scheme in ("s3", "minio"):
        if not storage.hostname or not storage.path.strip("/"):
            raise ConfigError(
                f"INTAKE_STORAGE_URL={redact(settings.storage_url)!r}: "
                "expected s3://KEY:SECRET@HOST:PORT/BUCKET"
            )
    elif storage.scheme not in ("", "file"):
        raise ConfigError(
            f"INTAKE_STORAGE_URL={redact(settings.storage_url)!r}: expected a folder or s3://..."
        )


def redact(url: str) -> str:
    """Hide the password in a URL so it can be printed."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url
