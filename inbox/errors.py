"""Errors of the inbox package, and the reasons they carry (a code and an English msgid).

Every error is an IntakeError, so the `intake` command prints it translated in one line
and tests compare `error.code`, never the English text.
"""

from __future__ import annotations

from enum import unique

from intake.errors import ConfigError, IntakeError
from intake.errors import Reason as BaseReason
from intake.i18n import N_


@unique
class Reason(BaseReason):
    """Why the inbox could not do what it was asked."""

    EXPECTED_IMAP_URL = N_(
        "%(name)s=%(value)s: expected imaps://USER:PASS@HOST:PORT/FOLDER, or imap:// with STARTTLS."
    )
    BAD_URL_OPTION = N_(
        "%(name)s: %(option)s is not an option of an IMAP URL (known: cafile=, processed=, "
        "rejected=, timeout=, plaintext=loopback)."
    )
    BAD_TIMEOUT = N_("%(name)s: timeout=%(value)s is not a number of seconds greater than zero.")
    PLAIN_TEXT_REFUSED = N_(
        "%(account)s: plain-text IMAP to %(host)s is refused; use imaps:// or STARTTLS "
        "(plain text is allowed on loopback only)."
    )
    NO_STARTTLS = N_(
        "%(account)s: the server does not offer STARTTLS; use imaps:// (plain text is allowed "
        "on loopback only, with ?plaintext=loopback)."
    )
    PASSWORD_UNREADABLE = N_(
        "%(account)s: the stored IMAP password cannot be opened (was the secret key changed?)."
    )
    COMPANY_OF_ANOTHER_OFFICE = N_("The company %(company)s is not a client of %(office)s.")
    ACCOUNT_EXISTS = N_("%(office)s already has a mail account named %(name)s.")
    NO_ACCOUNT = N_("There is no mail account %(id)s.")
    NO_MESSAGE = N_("There is no inbound message %(id)s.")
    UNREACHABLE = N_("%(account)s: the mailbox cannot be reached (%(detail)s).")
    NOT_CONNECTED = N_("%(account)s: not connected.")
    BUSY = N_("%(account)s: another poller is working on it.")
    PASS_FAILED = N_("%(account)s: the pass failed (%(detail)s).")
    NOT_POSITIVE_SECONDS = N_("%(name)s=%(value)s: expected a number of seconds greater than zero.")
    NOT_POSITIVE_MB = N_(
        "%(name)s=%(value)s: expected a whole number of megabytes greater than zero."
    )
    NO_SUCH_FILE = N_("%(name)s=%(value)s: there is no readable file there.")
    NOT_A_DOMAIN = N_("%(name)s: %(value)s is not a domain name.")
    NOT_AN_ADDRESS_OR_DOMAIN = N_(
        "%(value)s is neither an e-mail address (kasia@firma.pl) nor a domain (@firma.pl)."
    )
    FREE_MAIL_DOMAIN = N_(
        "Anyone can open a mailbox at %(domain)s: trust single addresses there, not the domain."
    )


class InboxError(IntakeError):
    """Raised when the inbox cannot do what it was asked; the root of this package's errors."""


class AccountError(InboxError):
    """Raised when an IMAP account's settings are wrong or unsafe."""


class PlainTextRefused(AccountError):
    """Raised when plain-text IMAP is asked for anywhere but loopback, or without consent."""


class MailboxUnavailable(InboxError):
    """Raised when an IMAP server cannot be reached, refuses the login or breaks off."""


class MailboxBusy(InboxError):
    """Raised when another poller holds a mailbox's lease."""


class InboxSettingError(InboxError, ConfigError):
    """Raised at start when an inbox setting (INTAKE_IMAP_*, INTAKE_INBOX_DOMAINS) is wrong."""
