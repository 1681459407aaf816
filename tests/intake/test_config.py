"""Settings: embedded defaults, .env files, and one clear line for a bad setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from intake.config import load_settings
from intake.errors import ConfigError
from tests.services import free_port


def test_defaults_are_the_embedded_ones(tmp_path):
    settings = load_settings({"INTAKE_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'intake.db'}"
    assert settings.storage_url == str(tmp_path / "files")
    assert settings.broker_url is None
    assert len(settings.secret_key) == 64
    assert load_settings({"INTAKE_HOME": str(tmp_path)}).secret_key == settings.secret_key


def test_a_dotenv_file_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"INTAKE_HOME={tmp_path}\nINTAKE_MAX_UPLOAD_MB=7\nINTAKE_BROKER_URL=redis://x:1/0\n"
    )
    monkeypatch.setenv("INTAKE_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/")
    settings = load_settings(env_file=str(env_file))
    assert settings.max_upload_mb == 7
    assert settings.broker_url == "amqp://guest:guest@127.0.0.1:5672/"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("INTAKE_DATABASE_URL", "mysql://root@localhost/x"),
        ("INTAKE_BROKER_URL", "kafka://localhost"),
        ("INTAKE_STORAGE_URL", "ftp://files"),
        ("INTAKE_STORAGE_URL", "s3://key:secret@host:9000"),
        ("INTAKE_MAX_UPLOAD_MB", "lots"),
        ("INTAKE_IMAP_URL", "pop3://x"),
    ],
)
def test_a_wrong_setting_names_the_variable(tmp_path, name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings({"INTAKE_HOME": str(tmp_path), name: value})


def test_a_password_in_a_url_is_never_printed(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(
            {"INTAKE_HOME": str(tmp_path), "INTAKE_DATABASE_URL": "mysql://u:hunter2@h/x"}
        )
    assert "hunter2" not in str(info.value)


def run_intake(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "INTAKE_HOME": str(tmp_path / "var"), **env}
    full_env.pop("INTAKE_BROKER_URL", None) if "INTAKE_BROKER_URL" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "intake", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=tmp_path,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("INTAKE_DATABASE_URL", "postgresql://nobody@127.0.0.1:{port}/x"),
        ("INTAKE_BROKER_URL", "redis://127.0.0.1:{port}/0"),
        ("INTAKE_STORAGE_URL", "s3://k:s@127.0.0.1:{port}/bucket?secure=false"),
        ("INTAKE_DATABASE_URL", "oracle://x"),
    ],
)
def test_an_unreachable_service_fails_at_start_with_one_line(tmp_path, name, value):
    result = run_intake(tmp_path, "documents", "list", **{name: value.format(port=free_port())})
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and name in lines[0]
    assert "Traceback" not in result.stderr
