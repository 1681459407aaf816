"""Bytes in, invoice fields out. No database, no Flask, no network."""

from ocr.errors import OcrError, Problem, Reason, Rejected
from ocr.model import Extraction, Inspection, InvoiceFields, VatRow
from ocr.reader import extract
from ocr.sniff import inspect
from ocr.text import fold

__all__ = [
    "Extraction",
    "Inspection",
    "InvoiceFields",
    "OcrError",
    "Problem",
    "Reason",
    "Rejected",
    "VatRow",
    "extract",
    "fold",
    "inspect",
]
