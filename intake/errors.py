"""Errors of the intake package, and the reasons every package's errors carry.

An error carries a code and parameters, never a finished sentence: the reason's name is
its code (for programs and tests), its value the English text (a gettext message id), and
the text is translated where a person sees it (`error.translate(locale)`). str() of an
error is its English text, for logs.
"""

from __future__ import annotations

from enum import unique
from typing import Any

from intake.i18n import N_, Coded, format_param, gettext


class Reason(Coded):
    """Base of each package's error reasons: name = code, value = English message id."""


class IntakeError(Exception):
    """Raised when intake cannot do what it was asked; the root of every package's errors."""

    def __init__(self, reason: Reason, /, **params: Any) -> None:
        if not isinstance(reason, Reason):  # a bare sentence could never be translated
            raise TypeError(f"an error needs a Reason, not {reason!r}")
        self.reason = reason
        self.params = params
        english = {k: format_param(v, "en") for k, v in params.items()}
        super().__init__(self.msgid % english if params else self.msgid)

    @property
    def code(self) -> str:
        """Return the reason's code."""
        return self.reason.code

    @property
    def msgid(self) -> str:
        """Return the reason's message id (so an error is a Text to translate)."""
        return self.reason.msgid

    def translate(self, locale: str) -> str:
        """Return the error as a sentence in a locale."""
        return gettext(locale, self.msgid, **self.params)


@unique
class Problem(Reason):
    """What can go wrong in intake itself."""

    BAD_SETTING = N_("%(name)s=%(value)r: %(reason)s")
    EXPECTED_URL = N_("%(name)s=%(value)r: expected a URL starting with %(schemes)s")
    CANNOT_CONNECT = N_("%(name)s=%(value)r: cannot connect (%(reason)s)")
    NOT_WHOLE_NUMBER = N_("%(name)s=%(value)r is not a whole number")
    NOT_POSITIVE = N_("%(name)s=%(value)r must be greater than zero")
    HOME_NOT_WRITABLE = N_("INTAKE_HOME=%(value)s: cannot write there (%(reason)s)")
    NO_BROKER = N_(
        "INTAKE_BROKER_URL is not set: jobs run inside `intake serve`; "
        "set a redis:// or amqp:// URL to run separate workers"
    )
    NOT_FOUND = N_("Not found: %(what)s.")
    STORAGE_DOWN = N_("file storage is not available right now (%(reason)s)")
    OFFICE_NAME_MISSING = N_("An office needs a name.")
    OFFICE_EXISTS = N_("The office %(name)s already exists.")
    NIP_INVALID = N_("NIP %(nip)s is not valid.")
    COMPANY_EXISTS = N_("A company with NIP %(nip)s already exists in this office.")
    NIP_IN_SEVERAL_OFFICES = N_("NIP %(nip)s is a client of several offices.")
    PIN_FORM = N_("A PIN is 4 to 8 digits.")
    INBOX_CODE_FORM = N_("Inbox code %(code)s: use 2 to 39 letters, digits or dashes.")
    INBOX_CODE_TAKEN = N_("Inbox code %(code)s is taken.")
    CHOOSE_ANOTHER_CODE = N_("Inbox code %(code)s cannot be used; choose another code.")
    DEADLINE_DAY = N_("A deadline day is between 1 and 28.")
    MONTHS_BACK = N_("Months back is a whole number from 0 to %(limit)s.")
    UNKNOWN_ROLE = N_("A role is one of: %(roles)s.")
    CLIENT_NEEDS_COMPANY = N_("A client user belongs to exactly one company; staff to none.")
    PASSWORD_TOO_SHORT = N_("A password has at least 8 characters.")
    USER_EXISTS = N_("The user %(email)s already exists.")
    EMAIL_UNUSABLE = N_("This e-mail cannot be used: %(email)s. Choose another.")
    NOT_A_MONTH = N_("%(value)s is not a month (use MM/YYYY).")
    NOT_A_DAY = N_("%(field)s: %(value)s is not a date (use DD.MM.YYYY).")
    NOT_AN_AMOUNT = N_("%(field)s: %(value)s is not an amount.")
    NOT_A_KIND = N_("Choose the kind of document from the list.")
    STAFF_ONLY = N_("Only the office can do this.")
    CANNOT_REVIEW = N_("A document in the state “%(status)s” cannot be reviewed.")
    REJECTION_NEEDS_REASON = N_("A rejection needs a reason.")
    NOT_READ_YET = N_("This document has not been read yet.")
    APPROVED_READ_ONLY = N_("An approved document is read-only: reopen it first, with a reason.")
    CANNOT_REOPEN = N_("A document in the state “%(status)s” is not reopened.")
    REOPEN_NEEDS_REASON = N_("Reopening needs a reason.")
    CANNOT_UNDO = N_("There is no approval of yours to undo on this document.")
    CANNOT_RETRY = N_("A document in the state “%(status)s” is not read again.")
    CANNOT_SPLIT = N_("A document in the state “%(status)s” is not split.")
    SPLIT_PART_APPROVED = N_(
        "Document %(document)s cut from this file is approved: reopen it first, with a reason."
    )
    SPLIT_PAGES_INVALID = N_(
        "Give the page numbers where documents start, from 1 to %(pages)s, like “1, 3, 4”."
    )
    FILE_TOO_LARGE = N_("The file is larger than %(limit)s MB.")
    FILE_UNREADABLE = N_("The file cannot be taken: %(reason)s")
    MONTH_NOT_OPEN = N_("%(month)s cannot be confirmed: %(reason)s")
    EMAIL_INVALID = N_("%(email)s is not an e-mail address.")
    PHONE_INVALID = N_("%(phone)s is not a phone number.")
    CONTACT_NEEDS_ADDRESS = N_("A contact needs an e-mail address or a phone number.")
    PASSWORD_LINK_INVALID = N_("This link is not valid.")
    PASSWORD_LINK_EXPIRED = N_("This link has expired; ask for a new one.")
    PASSWORD_LINK_USED = N_("This link has already been used; ask for a new one.")


class ConfigError(IntakeError):
    """Raised when a setting is wrong or what it points at does not answer."""


class NotFound(IntakeError):
    """Raised when a row asked for does not exist in the caller's office or company."""

    def __init__(self, what: str = "row", /) -> None:
        super().__init__(Problem.NOT_FOUND, what=what)


class InvalidInput(IntakeError):
    """Raised when an operator or user gives a value that cannot be used."""


class Refused(IntakeError):
    """Raised when a document cannot be accepted; the reason is for the person who sent it."""


class StorageUnavailable(IntakeError):
    """Raised when object storage does not answer; nothing was written."""

    def __init__(self, reason: str, /) -> None:
        super().__init__(Problem.STORAGE_DOWN, reason=reason)
