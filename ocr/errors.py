"""Errors of the ocr package, and the reasons a person reads: a code and its parameters.

Nothing here is a finished sentence for a person. A Reason's name is its stable code and
its value an English gettext msgid with %(name)s parameters; intake translates it where it
is shown (gettext(locale, obj.msgid, **obj.params)). Rejected and Problem both carry one.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
OBJECT_REPR = re.compile(r"\s*<[^<>]* at 0x[0-9a-fA-F]+>")  # '<_io.BytesIO object at 0x7f..>'


def N_(msgid: str) -> str:
    """Mark a text for the catalogue without translating it (Babel's extractor looks for N_)."""
    return msgid


def describe(error: BaseException) -> str:
    """Return an error's own message as a %(detail)s parameter, without its full stop.

    Object addresses some libraries print are dropped: a person cannot use them, and they
    would make each stored problem differ from the last.
    """
    return OBJECT_REPR.sub("", str(error) or type(error).__name__).strip().rstrip(".")


@enum.unique
class Reason(enum.Enum):
    """Say why a file is rejected or a reading needs a person: a stable code and a msgid.

    Codes are stored with their parameters: give a text other parameters under a new name.
    """

    _value_: str

    # Files that are not invoices at all (Rejected by sniff.py).
    EMPTY_FILE = N_("The file is empty. Send the invoice again.")
    ZIP_ARCHIVE = N_(
        "The file is a ZIP archive or an Office document. Send the invoices inside the "
        "archive one by one, or save the document as a PDF."
    )
    EMPTY_ZIP_ARCHIVE = N_("The file is an empty ZIP archive. Send the invoices themselves.")
    # Translators: %(format)s is the name of an archive format: RAR, 7-Zip, gzip.
    ARCHIVE = N_("The file is a %(format)s archive. Send the invoices inside it one by one.")
    PROGRAM = N_("The file is a program, not an invoice. Send the invoice as a PDF, JPEG or PNG.")
    OLD_OFFICE_DOCUMENT = N_(
        "The file is an old Office document (.doc or .xls). Save it as a PDF and send that."
    )
    GIF_IMAGE = N_("GIF images are not accepted. Send the invoice as a PDF, JPEG or PNG.")
    HTML_PAGE = N_(
        "The file is a web page (HTML), not an invoice. Save the invoice as a PDF and send that."
    )
    NOT_KSEF_XML = N_(
        "The XML file is not a KSeF e-invoice (FA(2) or FA(3)). Send the invoice as a PDF."
    )
    UNKNOWN_FILE_TYPE = N_(
        "The file is not an invoice file. Send a PDF, an image (JPEG, PNG, TIFF, WebP or HEIC) "
        "or a KSeF e-invoice (XML)."
    )
    # Files too large, too small or damaged (Rejected by sniff.py, pdf.py, scan.py).
    # Translators: %(megabytes)s is a whole number.
    XML_TOO_LARGE = N_(
        "The XML file is %(megabytes)s MB, too large for an invoice. Check that it is the "
        "right file."
    )
    PDF_TRUNCATED = N_("The PDF is incomplete: its end is missing. Send the whole file again.")
    PDF_ENCRYPTED = N_("The PDF is protected with a password. Send it without the password.")
    # Translators: %(detail)s is the PDF library's own message, in English.
    PDF_UNREADABLE = N_(
        "The PDF cannot be opened (%(detail)s). Send it again, or save it anew as a PDF."
    )
    PDF_NO_PAGES = N_("The PDF has no pages. Send the invoice again.")
    PDF_TOO_MANY_PAGES = N_(
        "The PDF has %(pages)s pages; at most %(limit)s are accepted. Send each invoice as a "
        "file of its own."
    )
    # No longer given (sizes are read from headers: IMAGE_TOO_LARGE); kept for stored codes.
    # Translators: %(detail)s is the image library's own message, in English.
    IMAGE_TOO_LARGE_TO_OPEN = N_(
        "The image is too large to open (%(detail)s). Send a smaller photo or scan."
    )
    IMAGE_TOO_LARGE = N_(
        "The image is %(width)s × %(height)s pixels, too large to read. Send a smaller photo "
        "or scan."
    )
    IMAGE_TOO_SMALL = N_(
        "The image is %(width)s × %(height)s pixels, too small to read. Send a larger photo "
        "or scan."
    )
    IMAGE_TOO_MANY_PAGES = N_(
        "The image has %(pages)s pages; at most %(limit)s are accepted. Send each invoice as a "
        "file of its own."
    )
    # Translators: %(detail)s is the image library's own message, in English.
    IMAGE_UNREADABLE = N_(
        "The image cannot be opened (%(detail)s). Send it again as a PDF, JPEG or PNG."
    )
    # Translators: %(width)s and %(height)s are whole centimetres.
    PDF_PAGE_TOO_LARGE = N_(
        "A page of the PDF is %(width)s × %(height)s cm, too large to read as a document. "
        "Send the invoice on pages of an ordinary size."
    )
    # Files that cost too much to read (the reader's child process was stopped: sandbox.py).
    # Translators: %(megabytes)s is a whole number.
    READING_TOO_COSTLY = N_(
        "Reading the file needed more than %(megabytes)s MB of memory, far more than an "
        "invoice needs. Send it again as an ordinary PDF, JPEG or PNG."
    )
    # Translators: %(seconds)s is a whole number.
    READING_TOO_SLOW = N_(
        "Reading the file took longer than %(seconds)s seconds, far longer than an invoice "
        "needs. Send it again as an ordinary PDF, JPEG or PNG."
    )
    # KSeF XML that cannot be read (Rejected by ksef.py).
    XML_DECLARES_DTD = N_(
        "The XML file declares a DTD or entities, which a KSeF e-invoice never does. "
        "Download the invoice from KSeF again."
    )
    # Translators: %(detail)s is the XML parser's own message, in English.
    XML_MALFORMED = N_(
        "The XML file is damaged (%(detail)s). Download the invoice from KSeF again."
    )
    KSEF_FA_MISSING = N_(
        "The KSeF e-invoice has no invoice section (Fa). Download it from KSeF again."
    )
    # Failures while reading (reader.py, cli.py, tesseract.py).
    # Translators: %(detail)s is the error's own message, in English.
    FILE_UNREADABLE = N_("The file cannot be read (%(detail)s). Send it again, or as a PDF.")
    # Translators: %(detail)s is the operating system's message, in English.
    FILE_NOT_OPENED = N_("The file cannot be opened (%(detail)s). Check its name and access.")
    # Translators: %(detail)s is the OCR program's own message, in English.
    OCR_FAILED = N_(
        "Text recognition failed (%(detail)s). Try again later, or send the invoice as a PDF "
        "with a text layer."
    )

    # Checks a reading failed (Extraction.problems, from checks.py, totals.py, fields.py).
    # Translators: %(tax_id)s is a tax ID as read, digits and letters only.
    SELLER_TAX_ID_CHECKSUM = N_(
        "The seller's tax ID %(tax_id)s fails its checksum. Compare it with the document."
    )
    # Translators: %(tax_id)s is a tax ID as read, digits and letters only.
    BUYER_TAX_ID_CHECKSUM = N_(
        "The buyer's tax ID %(tax_id)s fails its checksum. Compare it with the document."
    )
    # Translators: %(account)s is an IBAN without spaces.
    BANK_ACCOUNT_CHECKSUM = N_(
        "The bank account %(account)s fails its IBAN checksum. Compare it with the document."
    )
    # Translators: the amounts are written 1234.56.
    TOTALS_MISMATCH = N_(
        "The net total %(net)s plus the VAT %(vat)s is not the gross total %(gross)s. "
        "Compare the totals with the document."
    )
    # Translators: %(rate)s is a VAT rate such as 23; the amounts are written 1234.56.
    VAT_ROW_MISMATCH = N_(
        "VAT at %(rate)s%% on %(net)s should be %(expected)s, not %(vat)s. Compare the VAT "
        "summary with the document."
    )
    # Translators: the amounts are written 1234.56.
    VAT_SUMMARY_NET_MISMATCH = N_(
        "The net amounts of the VAT summary add up to %(summed)s, not to the net total "
        "%(net)s. Compare them with the document."
    )
    TOTALS_DO_NOT_ADD_UP = N_(
        "The totals found do not add up: the net plus the VAT is not the gross. Compare the "
        "totals with the document."
    )
    # Translators: the dates are written YYYY-MM-DD.
    ISSUE_DATE_IMPLAUSIBLE = N_(
        "The issue date %(issue_date)s is before 2000 or more than a year ahead. Compare it "
        "with the document."
    )
    # Translators: the dates are written YYYY-MM-DD.
    DUE_DATE_FAR_FROM_ISSUE = N_(
        "The due date %(due_date)s is before the issue date %(issue_date)s or more than a "
        "year after it. Compare the dates with the document."
    )
    # Translators: the dates are written YYYY-MM-DD.
    SALE_DATE_FAR_FROM_ISSUE = N_(
        "The sale date %(sale_date)s is more than a year from the issue date %(issue_date)s. "
        "Compare the dates with the document."
    )
    KIND_UNKNOWN = N_(
        "The document was not recognised as an invoice, a correction, a pro forma, a "
        "receipt, a bank statement or a letter. Tell what it is."
    )
    INVOICE_NUMBER_MISSING = N_("The invoice number was not found. Enter it from the document.")
    ISSUE_DATE_MISSING = N_("The issue date was not found. Enter it from the document.")
    GROSS_TOTAL_MISSING = N_("The total to pay was not found. Enter it from the document.")
    SELLER_TAX_ID_MISSING = N_("The seller's tax ID was not found. Enter it from the document.")
    # Translators: %(read)s is what OCR read, %(fixed)s the value one digit apart that is used.
    SELLER_TAX_ID_REPAIRED = N_(
        "The seller's tax ID was read as %(read)s, which fails its checksum; %(fixed)s, one "
        "digit apart, passes it and is used. Compare it with the document."
    )
    # Translators: %(read)s is what OCR read, %(fixed)s the value one digit apart that is used.
    BUYER_TAX_ID_REPAIRED = N_(
        "The buyer's tax ID was read as %(read)s, which fails its checksum; %(fixed)s, one "
        "digit apart, passes it and is used. Compare it with the document."
    )
    # Translators: the dates are written YYYY-MM-DD.
    DATE_REPAIRED = N_(
        "A date was read as %(read)s, out of step with the document's other dates; "
        "%(fixed)s, one digit apart, fits them and is used. Compare the dates with the "
        "document."
    )
    # Translators: %(read)s is what OCR read, %(fixed)s the value one digit apart that is used.
    BANK_ACCOUNT_REPAIRED = N_(
        "The bank account was read as %(read)s, which fails its IBAN checksum; %(fixed)s, one "
        "digit apart, passes it and is used. Compare it with the document."
    )

    @property
    def code(self) -> str:
        """Return the stable code stored and compared: the name in lower case."""
        return self.name.lower()

    @property
    def msgid(self) -> str:
        """Return the English text, the catalogue's message id."""
        return self.value

    @property
    def param_names(self) -> frozenset[str]:
        """Return the names of the %(name)s parameters the text needs."""
        return frozenset(PLACEHOLDER.findall(self.value))

    @classmethod
    def from_code(cls, code: str) -> Reason:
        """Return the reason a stored code names; raise ValueError for an unknown one."""
        try:
            return cls[code.upper()]
        except KeyError:
            raise ValueError(f"unknown ocr reason code {code!r}") from None


@dataclass(frozen=True)
class Problem:
    """A reason with its parameters: stored as JSON, translated where a person reads it."""

    reason: Reason
    params: Mapping[str, str | int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        params = dict(self.params)
        if set(params) != self.reason.param_names:
            raise TypeError(
                f"{self.reason.name} takes {sorted(self.reason.param_names)}, not {sorted(params)}"
            )
        for name, value in params.items():
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise TypeError(f"{self.reason.name}: {name}={value!r} is not a str or an int")
        object.__setattr__(self, "params", params)  # a plain dict: JSON as it is

    def __hash__(self) -> int:
        return hash((self.reason, tuple(sorted(self.params.items()))))

    def __str__(self) -> str:
        return self.msgid % self.params

    @property
    def code(self) -> str:
        """Return the reason's stable code."""
        return self.reason.code

    @property
    def msgid(self) -> str:
        """Return the English text with its %(name)s parameters unfilled."""
        return self.reason.msgid

    def to_json(self) -> dict[str, Any]:
        """Return {"code": ..., "params": {...}}, the form stored in a database."""
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Problem:
        """Read back what to_json wrote; raise ValueError or TypeError for what it never did."""
        return cls(Reason.from_code(data["code"]), dict(data.get("params") or {}))


class OcrError(Exception):
    """Raised when ocr/ cannot do what it was asked; the root of this package's errors.

    It carries a Problem (a reason and its parameters); str() gives the English text.
    """

    def __init__(self, reason: Reason, **params: str | int) -> None:
        self.problem = Problem(reason, params)
        super().__init__(str(self.problem))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle by reason and parameters: the default would call cls(english_text).
        return (_remake, (type(self), self.problem))

    @property
    def reason(self) -> Reason:
        """Return why."""
        return self.problem.reason

    @property
    def code(self) -> str:
        """Return the reason's stable code."""
        return self.problem.code

    @property
    def msgid(self) -> str:
        """Return the English text with its %(name)s parameters unfilled."""
        return self.problem.msgid

    @property
    def params(self) -> Mapping[str, str | int]:
        """Return the parameters of the text."""
        return self.problem.params


class Rejected(OcrError):
    """Raised when a file cannot be read as an invoice; its reason tells a person why."""


def _remake(cls: type[OcrError], problem: Problem) -> OcrError:
    return cls(problem.reason, **problem.params)
