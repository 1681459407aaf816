"""Errors of the intake package."""


class IntakeError(Exception):
    """Raised when intake cannot do what it was asked; the root of this package's errors."""


class ConfigError(IntakeError):
    """Raised when a setting is wrong or what it points at does not answer."""


class NotFound(IntakeError):
    """Raised when a row asked for does not exist in the caller's office or company."""


class InvalidInput(IntakeError):
    """Raised when an operator or user gives a value that cannot be used."""


class Refused(IntakeError):
    """Raised when a document cannot be accepted; the message is the reason for a person."""


class StorageUnavailable(IntakeError):
    """Raised when object storage does not answer; nothing was written."""
