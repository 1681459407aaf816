"""Files that go with a conversation's messages: checked, stored once in intake's storage.

A file is kept under its content's hash (a notice's file to many clients is stored once).
Programs are refused; anything else is kept, and is only ever served as a download
(application/octet-stream unless it is a PDF or an image, never inline), so a file that
carries something nasty is never run or rendered by the portal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from conversations.errors import ConversationError, Why
from intake.storage import Storage
from ocr import Reason, Rejected
from ocr.sniff import sniff

MAX_FILES = 10
REFUSED = (Reason.PROGRAM,)


@dataclass(frozen=True)
class Upload:
    """A file as a person sent it."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class StoredFile:
    """A file in storage, ready to go with a message."""

    filename: str
    media_type: str
    size: int
    sha256: str
    key: str


def media_type_of(upload: Upload) -> str:
    """Return a file's type from its bytes; refuse a program (ConversationError)."""
    try:
        return sniff(upload.data)
    except Rejected as e:
        if e.reason in REFUSED:
            raise ConversationError(Why.FILE_REFUSED, file=upload.filename, reason=e.problem) from e
        return "application/octet-stream"


def check_files(uploads: Sequence[Upload], max_mb: int) -> None:
    """Raise ConversationError for too many files or one too large."""
    if len(uploads) > MAX_FILES:
        raise ConversationError(Why.TOO_MANY_FILES, limit=MAX_FILES)
    for upload in uploads:
        if len(upload.data) > max_mb * 1024 * 1024:
            raise ConversationError(Why.FILE_TOO_LARGE, file=upload.filename, limit=max_mb)


def store_files(
    storage: Storage, office_id: int, uploads: Sequence[Upload], max_mb: int
) -> list[StoredFile]:
    """Check and store files (before the rows that name them are written)."""
    check_files(uploads, max_mb)
    stored = []
    for upload in uploads:
        if not upload.data:
            continue
        media_type = media_type_of(upload)
        digest = hashlib.sha256(upload.data).hexdigest()
        key = f"{office_id}/conversations/{digest}"
        storage.put(key, upload.data, media_type)
        name = (upload.filename or "file").replace("\r", "").replace("\n", "")[:255]
        stored.append(StoredFile(name, media_type, len(upload.data), digest, key))
    return stored
