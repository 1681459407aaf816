"""Errors of the tasks package: each carries a coded reason, translated where it is shown."""

from __future__ import annotations

from enum import unique

from intake.errors import IntakeError, NotFound, Reason
from intake.i18n import N_


@unique
class Why(Reason):
    """Why the tasks package refused something (name = code, value = English message id)."""

    TASK_NOT_FOUND = N_("There is no task %(task_id)s in your office.")
    USER_NOT_FOUND = N_("There is no user %(email)s.")
    ALREADY_CLOSED = N_("This task is already %(state)s.")
    NO_MONTH = N_("This task names no month to settle.")
    AMOUNTS_MISSING = N_("A tax task is done with at least one amount (VAT 0 is fine).")
    NOT_A_TAX_TASK = N_("Only a tax task is done with amounts.")
    NOT_A_TAX = N_("%(code)s is not a tax; use one of %(codes)s.")
    AMOUNT_NOT_TEXT = N_("%(tax)s: give the amount as text or a decimal, not %(value)s.")
    NOT_AN_AMOUNT = N_("%(tax)s: %(value)s is not an amount.")
    BELOW_ZERO = N_("%(tax)s: %(value)s is below zero.")
    PART_OF_A_GROSZ = N_("%(tax)s: %(value)s has more than two decimal places.")
    NOT_A_DAY = N_("%(tax)s: %(value)s is not a date (use DD.MM.YYYY).")
    NOT_A_PAIR = N_("%(pair)s: expected CODE=VALUE.")
    NO_APPROVAL_WAITING = N_("This task does not wait for an approval.")
    LINK_EXPIRED = N_("This approval link has expired.")
    LINK_INVALID = N_("This approval link is not valid.")
    REMIND_DAYS = N_("A reminder comes after 1 to 60 days.")
    UNKNOWN_COUNTRY = N_("No public holidays are known for the country %(country)s.")
    NO_TEMPLATE = N_("There is no task template %(name)s in your office.")
    TEMPLATE_FIELD = N_("A task template's %(field)s cannot be %(value)s.")
    TEMPLATE_FILE = N_("The templates file is not a JSON list of templates.")
    NO_COMPANY = N_("There is no company with the NIP %(nip)s in your office.")
    TITLE_MISSING = N_("A task needs a title or a template.")
    REASON_MISSING = N_("Say why the task is postponed.")
    COMMENT_EMPTY = N_("A comment cannot be empty.")
    NOT_OFFICE_PERSON = N_("%(email)s does not work in your office.")
    AMOUNT_NOT_FOUND = N_("There is no amount %(amount_id)s to pay.")
    NOT_AN_ACCOUNT = N_("%(value)s is not a bank account number (IBAN).")


class TaskError(IntakeError):
    """Raised when a task cannot be created or changed; the root of this package's errors."""


class TaskNotFound(TaskError, NotFound):
    """Raised when a task (or a person) does not exist in the caller's office (a 404)."""

    def __init__(self, reason: Why = Why.TASK_NOT_FOUND, /, **params: object) -> None:
        IntakeError.__init__(self, reason, **params)


class TaskStateError(TaskError):
    """Raised when a task is not in a state that allows what was asked (done twice...)."""


class InvalidAmounts(TaskError):
    """Raised when tax amounts or their due dates cannot be used."""


class InvalidToken(TaskError):
    """Raised when an approval link is forged, broken or expired."""
