"""The one builder of INTAKE_* variables for tests and benchmarks, embedded or on services."""

from __future__ import annotations

from pathlib import Path

from tests.services import REDIS_URL, require


def intake_env(home: Path, **overrides: str) -> dict[str, str]:
    """Return the variables of an embedded installation in a folder, with overrides."""
    return {"INTAKE_HOME": str(home), "INTAKE_SECRET_KEY": "test", **overrides}


def as_operator(monkeypatch, home: Path, locale: str | None = "en") -> None:  # type: ignore[no-untyped-def]
    """Point the `intake` command at the embedded installation in `home`, as an operator."""
    for name, value in intake_env(home).items():
        monkeypatch.setenv(name, value)
    if locale:
        monkeypatch.setenv("INTAKE_LOCALE", locale)
    for name in ("INTAKE_DATABASE_URL", "INTAKE_BROKER_URL", "INTAKE_STORAGE_URL"):
        monkeypatch.delenv(name, raising=False)


def services_env(home: Path, pg_url: str, s3: str, bucket: str, **overrides: str) -> dict:
    """Return the variables of production: PostgreSQL, S3 (moto) and Redis."""
    require("127.0.0.1", 6379, "Redis")
    return intake_env(
        home,
        INTAKE_DATABASE_URL=pg_url,
        INTAKE_STORAGE_URL=f"s3://testing:testing@{s3}/{bucket}?secure=false",
        INTAKE_BROKER_URL=REDIS_URL,
        **overrides,
    )
