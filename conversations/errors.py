"""Errors of the conversations package: each carries a coded reason, translated where shown."""

from __future__ import annotations

from enum import unique

from intake.errors import IntakeError, NotFound, Reason
from intake.i18n import N_


@unique
class Why(Reason):
    """Why a conversation refused something (name = code, value = English message id)."""

    THREAD_NOT_FOUND = N_("There is no such conversation.")
    SUBJECT_MISSING = N_("Give the conversation a subject.")
    EMPTY_MESSAGE = N_("Write a message or attach a file.")
    MESSAGE_TOO_LONG = N_("A message has at most %(limit)s characters.")
    TOO_MANY_FILES = N_("At most %(limit)s files go with one message.")
    FILE_TOO_LARGE = N_("%(file)s is larger than %(limit)s MB.")
    FILE_REFUSED = N_("%(file)s cannot be sent: %(reason)s")
    NO_CLIENTS = N_("Choose at least one client.")


class ConversationError(IntakeError):
    """Raised when a conversation or a message cannot be written; the root of this package's
    errors."""


class ThreadNotFound(ConversationError, NotFound):
    """Raised when a conversation (or an attachment) is not the caller's to see (a 404)."""

    def __init__(self, reason: Why = Why.THREAD_NOT_FOUND, /, **params: object) -> None:
        IntakeError.__init__(self, reason, **params)
