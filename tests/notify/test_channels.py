"""Channel URLs, phone numbers and gateway answers, read the way the gateways document."""

from __future__ import annotations

import pytest

from intake.errors import ConfigError
from notify.errors import ChannelConfigError, DeliveryError
from notify.phones import to_e164
from notify.sms import SmsApiChannel, read_answer
from notify.smtp import SmtpChannel


def test_plain_smtp_is_refused_off_loopback():
    with pytest.raises(ChannelConfigError) as e:
        SmtpChannel.from_url("smtp://mail.example.com:25")
    assert e.value.code == "plain_off_loopback"
    assert e.value.params["name"] == "INTAKE_SMTP_URL"
    assert isinstance(e.value, ConfigError)  # so the start stops on it


def test_smtp_urls_give_scheme_port_and_credentials():
    tls = SmtpChannel.from_url("smtps://biuro%40a.pl:p%40ss@smtp.a.pl")
    assert (tls.scheme, tls.port, tls.username, tls.password) == (
        "smtps",
        465,
        "biuro@a.pl",
        "p@ss",
    )
    assert SmtpChannel.from_url("smtp+starttls://u:p@smtp.a.pl").port == 587
    assert SmtpChannel.from_url("smtp://localhost:2525").port == 2525


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("pop3://mail.a.pl", "smtp_scheme"),
        ("smtps://", "no_host"),
        ("smtps://mail.a.pl:port", "not_a_url"),
        ("smtps://[::1", "not_a_url"),
    ],
)
def test_a_wrong_smtp_url_says_what_is_wrong(url, code):
    with pytest.raises(ChannelConfigError) as e:
        SmtpChannel.from_url(url)
    assert e.value.code == code


def test_smsapi_urls_name_the_endpoint_token_and_sender():
    channel = SmsApiChannel.from_url("smsapi://TOKEN@api.smsapi.pl?from=Biuro&test=1&x=y")
    assert channel.endpoint == "https://api.smsapi.pl/sms.do"
    assert channel.token == "TOKEN"
    assert channel.params == {"from": "Biuro", "test": "1"}
    assert SmsApiChannel.from_url("https://T@gw.example/api/sms.do").endpoint == (
        "https://gw.example/api/sms.do"
    )


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://T@gw.example/sms.do", "plain_off_loopback"),
        ("twilio://sid:token@api.twilio.com", "sms_scheme"),
        ("smsapi://api.smsapi.pl", "no_token"),
    ],
)
def test_a_wrong_sms_url_says_what_is_wrong(url, code):
    with pytest.raises(ChannelConfigError) as e:
        SmsApiChannel.from_url(url)
    assert (e.value.code, e.value.params["name"]) == (code, "INTAKE_SMS_URL")


@pytest.mark.parametrize(
    ("raw", "country", "number"),
    [
        ("600 100 200", "PL", "+48600100200"),
        ("+48-600-100-200", "PL", "+48600100200"),
        ("0049301234567", "PL", "+49301234567"),
        ("054-444-5555", "IL", "+972544445555"),
        ("+48 600 100 200", "IL", "+48600100200"),
        ("600100200", None, "+48600100200"),
    ],
)
def test_phone_numbers_become_e164_read_in_the_office_country(raw, country, number):
    assert to_e164(raw, country) == number


@pytest.mark.parametrize("raw", ["biuro", "123", "600 100 200 300 400", "+48 100"])
def test_what_is_not_a_phone_number_is_a_permanent_failure(raw):
    with pytest.raises(DeliveryError) as e:
        to_e164(raw, "PL")
    assert (e.value.code, e.value.temporary, e.value.params["number"]) == (
        "invalid_phone",
        False,
        raw,
    )


def test_smsapi_answers_are_read_as_documented():
    ok = b'{"count":1,"list":[{"id":"17","points":0.16,"number":"48600100200","status":"QUEUE"}]}'
    assert read_answer(200, ok) == "17"
    with pytest.raises(DeliveryError) as e:
        read_answer(200, b'{"error":101,"message":"Authorization failed"}')
    assert (e.value.code, e.value.temporary, e.value.params["status"]) == (
        "sms_refused",
        False,
        101,
    )
    assert e.value.params["detail"] == "Authorization failed"  # the gateway's words: a detail
    with pytest.raises(DeliveryError) as e:
        read_answer(200, b'{"error":203,"message":"Too many requests"}')
    assert e.value.temporary
    with pytest.raises(DeliveryError) as e:
        read_answer(502, b"<html>Bad Gateway</html>")
    assert (e.value.code, e.value.temporary) == ("sms_answer", True)
