"""ZIP attachments opened within limits: entry count, total size, nesting, compression ratio."""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from inbox.notes import MailNote, about
from intake.i18n import Message

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
OFFICE_MARKERS = ("[Content_Types].xml", "mimetype")
JUNK = ("__MACOSX/", "Thumbs.db", ".DS_Store", "desktop.ini")


@dataclass(frozen=True)
class Limits:
    """How much of an archive may be opened."""

    max_entries: int = 100
    max_total: int = 100 * 1024 * 1024
    max_file: int = 25 * 1024 * 1024
    max_depth: int = 2
    max_ratio: int = 100


@dataclass
class Unpacked:
    """Files found in an archive (name, bytes) and what was left out, with reasons."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    total: int = 0


def is_zip(data: bytes) -> bool:
    """Tell whether bytes start like a ZIP archive."""
    return data.startswith(ZIP_MAGIC)


def is_office_document(data: bytes) -> bool:
    """Tell a .docx/.xlsx/.odt (a ZIP inside) from an archive of invoices."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist()[:50])
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return any(marker in names for marker in OFFICE_MARKERS)


def entry_name(info: zipfile.ZipInfo) -> str:
    """Return an entry's name; Polish Windows tools write CP852 without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for encoding in ("utf-8", "cp852"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def unpack(data: bytes, name: str, limits: Limits, depth: int = 1) -> Unpacked:
    """Open a ZIP archive (and archives inside it) within limits; never raise for bad input."""
    out = Unpacked()
    _unpack(data, name, limits, depth, out)
    return out


def _unpack(data: bytes, name: str, limits: Limits, depth: int, out: Unpacked) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        out.notes.append(about(name, MailNote.ARCHIVE_UNREADABLE.message(detail=str(e))))
        return
    with zf:
        for info in zf.infolist():
            inner = f"{name}/{entry_name(info)}"
            if info.is_dir() or _is_junk(info.filename):
                continue
            if len(out.files) >= limits.max_entries:
                note = MailNote.ARCHIVE_TOO_MANY.message(limit=limits.max_entries)
                out.notes.append(about(name, note))
                return
            if info.flag_bits & 0x1:
                out.notes.append(about(inner, MailNote.ENCRYPTED.message()))
                continue
            if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
                ratio = info.file_size // info.compress_size
                out.notes.append(about(inner, MailNote.ZIP_BOMB.message(ratio=ratio)))
                continue
            budget = min(limits.max_file, limits.max_total - out.total)
            content = _read(zf, info, budget)
            if content is None:
                why = (
                    MailNote.ENTRY_TOO_LARGE
                    if budget == limits.max_file
                    else MailNote.OVER_ARCHIVE_LIMIT
                )
                out.notes.append(about(inner, why.message()))
                if budget < limits.max_file:
                    return
                continue
            out.total += len(content)
            if is_zip(content) and not is_office_document(content):
                if depth >= limits.max_depth:
                    note = MailNote.ARCHIVE_TOO_DEEP.message(limit=limits.max_depth)
                    out.notes.append(about(inner, note))
                    continue
                _unpack(content, inner, limits, depth + 1, out)
                continue
            out.files.append((PurePosixPath(entry_name(info)).name, content))


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes | None:
    """Read an entry, trusting no header: stop past the budget and return None."""
    if info.file_size > budget:
        return None
    chunks, size = [], 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(64 * 1024):
                size += len(chunk)
                if size > budget:
                    return None
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as e:
        logger.info("zip entry %s unreadable: %s", info.filename, e)
        return b""
    return b"".join(chunks)


def _is_junk(filename: str) -> bool:
    base = PurePosixPath(filename).name
    return filename.startswith(JUNK[0]) or base in JUNK or base.startswith("._")
