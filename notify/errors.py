"""Errors of the notify package."""

from intake.errors import IntakeError


class NotifyError(IntakeError):
    """Raised when a message cannot be composed or sent; the root of this package's errors."""


class ChannelConfigError(NotifyError):
    """Raised when INTAKE_SMTP_URL or INTAKE_SMS_URL cannot be used as written."""


class DeliveryError(NotifyError):
    """Raised when a gateway did not take a message; `temporary` says a retry may help."""

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary
