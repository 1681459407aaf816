"""Small real documents and messages for the inbox tests and the bench."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from email.message import EmailMessage
from email.utils import make_msgid

from fpdf import FPDF
from PIL import Image, ImageDraw

FIXED_DATE = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def pdf(label: str) -> bytes:
    """Return a one-page PDF invoice whose text (and so its hash) is the label."""
    doc = FPDF()
    doc.set_creation_date(FIXED_DATE)  # else a second later gives other bytes and hash
    doc.add_page()
    doc.set_font("helvetica", size=14)
    doc.cell(text="Faktura VAT " + label.encode("ascii", "backslashreplace").decode())
    doc.ln()
    doc.cell(text="Sprzedawca: Firma Testowa, NIP 5260250274. Razem brutto 123,00 PLN")
    return bytes(doc.output())


def jpeg(label: str, size: tuple[int, int] = (600, 800)) -> bytes:
    """Return a photo-like JPEG of a page with the label written on it."""
    image = Image.new("RGB", size, (235, 232, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, size[0] - 40, size[1] - 40), fill="white")
    draw.text((60, 60), "FAKTURA " + label.encode("ascii", "replace").decode(), fill="black")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def png(size: tuple[int, int], color: str = "navy") -> bytes:
    """Return a flat PNG, like a logo."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def zip_of(files: dict[str, bytes], *, cp852: bool = False) -> bytes:
    """Return a ZIP archive; cp852 writes names the Polish Windows way (no UTF-8 flag)."""
    out = io.BytesIO()
    renames: dict[bytes, bytes] = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(files.items()):
            stored = name
            if cp852 and not name.isascii():
                legacy = name.encode("cp852")
                stored = f"~{i}".ljust(len(legacy), "~")
                renames[stored.encode()] = legacy
            info = zipfile.ZipInfo(stored, date_time=(2026, 10, 31, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    raw = out.getvalue()
    for placeholder, legacy in renames.items():
        raw = raw.replace(placeholder, legacy)
    return raw


def message(
    subject: str,
    to: str = "docs+jeden@office.test",
    sender: str = "Jan Kowalski <jan@firma.test>",
    body: str = "Dzień dobry, w załączniku faktury.",
    attachments: list[tuple[str, bytes, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """Return an e-mail with attachments given as (filename, bytes, media type)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = "Mon, 23 Nov 2026 10:00:00 +0100"
    msg["Message-ID"] = make_msgid(domain="firma.test")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, data, media_type in attachments or []:
        maintype, subtype = media_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg
