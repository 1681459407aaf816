"""The portal's settings section, read and checked when Intake starts (`intake.settings`).

- INTAKE_SESSION_IDLE_MIN: minutes without a request after which a login ends (60).
- INTAKE_SESSION_MAX_HOURS: hours after which a login ends however busy it is (12).
- INTAKE_TRUSTED_PROXIES: how many reverse proxies stand in front of the portal (0). With
  1, the client's address and scheme are read from the last X-Forwarded-For and
  X-Forwarded-Proto entries: set it only when the portal cannot be reached but through
  them, or anyone could claim any address.
- INTAKE_LOGIN_TRIES_PER_IP: failed logins from one address per minute (10).
- INTAKE_LOGIN_TRIES_PER_ACCOUNT: failed logins for one e-mail per 15 minutes (10).
- INTAKE_UPLOADS_PER_MINUTE: files one person may upload per minute (30).
- INTAKE_SERVE_THREADS: threads answering requests in `intake serve` (8).
- INTAKE_SERVE_CONNECTIONS: open connections `intake serve` holds at most (500).
- INTAKE_SERVE_TIMEOUT_S: seconds a connection may stay silent, mid-request too (30).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from intake.config import Settings, whole_number
from intake.errors import ConfigError, Problem


@dataclass(frozen=True)
class PortalSettings:
    """What the portal and `intake serve` read from INTAKE_* variables."""

    session_idle: dt.timedelta = dt.timedelta(minutes=60)
    session_lifetime: dt.timedelta = dt.timedelta(hours=12)
    trusted_proxies: int = 0
    login_tries_per_ip: int = 10
    login_tries_per_account: int = 10
    uploads_per_minute: int = 30
    serve_threads: int = 8
    serve_connections: int = 500
    serve_timeout_s: int = 30


def load(env: Mapping[str, str], settings: Settings) -> PortalSettings:
    """Read the portal's settings; raise ConfigError naming the first wrong one."""
    return PortalSettings(
        session_idle=dt.timedelta(minutes=whole_number(env, "INTAKE_SESSION_IDLE_MIN", 60)),
        session_lifetime=dt.timedelta(hours=whole_number(env, "INTAKE_SESSION_MAX_HOURS", 12)),
        trusted_proxies=proxies(env.get("INTAKE_TRUSTED_PROXIES", "")),
        login_tries_per_ip=whole_number(env, "INTAKE_LOGIN_TRIES_PER_IP", 10),
        login_tries_per_account=whole_number(env, "INTAKE_LOGIN_TRIES_PER_ACCOUNT", 10),
        uploads_per_minute=whole_number(env, "INTAKE_UPLOADS_PER_MINUTE", 30),
        serve_threads=whole_number(env, "INTAKE_SERVE_THREADS", 8),
        serve_connections=whole_number(env, "INTAKE_SERVE_CONNECTIONS", 500),
        serve_timeout_s=whole_number(env, "INTAKE_SERVE_TIMEOUT_S", 30),
    )


def proxies(raw: str) -> int:
    """Return the number of trusted reverse proxies (0 to 5)."""
    if not raw.strip():
        return 0
    if not raw.strip().isdigit() or int(raw) > 5:
        raise ConfigError(
            Problem.BAD_SETTING,
            name="INTAKE_TRUSTED_PROXIES",
            value=raw,
            reason="expected how many reverse proxies stand in front (0 to 5)",
        )
    return int(raw)


def of(settings: Settings) -> PortalSettings:
    """Return the portal's settings, read when the runtime started."""
    found: PortalSettings = settings.section("portal")
    return found
