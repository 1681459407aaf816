"""Walk an e-mail into the files it carries: attachments, forwarded mail, inline photos, ZIPs."""

from __future__ import annotations

import contextlib
import email
import email.policy
import html
import mimetypes
import re
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import EmailMessage, Message

from inbox.archive import Limits, is_office_document, is_zip, unpack
from inbox.notes import MailNote, about
from intake.i18n import Message as Note
from ocr import Reason, Rejected
from ocr.sniff import image_size, sniff

MAX_DEPTH = 5
MAX_PARTS = 100
# Characters of a body looked at for the PIN and a month's confirmation: what a person
# writes at the top; the rest of a 50 MB body is never split or searched.
MAX_BODY_SCAN = 20_000
# Characters of an HTML body whose tags are taken out (the same reason, with some room).
MAX_HTML_SCAN = 200_000
# Pixels: a logo, a social icon or a signature banner is narrow on at least one side.
MIN_DOCUMENT_SIDE = 300
# Parts that travel with mail but are never documents; skipped without a word to the sender.
NOT_DOCUMENTS = {
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
    "application/pgp-keys",
    "text/calendar",
    "text/vcard",
    "text/x-vcard",
    "message/delivery-status",
    "message/disposition-notification",
    "text/rfc822-headers",
}
TNEF = ("application/ms-tnef", "application/vnd.ms-tnef")
ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/x-zip"}


@dataclass(frozen=True)
class Part:
    """One file to hand to intake.accept."""

    filename: str
    data: bytes
    media_type: str
    is_image: bool = False


@dataclass
class Walk:
    """The files of a message, the remarks on what was left out, and its own text."""

    parts: list[Part] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # Files the sender should hear about: (file name, why it was not taken).
    refused: list[tuple[str, Note]] = field(default_factory=list)
    body: str = ""
    truncated: bool = False


def parse(raw: bytes) -> EmailMessage:
    """Parse raw bytes into a message (the modern policy decodes RFC 2047 and 2231)."""
    return email.message_from_bytes(raw, policy=email.policy.default)


def header(msg: Message, name: str) -> str:
    """Return a header as text, '' when absent or unreadable."""
    try:
        value = msg.get(name)
    except (ValueError, IndexError, TypeError):  # malformed headers raise from the parser
        return ""
    return str(value).strip() if value is not None else ""


def walk(msg: Message, limits: Limits) -> Walk:
    """Collect every candidate document of a message, however deeply it is nested."""
    found = Walk()
    html_body: list[str] = []
    _walk(msg, limits, 0, found, html_body, outer=True)
    if not found.body and html_body:
        found.body = html_body[0]
    return found


def _walk(
    msg: Message, limits: Limits, depth: int, found: Walk, html_body: list[str], *, outer: bool
) -> None:
    if depth > MAX_DEPTH:
        found.notes.append(MailNote.NESTED_TOO_DEEP.message(limit=MAX_DEPTH))
        return
    ctype = msg.get_content_type()
    if ctype == "message/rfc822" or msg.is_multipart():
        # A forwarded message is walked like the rest; only the outer text holds the PIN.
        forwarded = ctype == "message/rfc822"
        inner_depth, inner_outer = (depth + 1, False) if forwarded else (depth, outer)
        for child in msg.get_payload():
            if isinstance(child, Message):
                _walk(child, limits, inner_depth, found, html_body, outer=inner_outer)
        return
    name = filename_of(msg)
    disposition = msg.get_content_disposition()
    if ctype in ("text/plain", "text/html") and not name and disposition != "attachment":
        if outer and ctype == "text/plain" and not found.body:
            found.body = body_text(msg)
        elif outer and ctype == "text/html" and not html_body:
            html_body.append(body_text(msg))
        return
    if ctype in NOT_DOCUMENTS:
        return
    if ctype in TNEF or name.lower() == "winmail.dat":
        found.refused.append((name or "winmail.dat", MailNote.OUTLOOK_FORMAT.message()))
        return
    if not name and disposition is None and not ctype.startswith(("image/", "application/")):
        return
    data = msg.get_payload(decode=True) or b""
    if not isinstance(data, bytes):
        data = b""
    label = name or f"attachment-{len(found.parts) + 1}"
    if not data.strip():
        found.notes.append(about(label, MailNote.EMPTY_FILE.message()))
        return
    _add(found, label, data, ctype, limits)


def _add(found: Walk, name: str, data: bytes, declared: str, limits: Limits) -> None:
    """Add a file, opening archives and leaving out decorations."""
    if len(found.parts) >= MAX_PARTS:
        if not found.truncated:
            found.truncated = True
            found.notes.append(MailNote.TOO_MANY_FILES.message(limit=MAX_PARTS))
        return
    if is_zip(data) or declared in ZIP_TYPES:
        if is_office_document(data):
            found.refused.append((name, MailNote.OFFICE_DOCUMENT.message()))
            return
        unpacked = unpack(data, name, limits)
        found.notes.extend(unpacked.notes)
        for inner_name, inner in unpacked.files:
            if not inner.strip():
                found.notes.append(about(f"{name}/{inner_name}", MailNote.EMPTY_FILE.message()))
                continue
            _add(found, inner_name, inner, "application/octet-stream", limits)
        return
    try:
        media_type = sniff(data)
    except Rejected:
        media_type = declared
    is_image = media_type.startswith("image/")
    if is_image and is_decoration(data):
        found.notes.append(about(name, MailNote.SMALL_IMAGE.message()))
        return
    if "." not in name:
        name += extension(media_type)
    found.parts.append(Part(name, data, media_type, is_image))


def is_decoration(data: bytes) -> bool:
    """Tell a logo, icon or signature banner from a photo or scan of a document."""
    try:
        width, height, _ = image_size(data)
    except Rejected as e:
        return e.reason is Reason.IMAGE_TOO_SMALL
    return min(width, height) < MIN_DOCUMENT_SIDE


def filename_of(part: Message) -> str:
    """Return a part's file name, decoded from RFC 2231 or RFC 2047, or ''."""
    try:
        name = part.get_filename() or part.get_param("name", header="content-type") or ""
    except (ValueError, IndexError, TypeError, LookupError):
        return ""
    name = str(name)
    if "=?" in name:
        with contextlib.suppress(ValueError, LookupError, UnicodeDecodeError):
            name = str(make_header(decode_header(name)))
    return name.replace("\r", "").replace("\n", "").strip()


def body_text(part: Message) -> str:
    """Return a text part's words; HTML loses its tags."""
    try:
        text = part.get_content() if hasattr(part, "get_content") else ""
    except (LookupError, UnicodeDecodeError, AssertionError, KeyError):
        raw = part.get_payload(decode=True) or b""
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else ""
    if part.get_content_type() == "text/html":
        text = str(text)[:MAX_HTML_SCAN]
        text = re.sub(r"(?is)<(script|style)\b.*?(?:</\1\s*>|\Z)", " ", text)
        text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return str(text)


def first_lines(text: str, count: int = 8) -> list[str]:
    """Return the first non-empty lines the sender wrote (not quoted replies)."""
    lines = []
    for line in text[:MAX_BODY_SCAN].splitlines():
        line = line.strip()
        if not line or line.startswith(">"):
            continue
        lines.append(line)
        if len(lines) >= count:
            break
    return lines


def extension(media_type: str) -> str:
    """Return a file extension for a media type ('.pdf'), '' when unknown."""
    known = {"image/jpeg": ".jpg", "application/xml": ".xml", "image/heic": ".heic"}
    return known.get(media_type) or mimetypes.guess_extension(media_type) or ""
