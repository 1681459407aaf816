"""Errors of the ocr package."""


class OcrError(Exception):
    """Raised when ocr/ cannot do what it was asked; the root of this package's errors."""


class Rejected(OcrError):
    """Raised when a file cannot be read as an invoice; the message is the reason for a person."""
