"""Files at rest for Intake's user only, and no secret in a message or a log line.

Reproduces issue 16: the database and the outbox were world-readable (0644), and an
SMSAPI token in a bad INTAKE_SMS_URL was printed in full in the start-up error.
"""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from intake import runtime
from intake.config import load_settings
from intake.db import Database
from intake.errors import ConfigError
from intake.logs import SecretFilter, mask
from notify.outbox import MailOutbox, SmsOutbox
from notify.outgoing import Outgoing


def mode(path: Path) -> int:
    """Return a path's permission bits."""
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_files_outbox_and_folders_are_private(tmp_path):
    home = tmp_path / "home"
    settings = load_settings({"INTAKE_HOME": str(home)})  # the secret key is made in home
    database = Database(settings.database_url)
    database.upgrade()
    database.dispose()
    rt = runtime.start(settings)
    try:
        rt.storage.put("1/abc", b"%PDF-1.4 x", "application/pdf")
        MailOutbox(settings.outbox_dir).send(Outgoing("email", "a@b.test", "body", "subject"))
        SmsOutbox(settings.outbox_dir).send(Outgoing("sms", "+48600100200", "text"))
    finally:
        rt.stop()
    assert mode(home) == 0o700
    for folder in (home / "files", home / "files" / "1", home / "outbox"):
        assert mode(folder) == 0o700, folder
    files = [home / "intake.db", home / "secret_key", home / "files" / "1" / "abc"]
    files += list((home / "outbox").iterdir())
    for path in files:
        assert mode(path) == 0o600, path
    assert len(files) == 5


def test_an_older_homes_files_are_made_private_at_start(tmp_path):
    home = tmp_path / "old"
    (home / "outbox").mkdir(parents=True)
    (home / "secret_key").write_text("k")
    (home / "secret_key").chmod(0o644)
    (home / "outbox").chmod(0o755)
    rt = runtime.start(load_settings({"INTAKE_HOME": str(home)}), check=False)
    rt.stop()
    assert mode(home / "secret_key") == 0o600 and mode(home / "outbox") == 0o700


@pytest.mark.parametrize(
    "name,url",
    [
        ("INTAKE_SMS_URL", "ftp://SMSAPI-TOKEN-123@api.smsapi.pl"),
        ("INTAKE_SMS_URL", "smsapi://SMSAPI-TOKEN-123@api.smsapi.pl:port"),
        ("INTAKE_SMTP_URL", "smtps2://user:SMSAPI-TOKEN-123@mail.example.pl"),
        ("INTAKE_STORAGE_URL", "s3://SMSAPI-TOKEN-123@"),
        ("INTAKE_BROKER_URL", "http://SMSAPI-TOKEN-123@redis"),
        ("INTAKE_IMAP_URL", "pop3://SMSAPI-TOKEN-123@mail.example.pl"),
    ],
)
def test_a_secret_in_a_bad_url_is_never_printed(tmp_path, name, url):
    with pytest.raises(ConfigError) as excinfo:
        load_settings({"INTAKE_HOME": str(tmp_path), "INTAKE_SECRET_KEY": "x", name: url})
    for locale in ("en", "pl", "he"):
        assert "SMSAPI-TOKEN-123" not in excinfo.value.translate(locale)
    assert "SMSAPI-TOKEN-123" not in str(excinfo.value)


def test_log_lines_lose_their_secrets(caplog):
    logger = logging.getLogger("tests.at_rest")
    logger.addFilter(SecretFilter())
    caplog.set_level(logging.INFO)
    token = "eyJ0YXNrIjoxLCJjb21wYW55IjoxfQ.Z1x2cA.q0aUF1sRn6_bLe9jC8q3W0x9yZk"
    logger.info("cannot reach %s", "redis://:hunter2@redis.internal:6379/0")
    logger.info("GET /client/approve/%s 200", token)
    logger.info("link https://intake.example.pl/x?token=abc123&month=2026-10")
    assert "hunter2" not in caplog.text and token not in caplog.text
    assert "abc123" not in caplog.text and "month=2026-10" in caplog.text
    assert mask("s3://KEY:SECRET@minio:9000/b") == "s3://***@minio:9000/b"
