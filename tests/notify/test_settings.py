"""notify's settings are read when Intake starts; a wrong one stops it with one line."""

from __future__ import annotations

import pytest

from intake.config import load_settings
from intake.errors import ConfigError
from notify.settings import NotifySettings
from tests.intake.test_config import run_intake


def test_without_gateways_messages_go_to_the_outbox_from_intake(tmp_path):
    section = load_settings({"INTAKE_HOME": str(tmp_path)}).section("notify")
    assert section == NotifySettings(smtp=None, sms=None, mail_from="Intake <intake@localhost>")


def test_gateways_and_the_sender_are_read_into_notify_section(tmp_path):
    settings = load_settings(
        {
            "INTAKE_HOME": str(tmp_path),
            "INTAKE_SMTP_URL": "smtps://biuro:tajne@smtp.a.pl",
            "INTAKE_SMS_URL": "smsapi://TOKEN@api.smsapi.pl?from=Biuro",
            "INTAKE_MAIL_FROM": "Biuro A <biuro@a.pl>",
        }
    )
    section = settings.section("notify")
    assert (section.smtp.host, section.smtp.port, section.smtp.password) == (
        "smtp.a.pl",
        465,
        "tajne",
    )
    assert section.sms.params == {"from": "Biuro"}
    assert section.mail_from == "Biuro A <biuro@a.pl>"
    assert not hasattr(settings, "smtp_url")  # intake no longer holds notify's settings


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("INTAKE_SMTP_URL", "smtp://mail.example.com", "plain_off_loopback"),
        ("INTAKE_SMTP_URL", "imap://mail.example.com", "smtp_scheme"),
        ("INTAKE_SMTP_URL", "smtps://u:p@mail.example.com:xx", "not_a_url"),
        ("INTAKE_SMS_URL", "vonage://key:secret@rest.nexmo.com", "sms_scheme"),
        ("INTAKE_SMS_URL", "twilio://sid:token@api.twilio.com", "no_sender_number"),
        (
            "INTAKE_SMS_URL",
            "twilio+http://sid:token@api.twilio.com?from=%2B48500",
            "plain_off_loopback",
        ),
        ("INTAKE_WHATSAPP_URL", "whatsapp://token@graph.facebook.com", "whatsapp_scheme"),
        ("INTAKE_WHATSAPP_URL", "https://token@graph.facebook.com/v21.0/123", "whatsapp_scheme"),
        ("INTAKE_SMS_URL", "https://gw.example/sms.do", "no_token"),
        ("INTAKE_MAIL_FROM", "Biuro", "not_an_address"),
    ],
)
def test_a_bad_setting_stops_the_start_naming_it(tmp_path, name, value, code):
    with pytest.raises(ConfigError) as e:
        load_settings({"INTAKE_HOME": str(tmp_path), name: value})
    assert (e.value.code, e.value.params["name"]) == (code, name)


def test_a_password_in_a_bad_smtp_url_is_never_shown(tmp_path):
    with pytest.raises(ConfigError) as e:
        load_settings({"INTAKE_HOME": str(tmp_path), "INTAKE_SMTP_URL": "smtp://u:hunter2@x.pl"})
    assert "hunter2" not in str(e.value)
    assert "hunter2" not in e.value.translate("pl")


def test_the_intake_command_stops_with_one_line_naming_the_setting(tmp_path):
    result = run_intake(
        tmp_path, "documents", "list", INTAKE_SMTP_URL="smtp://u:hunter2@mail.example.com"
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and "INTAKE_SMTP_URL" in lines[0]
    assert "hunter2" not in result.stderr
