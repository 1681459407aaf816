"""ksef's settings, read and checked when Intake starts (the `intake.settings` entry point).

- INTAKE_KSEF_URL: the KSeF API's base address for every office, instead of the one of
  its environment (tests, a proxy); `http://` only to a loopback host.
- INTAKE_KSEF_CAFILE: a CA file to trust for the KSeF API's TLS (a proxy's own CA).
- INTAKE_KSEF_START: the first day fetched for a company never synced (2026-02-01, when
  KSeF became mandatory).
- INTAKE_KSEF_INTERVAL_MIN: minutes between two exports of one company and subject type
  (15, the guide's minimum); the third party and authorised party roles go once a day.
- INTAKE_KSEF_TIMEOUT_S: seconds to wait for one HTTP answer (30).
- INTAKE_KSEF_POLL_S: seconds between looks at an export's status (2).
- INTAKE_KSEF_MAX_WAIT_S: seconds to wait for an export to be ready (600).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from intake.config import Settings
from intake.network import is_loopback
from ksef.errors import KsefSettingError, Reason


@dataclass(frozen=True)
class KsefSettings:
    """What ksef reads from INTAKE_KSEF_* variables."""

    url: str | None = None
    cafile: str | None = None
    start: dt.date = dt.date(2026, 2, 1)
    interval_min: float = 15.0
    timeout_s: float = 30.0
    poll_s: float = 2.0
    max_wait_s: float = 600.0


def load(env: Mapping[str, str], settings: Settings) -> KsefSettings:
    """Read ksef's settings; raise KsefSettingError naming the first wrong one."""
    url = (env.get("INTAKE_KSEF_URL") or "").rstrip("/") or None
    if url is not None:
        check_url("INTAKE_KSEF_URL", url)
    cafile = env.get("INTAKE_KSEF_CAFILE") or None
    if cafile is not None and not Path(cafile).is_file():
        raise KsefSettingError(Reason.NO_SUCH_FILE, name="INTAKE_KSEF_CAFILE", value=cafile)
    start = KsefSettings.start
    if raw := env.get("INTAKE_KSEF_START"):
        try:
            start = dt.date.fromisoformat(raw)
        except ValueError:
            raise KsefSettingError(Reason.NOT_A_DAY, name="INTAKE_KSEF_START", value=raw) from None
    return KsefSettings(
        url=url,
        cafile=cafile,
        start=start,
        interval_min=number(env, "INTAKE_KSEF_INTERVAL_MIN", KsefSettings.interval_min),
        timeout_s=number(env, "INTAKE_KSEF_TIMEOUT_S", KsefSettings.timeout_s),
        poll_s=number(env, "INTAKE_KSEF_POLL_S", KsefSettings.poll_s),
        max_wait_s=number(env, "INTAKE_KSEF_MAX_WAIT_S", KsefSettings.max_wait_s),
    )


def check_url(name: str, url: str) -> None:
    """Refuse anything but https://, or http:// to a loopback host."""
    parts = urlsplit(url)
    plain_ok = parts.scheme == "http" and is_loopback(parts.hostname or "")
    if not parts.hostname or not (parts.scheme == "https" or plain_ok):
        raise KsefSettingError(Reason.BAD_URL, name=name, value=url)


def number(env: Mapping[str, str], name: str, default: float) -> float:
    """Return a setting that must be a number above zero."""
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise KsefSettingError(Reason.NOT_POSITIVE, name=name, value=raw)
    return value
