"""TLS by default, plain text only on loopback, stored accounts with encrypted passwords."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from inbox.accounts import decrypt_password, from_url
from inbox.errors import AccountError, MailboxUnavailable, PlainTextRefused
from inbox.fetch import Mailbox
from inbox.models import MailAccount
from inbox.poller import poll_account, poll_all
from inbox.vocabulary import Security
from intake.models import Document
from intake.models.texts import code_of
from intake.offices import get_office
from tests.inbox.conftest import PASSWORD, Dovecot, eml
from tests.inbox.factory import message, pdf
from tests.services import free_port


@pytest.fixture(scope="module")
def tls_dovecot(tmp_path_factory) -> Iterator[Dovecot]:  # type: ignore[no-untyped-def]
    """A Dovecot that speaks only TLS, with a self-signed certificate for 127.0.0.1."""
    folder = tmp_path_factory.mktemp("dovecot-tls")
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = Dovecot(folder, tls=True)
    server.start()
    yield server
    server.stop()


def tls_url(server: Dovecot, user: str, cafile: bool = True) -> str:
    """Return an imaps:// URL, trusting the test certificate when asked."""
    trust = f"?cafile={server.folder / 'cert.pem'}" if cafile else ""
    return f"imaps://{user}:{PASSWORD}@127.0.0.1:{server.port}/INBOX{trust}"


def test_imaps_with_a_trusted_certificate_takes_mail_in(mail_rt, companies, tls_dovecot):
    user = tls_dovecot.new_user()
    account = from_url(mail_rt.settings, tls_url(tls_dovecot, user))
    assert account.security == Security.TLS and account.port == tls_dovecot.port
    with Mailbox(account) as box:
        box.imap.append("INBOX", eml("plus-address-pin-in-brackets"))
    report = poll_account(mail_rt, account)
    assert (report.imported, report.documents) == (1, 1)


def test_imaps_with_an_untrusted_certificate_is_refused(mail_rt, tls_dovecot):
    account = from_url(mail_rt.settings, tls_url(tls_dovecot, tls_dovecot.new_user(), False))
    with pytest.raises(MailboxUnavailable) as refused:
        Mailbox(account).open()
    assert refused.value.code == "unreachable"
    assert "CERTIFICATE_VERIFY_FAILED" in refused.value.params["detail"]


def test_plain_text_to_a_non_loopback_address_is_refused_before_connecting(mail_rt):
    for host in ("192.0.2.10", "imap.example.com", "10.0.0.1"):
        with pytest.raises(PlainTextRefused) as refused:
            from_url(mail_rt.settings, f"imap://u:p@{host}:143/INBOX?plaintext=loopback")
        assert refused.value.code == "plain_text_refused"


def test_imap_without_consent_requires_starttls(mail_rt, dovecot, user):
    account = from_url(mail_rt.settings, dovecot.url(user).split("?")[0])
    assert account.security == Security.STARTTLS
    with pytest.raises(AccountError) as refused:
        Mailbox(account).open()
    assert refused.value.code == "no_starttls"


def test_a_company_account_is_stored_encrypted_and_polled(mail_rt, companies, dovecot):
    from inbox.accounts import add_account
    from intake.models import Company

    own = dovecot.new_user()
    with mail_rt.db.session() as s:
        office = get_office(s, "Biuro A")
        dwa = s.get(Company, companies["dwa"])
        row = add_account(s, mail_rt.settings, office, "dwa", dovecot.url(own), company=dwa)
        assert PASSWORD not in row.password_token
        assert decrypt_password(mail_rt.settings, row.password_token) == PASSWORD
    # No company address in it: the mailbox itself names the company; the PIN still counts.
    dovecot.deliver(
        own,
        message(
            "PIN 1357",
            to="faktury@dwa.test",
            attachments=[("dwa.pdf", pdf("DWA/1"), "application/pdf")],
        ).as_bytes(),
    )
    reports = {r.account: r for r in poll_all(mail_rt)}
    assert reports[f"account:{row.id}"].documents == 1
    with mail_rt.db.session() as s:
        [doc] = s.scalars(select(Document)).all()
        assert doc.company_id == companies["dwa"]
        assert s.get(MailAccount, row.id).last_polled_at is not None


def test_a_dead_account_does_not_stop_the_others(mail_rt, companies, dovecot, user):
    from inbox.accounts import add_account

    with mail_rt.db.session() as s:
        office = get_office(s, "Biuro A")
        dead = f"imap://x:y@127.0.0.1:{free_port()}/INBOX?plaintext=loopback"
        row = add_account(s, mail_rt.settings, office, "dead", dead)
    dovecot.deliver(user, eml("plus-address-pin-in-brackets"))
    reports = {r.account: r for r in poll_all(mail_rt)}
    assert reports[f"account:{row.id}"].failure
    assert reports[from_url(mail_rt.settings, dovecot.url(user)).key].documents == 1
    with mail_rt.db.session() as s:
        assert code_of(s.get(MailAccount, row.id).last_error) == "unreachable"


def test_an_office_account_routes_its_catch_all_domain_within_the_office(
    mail_rt, companies, dovecot
):
    from inbox.accounts import add_account

    own = dovecot.new_user()
    with mail_rt.db.session() as s:
        office = get_office(s, "Biuro A")
        add_account(
            s, mail_rt.settings, office, "biuro", dovecot.url(own), address="faktury.biuro-a.test"
        )
    dovecot.deliver(
        own,
        message(
            "[1357] faktura",
            to="dwa@faktury.biuro-a.test",
            attachments=[("dwa2.pdf", pdf("DWA/2"), "application/pdf")],
        ).as_bytes(),
    )
    poll_all(mail_rt)
    with mail_rt.db.session() as s:
        [doc] = s.scalars(select(Document)).all()
    assert doc.company_id == companies["dwa"]
