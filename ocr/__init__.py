"""Bytes in, invoice fields out. No database, no Flask, no network."""

from ocr.errors import OcrError, Rejected
from ocr.model import Extraction, Inspection, InvoiceFields, VatRow
from ocr.reader import extract
from ocr.sniff import inspect

__all__ = [
    "Extraction",
    "Inspection",
    "InvoiceFields",
    "OcrError",
    "Rejected",
    "VatRow",
    "extract",
    "inspect",
]
