"""Channel URLs, phone numbers and message texts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from notify.errors import ChannelConfigError, DeliveryError
from notify.sms import SmsApiChannel, normalize_phone, read_answer
from notify.smtp import SmtpChannel
from notify.templates import amounts_lines, format_money, render


def test_plain_smtp_is_refused_off_loopback():
    with pytest.raises(ChannelConfigError, match="only on loopback"):
        SmtpChannel.from_url("smtp://mail.example.com:25")


def test_smtp_urls_give_scheme_port_and_credentials():
    tls = SmtpChannel.from_url("smtps://biuro%40a.pl:p%40ss@smtp.a.pl")
    assert (tls.scheme, tls.port, tls.username, tls.password) == (
        "smtps",
        465,
        "biuro@a.pl",
        "p@ss",
    )
    assert SmtpChannel.from_url("smtp+starttls://u:p@smtp.a.pl").port == 587


def test_smsapi_urls_name_the_endpoint_token_and_sender():
    channel = SmsApiChannel.from_url("smsapi://TOKEN@api.smsapi.pl?from=Biuro&test=1&x=y")
    assert channel.endpoint == "https://api.smsapi.pl/sms.do"
    assert channel.token == "TOKEN"
    assert channel.params == {"from": "Biuro", "test": "1"}
    assert SmsApiChannel.from_url("https://T@gw.example/api/sms.do").endpoint == (
        "https://gw.example/api/sms.do"
    )
    with pytest.raises(ChannelConfigError):
        SmsApiChannel.from_url("http://T@gw.example/sms.do")
    with pytest.raises(ChannelConfigError):
        SmsApiChannel.from_url("twilio://sid:token@api.twilio.com")


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("600 100 200", "48600100200"),
        ("+48-600-100-200", "48600100200"),
        ("0049301234567", "49301234567"),
    ],
)
def test_phone_numbers_get_a_country_code(raw, number):
    assert normalize_phone(raw) == number


def test_a_word_is_not_a_phone_number():
    with pytest.raises(DeliveryError):
        normalize_phone("biuro")


def test_smsapi_answers_are_read_as_documented():
    ok = b'{"count":1,"list":[{"id":"17","points":0.16,"number":"48600100200","status":"QUEUE"}]}'
    assert read_answer(200, ok) == "17"
    with pytest.raises(DeliveryError, match="Authorization failed") as e:
        read_answer(200, b'{"error":101,"message":"Authorization failed"}')
    assert not e.value.temporary
    with pytest.raises(DeliveryError) as e:
        read_answer(200, b'{"error":203,"message":"Too many requests"}')
    assert e.value.temporary


def test_money_is_written_the_polish_way():
    assert format_money(Decimal("1234.5"), "pl") == "1 234,50 zł"


def test_tax_due_reads_in_english_for_an_english_office():
    lines, short = amounts_lines({"VAT": Decimal("10.00")}, {"VAT": dt.date(2026, 11, 25)}, "en")
    text = render(
        "tax_due",
        "en",
        month="10/2026",
        company="Firma",
        amounts=lines,
        amounts_short=short,
        approval="",
        approval_short="",
        accountant="Anna",
        office="Biuro",
        portal_url="http://x",
    )
    assert text.subject == "Taxes due for 10/2026: Firma"
    assert "VAT: PLN10.00 (due 2026-11-25)" in text.body
    assert text.sms.startswith("Firma 10/2026: VAT PLN10.00 by 25 Nov")
