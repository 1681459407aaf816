"""The inbox's settings are checked at start: a bad one stops Intake with one line naming it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from inbox.errors import InboxSettingError
from inbox.settings import InboxSettings
from inbox.vocabulary import Security
from intake.config import load_settings
from intake.errors import ConfigError
from tests.conftest import ROOT

BAD = [
    ("INTAKE_IMAP_URL", "pop3://u:p@mail.example.com/INBOX", "expected_imap_url"),
    ("INTAKE_IMAP_URL", "imaps://mail.example.com/INBOX", "expected_imap_url"),
    ("INTAKE_IMAP_URL", "imaps://u:p@mail.example.com:99999/INBOX", "expected_imap_url"),
    ("INTAKE_IMAP_URL", "imap://u:p@192.0.2.1/INBOX?plaintext=loopback", "plain_text_refused"),
    ("INTAKE_IMAP_URL", "imap://u:p@127.0.0.1/INBOX?plaintext=yes", "bad_url_option"),
    ("INTAKE_IMAP_URL", "imaps://u:p@mail.example.com/INBOX?folder=Skany", "bad_url_option"),
    ("INTAKE_IMAP_URL", "imaps://u:p@mail.example.com/INBOX?timeout=soon", "bad_timeout"),
    ("INTAKE_IMAP_URL", "imaps://u:p@mail.example.com/INBOX?cafile=/no/such.pem", "no_such_file"),
    ("INTAKE_IMAP_INTERVAL_S", "often", "not_positive_seconds"),
    ("INTAKE_IMAP_INTERVAL_S", "0", "not_positive_seconds"),
    ("INTAKE_IMAP_INTERVAL_S", "nan", "not_positive_seconds"),
    ("INTAKE_IMAP_MAX_MESSAGE_MB", "1.5", "not_positive_mb"),
    ("INTAKE_IMAP_MAX_MESSAGE_MB", "-3", "not_positive_mb"),
    ("INTAKE_IMAP_CAFILE", "/no/such/ca.pem", "no_such_file"),
    ("INTAKE_INBOX_DOMAINS", "docs.office.test, not a domain", "not_a_domain"),
]


def env_with(tmp_path, **values: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return INTAKE_* variables of an embedded installation plus some inbox settings."""
    return {"INTAKE_HOME": str(tmp_path / "var"), "INTAKE_SECRET_KEY": "test", **values}


def test_without_inbox_settings_the_defaults_hold(tmp_path):
    section = load_settings(env_with(tmp_path)).section("inbox")
    assert section == InboxSettings()


def test_good_settings_are_read_into_the_inbox_section(tmp_path):
    cafile = tmp_path / "ca.pem"
    cafile.write_text("-----BEGIN CERTIFICATE-----\n")
    settings = load_settings(
        env_with(
            tmp_path,
            INTAKE_IMAP_URL="imaps://docs%40biuro.pl:tajne@mail.biuro.pl/Faktury?timeout=12",
            INTAKE_INBOX_ADDRESS="docs.biuro.pl",
            INTAKE_INBOX_DOMAINS="Faktury.Biuro.pl, ",
            INTAKE_IMAP_INTERVAL_S="2.5",
            INTAKE_IMAP_MAX_MESSAGE_MB="40",
            INTAKE_IMAP_CAFILE=str(cafile),
        )
    )
    section = settings.section("inbox")
    account = section.catch_all
    assert (account.host, account.port, account.security) == ("mail.biuro.pl", 993, Security.TLS)
    assert (account.username, account.password, account.folder) == (
        "docs@biuro.pl",
        "tajne",
        "Faktury",
    )
    assert account.timeout_s == 12 and account.cafile == str(cafile)
    assert section.domains == account.domains == ("docs.biuro.pl", "faktury.biuro.pl")
    assert section.interval_s == 2.5 and section.max_message_bytes == 40 * 1024 * 1024


@pytest.mark.parametrize(("name", "value", "code"), BAD)
def test_a_bad_inbox_setting_stops_the_start(tmp_path, name, value, code):
    with pytest.raises(InboxSettingError) as refused:
        load_settings(env_with(tmp_path, **{name: value}))
    assert isinstance(refused.value, ConfigError)
    assert refused.value.code == code
    assert name in str(refused.value)
    assert "u:p@" not in str(refused.value), "a password is never printed"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("INTAKE_IMAP_URL", "imap://u:secret@192.0.2.1/INBOX?plaintext=loopback"),
        ("INTAKE_IMAP_MAX_MESSAGE_MB", "lots"),
    ],
)
def test_intake_stops_with_one_translated_line_naming_the_setting(tmp_path, name, value):
    env = env_with(tmp_path, **{name: value}, INTAKE_LOCALE="pl")
    with pytest.raises(InboxSettingError) as expected:
        load_settings(env)
    result = subprocess.run(
        [sys.executable, "-m", "intake", "mail", "poll", "--once"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"Error: {expected.value.translate('pl')}"]
    assert name in result.stderr and "secret" not in result.stderr
