"""Errors of the tasks package."""

from intake.errors import IntakeError, NotFound


class TaskError(IntakeError):
    """Raised when a task cannot be created or changed; the root of this package's errors."""


class TaskNotFound(TaskError, NotFound):
    """Raised when a task does not exist in the caller's office (a 404 in the portal)."""


class TaskStateError(TaskError):
    """Raised when a task is not in a state that allows what was asked (done twice...)."""


class InvalidAmounts(TaskError):
    """Raised when tax amounts or due dates cannot be used."""


class InvalidToken(TaskError):
    """Raised when an approval link is forged, broken or expired."""
