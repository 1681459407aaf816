"""A trusted sender skips the PIN only when the office's own server saw DKIM or DMARC pass.

Reproduces issue 16: a message from a trusted address with `Authentication-Results:
spf=fail; dmarc=fail` was imported without a PIN, and `@gmail.com` could be trusted whole.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from inbox.authentication import authenticated, parse
from inbox.errors import InboxError
from inbox.mime import parse as parse_message
from inbox.models import AllowedSender, InboundEmail
from inbox.poller import poll_all
from inbox.trust import allow_sender, is_listed
from intake.cli import cli
from intake.models.texts import code_of
from tests.inbox.factory import message, pdf

OURS = "mx.office.test"
PASSED = f"{OURS}; dkim=pass header.d=firma.test header.s=s1; dmarc=pass header.from=firma.test"
FAILED = f"{OURS}; spf=fail smtp.mailfrom=firma.test; dkim=none; dmarc=fail header.from=firma.test"


def deliver(dovecot, user, subject: str, *results: str, sender: str = "jan@firma.test") -> None:  # type: ignore[no-untyped-def]
    """Deliver a message whose headers carry Authentication-Results, topmost first."""
    msg = message(
        subject, sender=sender, attachments=[(f"{subject}.pdf", pdf(subject), "application/pdf")]
    )
    raw = msg.as_bytes()
    headers = b"".join(f"Authentication-Results: {r}\r\n".encode() for r in results)
    dovecot.deliver(user, headers + raw)


def outcome(rt) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    """Return the newest message's status and the code of its note."""
    with rt.db.session() as s:
        row = s.scalars(select(InboundEmail).order_by(InboundEmail.id.desc())).first()
        return row.status, code_of(row.note)


@pytest.fixture
def trusted(mail_rt, companies):  # type: ignore[no-untyped-def]
    """The office trusts jan@firma.test for Firma Jeden."""
    with mail_rt.db.session() as s:
        allow_sender(s, companies["jeden"], "jan@firma.test")
    return companies


def test_a_trusted_sender_failing_authentication_needs_the_pin(mail_rt, trusted, dovecot, user):
    deliver(dovecot, user, "faktura", FAILED)
    poll_all(mail_rt)
    assert outcome(mail_rt) == ("rejected", "missing_pin")
    deliver(dovecot, user, "[4821] faktura", FAILED)
    poll_all(mail_rt)
    assert outcome(mail_rt)[0] == "imported"  # falls back to the PIN


def test_a_trusted_sender_whom_the_office_server_authenticated_needs_no_pin(
    mail_rt, trusted, dovecot, user
):
    deliver(dovecot, user, "faktura", PASSED)
    poll_all(mail_rt)
    assert outcome(mail_rt)[0] == "imported"


def test_results_written_by_another_server_or_below_ours_are_not_believed(
    mail_rt, trusted, dovecot, user
):
    forged_elsewhere = PASSED.replace(OURS, "mx.attacker.test")
    deliver(dovecot, user, "faktura A", forged_elsewhere)
    poll_all(mail_rt)
    assert outcome(mail_rt) == ("rejected", "missing_pin")
    # The sender's own forged header sits below the one our server added on top.
    deliver(dovecot, user, "faktura B", FAILED, PASSED)
    poll_all(mail_rt)
    assert outcome(mail_rt) == ("rejected", "missing_pin")


def test_a_pass_for_another_domain_does_not_authenticate_the_sender():
    msg = parse_message(
        f"Authentication-Results: {OURS}; dkim=pass header.d=attacker.test\r\n"
        "From: jan@firma.test\r\n\r\nx".encode()
    )
    assert not authenticated(msg, "jan@firma.test", (OURS,))
    assert authenticated(
        parse_message(f"Authentication-Results: {PASSED}\r\n\r\nx".encode()),
        "kasia@biuro.firma.test",
        (OURS,),
    )
    assert not authenticated(msg, "jan@firma.test", ())  # no server trusted: nothing believed


def test_authentication_results_are_read_with_comments_and_versions():
    authserv, verdicts = parse(
        "mx.office.test 1; (a comment (nested)) dkim=pass (good sig) header.d=Firma.TEST; "
        "spf=fail smtp.mailfrom=x@y.test"
    )
    assert authserv == "mx.office.test"
    assert [(v.method, v.result) for v in verdicts] == [("dkim", "pass"), ("spf", "fail")]
    assert verdicts[0].properties["header.d"] == "firma.test"


@pytest.mark.parametrize(
    "domain", ["@gmail.com", "@wp.pl", "@o2.pl", "@walla.co.il", "@mail.gmail.com"]
)
def test_a_free_mail_domain_cannot_be_trusted_whole(mail_rt, companies, domain):
    with pytest.raises(InboxError) as excinfo, mail_rt.db.session() as s:
        allow_sender(s, companies["jeden"], domain)
    assert excinfo.value.code == "free_mail_domain"
    with mail_rt.db.session() as s:  # one address there may be trusted
        allow_sender(s, companies["jeden"], "kasia" + domain)


def test_a_free_mail_domain_listed_before_trusts_nobody(mail_rt, companies):
    with mail_rt.db.session() as s:
        s.add(AllowedSender(company_id=companies["jeden"], address="@gmail.com"))
    with mail_rt.db.session() as s:
        assert not is_listed(s, companies["jeden"], "anyone@gmail.com")


def test_the_command_refuses_a_free_mail_domain(mail_rt, companies, monkeypatch):
    for name, value in mail_rt.settings.extra.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["mail", "allow", "--company", "5260250274", "@gmail.com"])
    assert result.exit_code != 0
    with mail_rt.db.session() as s:
        assert s.scalars(select(AllowedSender)).all() == []


def test_something_that_is_not_an_address_is_refused(mail_rt, companies):
    for wrong in ("firma", "@", "a b@firma.test", "@not_a_domain"):
        with pytest.raises(InboxError) as excinfo, mail_rt.db.session() as s:
            allow_sender(s, companies["jeden"], wrong)
        assert excinfo.value.code == "not_an_address_or_domain", wrong
