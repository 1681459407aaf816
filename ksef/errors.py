"""Errors of the ksef package, and the reasons they carry (a code and an English msgid).

Every error is an IntakeError: the `intake` command prints it translated in one line, a
company's last error is stored as its coded message, and tests compare `error.code`.
"""

from __future__ import annotations

from enum import unique
from typing import Any

from intake.errors import ConfigError, IntakeError
from intake.errors import Reason as BaseReason
from intake.i18n import N_


@unique
class Reason(BaseReason):
    """Why KSeF could not be used as asked."""

    NO_CREDENTIAL = N_(
        "%(company)s: the office has no KSeF credential yet (intake ksef credentials set)."
    )
    CREDENTIAL_REFUSED = N_("%(company)s: KSeF refused the office's credential (%(detail)s).")
    CERTIFICATE_EXPIRED = N_(
        "%(company)s: the KSeF certificate is not valid since %(day)s; enter a new one."
    )
    CERTIFICATE_REVOKED = N_("%(company)s: the KSeF certificate was revoked; enter a new one.")
    TOKEN_REFUSED = N_(
        "%(company)s: KSeF refused the token (%(detail)s); generate a new one in KSeF."
    )
    NO_PERMISSION = N_(
        "%(company)s: the client has not granted the office the right to read invoices in "
        "KSeF (InvoiceRead), or has withdrawn it."
    )
    RATE_LIMITED = N_("KSeF asks to wait %(seconds)s s before the next request.")
    UNREACHABLE = N_("KSeF cannot be reached (%(detail)s).")
    SERVER_ERROR = N_("KSeF answered %(status)s to %(what)s (%(detail)s).")
    EXPORT_FAILED = N_("KSeF could not prepare the invoices (%(status)s: %(detail)s).")
    EXPORT_TIMEOUT = N_("KSeF did not prepare the invoices within %(seconds)s s.")
    PACKAGE_DAMAGED = N_("A package from KSeF is damaged (%(detail)s).")
    NOT_A_KSEF_NUMBER = N_("%(value)s is not a KSeF number.")
    INVOICE_NOT_FOUND = N_("KSeF has no invoice %(number)s for NIP %(nip)s.")
    CERTIFICATE_UNREADABLE = N_("%(path)s: not a certificate in PEM or DER (%(detail)s).")
    KEY_UNREADABLE = N_("%(path)s: the private key cannot be read (%(detail)s).")
    KEY_MISMATCH = N_("The private key does not belong to the certificate.")
    CERTIFICATE_OUT_OF_DATE = N_("The certificate is valid from %(start)s to %(end)s only.")
    TOKEN_EMPTY = N_("The token file is empty.")
    CREDENTIAL_UNREADABLE = N_(
        "The stored KSeF credential cannot be opened (was the secret key changed?)."
    )
    COMPANY_OF_ANOTHER_OFFICE = N_("The company %(company)s is not a client of %(office)s.")
    BUSY = N_("%(company)s: another sync is running.")
    NOT_KSEF_INVOICE = N_("This document did not come from KSeF.")
    BAD_URL = N_(
        "%(name)s=%(value)s: expected an https:// address of the KSeF API "
        "(http:// only to a loopback host)."
    )
    NO_SUCH_FILE = N_("%(name)s=%(value)s: there is no readable file there.")
    NOT_A_DAY = N_("%(name)s=%(value)s: expected a day, YYYY-MM-DD.")
    NOT_POSITIVE = N_("%(name)s=%(value)s: expected a number greater than zero.")


class KsefError(IntakeError):
    """Raised when KSeF cannot be used as asked; the root of this package's errors."""


class AccessDenied(KsefError):
    """Raised when a credential is refused or a client has not granted the permission.

    It concerns one company (or one credential): the sync records it on that company and
    goes on with the others.
    """


class RateLimited(KsefError):
    """Raised when KSeF answers 429 and the caller should wait `retry_after` seconds."""

    def __init__(self, retry_after: float, /, **params: Any) -> None:
        super().__init__(Reason.RATE_LIMITED, seconds=int(retry_after + 0.999), **params)
        self.retry_after = retry_after


class Unavailable(KsefError):
    """Raised when KSeF does not answer, breaks off or fails on its side; try again later."""


class PackageError(KsefError):
    """Raised when an export cannot be prepared, fetched or opened; the window is not moved."""


class CredentialError(KsefError):
    """Raised when a certificate, key or token handed in cannot be used."""


class KsefSettingError(KsefError, ConfigError):
    """Raised at start when an INTAKE_KSEF_* setting is wrong."""


class ApiError(KsefError):
    """Raised when KSeF answers a request with an error status other than 429 or 5xx."""

    def __init__(self, status: int, what: str, body: Any, /) -> None:
        self.status = status
        self.body = body if isinstance(body, dict) else {}
        super().__init__(Reason.SERVER_ERROR, status=status, what=what, detail=self.detail)

    @property
    def codes(self) -> list[int]:
        """Return the exceptionCodes of an ExceptionResponse body."""
        details = (self.body.get("exception") or {}).get("exceptionDetailList") or []
        return [int(d.get("exceptionCode", 0)) for d in details]

    @property
    def reason_code(self) -> str | None:
        """Return a 403 problem's reasonCode (missing-permissions, ...)."""
        return self.body.get("reasonCode")

    @property
    def detail(self) -> str:
        """Return the first description KSeF gave, for logs and staff."""
        details = (self.body.get("exception") or {}).get("exceptionDetailList") or []
        if details:
            first = details[0]
            extra = "; ".join(first.get("details") or [])
            return f"{first.get('exceptionCode')} {first.get('exceptionDescription', '')} {extra}"
        return str(self.body.get("detail") or self.body.get("title") or "")[:300]
