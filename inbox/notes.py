"""What the inbox writes on a message or a file for staff: coded texts, translated when shown.

A message's note (InboundEmail.note) is one of the sentences below; when a taken-in
message has remarks, they are nested in TAKEN_IN_WITH_NOTES as a list, each about a file
(ABOUT_FILE) or the whole message. A file's note (InboundPart.note) is one fragment.
Programs look at codes (`codes(note)`), never at the English text.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import unique
from typing import Any

from intake.i18n import N_, Coded, Message, Text


@unique
class MailNote(Coded):
    """A remark on an inbound message or one of its files."""

    # What became of the message as a whole.
    NO_COMPANY = N_("No company uses the address it was sent to.")
    NO_PIN_SET = N_("The company has no PIN and the sender is not on its list.")
    MISSING_PIN = N_("No PIN in the subject or the first lines.")
    WRONG_PIN = N_("Wrong PIN.")
    SEVERAL_PINS = N_("Several different PINs in one message; none was checked.")
    INBOX_LOCKED = N_(
        "Wrong PIN; too many wrong PINs within an hour: the company's inbox is locked until "
        "%(until)s."
    )
    WRONG_PIN_BLOCKED = N_("Wrong PIN; the sender is blocked until %(until)s.")
    BLOCKED = N_("The sender is blocked until %(until)s.")
    TOO_LARGE = N_("The message is %(size)s MB, over the limit of %(limit)s MB; not fetched.")
    FAILED = N_("The message could not be handled: %(detail)s")
    NO_ATTACHMENTS = N_("No attachments.")
    CONVERSATION_REPLY = N_("A reply in the conversation “%(subject)s”; added to it.")
    TAKEN_IN_WITH_NOTES = N_("Taken in, with remarks: %(notes)s")
    # Translators: %(file)s is a file name, %(note)s one of the remarks below.
    ABOUT_FILE = N_("%(file)s: %(note)s")
    # Remarks on the message's content.
    TOO_MANY_FILES = N_("more than %(limit)s files; the rest skipped")
    NESTED_TOO_DEEP = N_("messages nested deeper than %(limit)s; the rest skipped")
    CONFIRMED = N_("confirmed all documents for %(month)s (%(state)s)")
    NO_MONTH = N_("says 'all documents' but names no month")
    # Remarks on one file.
    EMPTY_FILE = N_("empty (0 bytes); skipped")
    SMALL_IMAGE = N_("a small image (logo or signature); skipped")
    SIGNATURE_REPEATED = N_("the same image as in earlier mail (a signature); skipped")
    SAME_FILE_TWICE = N_("the same file twice in one message; taken once")
    ALREADY_HANDED_IN = N_("the same file as document %(document)s")
    OFFICE_DOCUMENT = N_("an Office document; send it as a PDF")
    OUTLOOK_FORMAT = N_("Outlook's own format; send PDF files")
    # Remarks on a file inside a ZIP archive.
    ARCHIVE_UNREADABLE = N_("the archive cannot be opened (%(detail)s)")
    ARCHIVE_TOO_MANY = N_("more than %(limit)s files in the archive; the rest skipped")
    ENCRYPTED = N_("encrypted in the archive; skipped")
    ZIP_BOMB = N_("compressed %(ratio)s:1, a zip bomb; skipped")
    ENTRY_TOO_LARGE = N_("too large; skipped")
    OVER_ARCHIVE_LIMIT = N_("over the archive's limit; skipped")
    ARCHIVE_TOO_DEEP = N_("archives nested deeper than %(limit)s; skipped")


def about(filename: str, note: Text | str) -> Message:
    """Return a remark on one file, naming it (an old note may be a plain text)."""
    kept = note if isinstance(note, str) else as_message(note)
    return MailNote.ABOUT_FILE.message(file=filename, note=kept)


def as_message(text: Text) -> Message:
    """Return any coded text (an error too) as a Message to store."""
    if isinstance(text, Message):
        return text
    return Message(text.msgid, dict(text.params), getattr(text, "code", None))


def codes(text: Any) -> list[str]:
    """Return the codes of a stored text and of every text nested in it, outermost first."""
    return list(_codes(text))


def _codes(value: Any) -> Iterator[str]:
    if isinstance(value, list | tuple):
        for item in value:
            yield from _codes(item)
        return
    if not isinstance(value, Text):
        return
    code = getattr(value, "code", None)
    if code:
        yield code
    for param in value.params.values():
        yield from _codes(param)
