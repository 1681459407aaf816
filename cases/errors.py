"""Errors of the cases package: each carries a coded reason, translated where shown."""

from __future__ import annotations

from enum import unique

from intake.errors import IntakeError, NotFound, Reason
from intake.i18n import N_


@unique
class Why(Reason):
    """Why the desk refused something (name = code, value = English message id)."""

    CASE_NOT_FOUND = N_("There is no such case.")
    NOT_ALLOWED = N_("Your role at the desk does not allow this.")
    TITLE_MISSING = N_("Give the case a title.")
    TEXT_MISSING = N_("Write the text.")
    TEXT_TOO_LONG = N_("A text has at most %(limit)s characters.")
    NOT_A_DESK_MEMBER = N_("%(who)s does not work at this office's desk.")
    WRONG_STATE = N_("A case in the state “%(state)s” cannot do this.")
    ANSWER_NOT_WAITING = N_("This answer is not waiting for acceptance.")
    REASON_MISSING = N_("Say why the answer goes back.")
    NOT_YOURS = N_("Only the person the case is assigned to answers it.")
    NO_ADDRESS = N_("This case has nobody to answer to.")
    PASSAGE_NOT_IN_ANSWER = N_("The passage is not in the answer.")
    BAD_LABEL = N_("A label has 1 to 40 characters.")
    BAD_DATE = N_("%(value)s is not a date (use YYYY-MM-DD).")
    NAME_MISSING = N_("Give a name.")
    EMAIL_MISSING = N_("Give a valid e-mail address.")
    FIELD_MISSING = N_("Fill in: %(field)s.")
    CONSENT_MISSING = N_("Agree to the terms to send the form.")
    FORM_TOO_LARGE = N_("The form is too long.")
    LINK_INVALID = N_("This activation link is not valid.")
    LINK_EXPIRED = N_("This activation link has expired; send the form again.")
    BAD_COLOUR = N_("A colour is written #RRGGBB.")
    BAD_URL = N_("A link starts with https:// or http://.")


class CaseError(IntakeError):
    """Raised when the desk cannot do what was asked; the root of this package's errors."""


class CaseNotFound(CaseError, NotFound):
    """Raised when a case (or one of its rows) is not in the caller's office (a 404)."""

    def __init__(self, reason: Why = Why.CASE_NOT_FOUND, /, **params: object) -> None:
        IntakeError.__init__(self, reason, **params)


class NotAllowed(CaseError):
    """Raised when a person's desk role does not give them the power to do something."""

    def __init__(self, reason: Why = Why.NOT_ALLOWED, /, **params: object) -> None:
        IntakeError.__init__(self, reason, **params)
