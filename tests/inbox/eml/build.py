"""Write the .eml fixtures and their expected outcomes: `python -m tests.inbox.eml.build`.

Each NAME.eml sits beside NAME.json: the status the message must end in, the file names
of the documents it must yield, and codes its note must hold (inbox.notes.codes).
"""

from __future__ import annotations

import base64
import json
from email.message import EmailMessage
from pathlib import Path

from tests.inbox.factory import jpeg, message, pdf, png, zip_of

HERE = Path(__file__).parent
PHOTO = jpeg("IMG-0412", (900, 1200))
LOGO = png((180, 60))
BANNER = png((420, 420), "darkred")


def write(name: str, msg: EmailMessage | bytes, expect: dict) -> None:
    """Write one fixture and its expectation."""
    raw = msg if isinstance(msg, bytes) else msg.as_bytes()
    (HERE / f"{name}.eml").write_bytes(raw)
    (HERE / f"{name}.json").write_text(json.dumps(expect, ensure_ascii=False, indent=1) + "\n")


def b64(data: bytes) -> str:
    """Return base64 in 76-character lines."""
    text = base64.b64encode(data).decode()
    return "\n".join(text[i : i + 76] for i in range(0, len(text), 76))


def raw_message(subject: str, parts: list[str], to: str = "docs+jeden@office.test") -> bytes:
    """Assemble a multipart/mixed message from hand-written parts (for exact headers)."""
    head = (
        "From: Jan Kowalski <jan@firma.test>\n"
        f"To: {to}\n"
        f"Subject: {subject}\n"
        "Date: Mon, 23 Nov 2026 10:00:00 +0100\n"
        f"Message-ID: <{abs(hash(subject)) % 10**12}.{len(parts)}@firma.test>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="==b=="\n\n'
    )
    body = "".join(f"--==b==\n{part}\n" for part in parts)
    return (head + body + "--==b==--\n").encode()


TEXT = (
    'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\nW załączniku.\n'
)


def build() -> None:
    """Write every fixture."""
    write(
        "plus-address-pin-in-brackets",
        message(
            "[4821] faktury za 10/2026",
            attachments=[("FV-1-10-2026.pdf", pdf("FV/1/10/2026"), "application/pdf")],
        ),
        {
            "status": "imported",
            "company": "jeden",
            "month": "2026-10",
            "documents": ["FV-1-10-2026.pdf"],
        },
    )
    write(
        "catch-all-domain-pin-colon",
        message(
            "PIN: 4821 faktura",
            to="jeden@docs.office.test",
            attachments=[("fv2.pdf", pdf("FV/2/10/2026"), "application/pdf")],
        ),
        {"status": "imported", "company": "jeden", "documents": ["fv2.pdf"]},
    )
    fwd = message(
        "(1357) faktura",
        to="Biuro <biuro@office.test>",
        attachments=[("fv3.pdf", pdf("FV/3/10/2026"), "application/pdf")],
        headers={"Delivered-To": "docs+dwa@office.test", "Cc": "docs+jeden@office.test"},
    )
    write(
        "delivered-to-wins", fwd, {"status": "imported", "company": "dwa", "documents": ["fv3.pdf"]}
    )
    write(
        "pin-in-body",
        message(
            "Faktury",
            body="PIN 4821\n\nDzień dobry,\nprzesyłam fakturę.\n",
            attachments=[("fv4.pdf", pdf("FV/4/10/2026"), "application/pdf")],
        ),
        {"status": "imported", "company": "jeden", "documents": ["fv4.pdf"]},
    )
    write(
        "wrong-pin",
        message("[1111] faktura", attachments=[("fv5.pdf", pdf("FV/5"), "application/pdf")]),
        {
            "status": "rejected",
            "company": "jeden",
            "documents": [],
            "note": ["wrong_pin"],
            "reply": True,
        },
    )
    write(
        "missing-pin",
        message("faktura", attachments=[("fv6.pdf", pdf("FV/6"), "application/pdf")]),
        {
            "status": "rejected",
            "company": "jeden",
            "documents": [],
            "note": ["missing_pin"],
            "reply": True,
        },
    )
    write(
        "auto-submitted-no-reply",
        message(
            "Undelivered: faktura",
            sender="MAILER-DAEMON@mx.firma.test",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        {"status": "rejected", "company": "jeden", "documents": [], "reply": False},
    )
    write(
        "unknown-address",
        message(
            "[4821] faktura",
            to="docs+nikt@office.test",
            attachments=[("fv7.pdf", pdf("FV/7"), "application/pdf")],
        ),
        {
            "status": "rejected",
            "company": None,
            "documents": [],
            "note": ["no_company"],
            "reply": True,
        },
    )
    inner = message(
        "FV/8 od dostawcy",
        sender="ksiegowosc@dostawca.test",
        to="jan@firma.test",
        attachments=[("FV-8.pdf", pdf("FV/8/10/2026"), "application/pdf")],
    )
    middle = message(
        "Fwd: FV/8",
        sender="szef@firma.test",
        to="jan@firma.test",
        attachments=[("FV-9.pdf", pdf("FV/9/10/2026"), "application/pdf")],
    )
    middle.add_attachment(inner)
    outer = message(
        "Fwd: Fwd: faktury [4821]",
        body="Przesyłam dalej.",
        attachments=[("FV-10.pdf", pdf("FV/10/10/2026"), "application/pdf")],
    )
    outer.add_attachment(middle)
    write(
        "forwarded-nested",
        outer,
        {
            "status": "imported",
            "company": "jeden",
            "documents": ["FV-10.pdf", "FV-9.pdf", "FV-8.pdf"],
        },
    )

    related = raw_message(
        "[4821] zdjęcie faktury",
        [
            'Content-Type: multipart/related; boundary="==r=="\n\n'
            "--==r==\n"
            'Content-Type: text/html; charset="utf-8"\n\n'
            '<p>Faktura w załączniku</p><img src="cid:photo@iphone"><br>'
            '<img src="cid:logo@sig">\n'
            "--==r==\n"
            "Content-Type: image/jpeg; name=IMG_0412.JPG\n"
            "Content-Disposition: inline; filename=IMG_0412.JPG\n"
            "Content-ID: <photo@iphone>\nContent-Transfer-Encoding: base64\n\n"
            f"{b64(PHOTO)}\n"
            "--==r==\n"
            "Content-Type: image/png\nContent-ID: <logo@sig>\n"
            "Content-Transfer-Encoding: base64\n\n"
            f"{b64(LOGO)}\n"
            "--==r==--\n"
        ],
    )
    write(
        "phone-inline-photo-and-logo",
        related,
        {
            "status": "imported",
            "company": "jeden",
            "documents": ["IMG_0412.JPG"],
            "note": ["small_image"],
        },
    )

    polish = pdf("FV/11 żółw")
    write(
        "rfc2231-polish-names",
        raw_message(
            "[4821] faktury",
            [
                TEXT,
                "Content-Type: application/pdf\n"
                "Content-Disposition: attachment;\n"
                " filename*=UTF-8''Faktura%20%C5%BC%C3%B3%C5%82w%20pa%C5%BAdziernik.pdf\n"
                f"Content-Transfer-Encoding: base64\n\n{b64(polish)}\n",
                "Content-Type: application/pdf\n"
                "Content-Disposition: attachment;\n"
                " filename*0*=iso-8859-2''Rachunek%20za%20%B6wiat%B3o;\n"
                " filename*1*=%20i%20gaz.pdf\n"
                f"Content-Transfer-Encoding: base64\n\n{b64(pdf('R/12 światło'))}\n",
            ],
        ),
        {
            "status": "imported",
            "company": "jeden",
            "documents": ["Faktura żółw październik.pdf", "Rachunek za światło i gaz.pdf"],
        },
    )
    write(
        "rfc2047-polish-names",
        raw_message(
            "=?UTF-8?Q?[4821]_faktury_za_pa=C5=BAdziernik?=",
            [
                TEXT,
                'Content-Type: application/pdf; name="=?UTF-8?B?xbvDs8WCdHkgcmFjaHVuZWsucGRm?="\n'
                "Content-Disposition: attachment;\n"
                ' filename="=?UTF-8?B?xbvDs8WCdHkgcmFjaHVuZWsucGRm?="\n'
                f"Content-Transfer-Encoding: base64\n\n{b64(pdf('FV/13 żółty'))}\n",
                'Content-Type: application/pdf; name="=?ISO-8859-2?Q?Op=B3ata_=BFa_gaz.pdf?="\n'
                f"Content-Transfer-Encoding: base64\n\n{b64(pdf('FV/14 gaz'))}\n",
            ],
        ),
        {
            "status": "imported",
            "company": "jeden",
            "documents": ["Żółty rachunek.pdf", "Opłata ża gaz.pdf"],
        },
    )
    write(
        "octet-stream-sniffed",
        raw_message(
            "[4821] skany",
            [
                TEXT,
                "Content-Type: application/octet-stream; name=skan\n"
                "Content-Disposition: attachment; filename=skan\n"
                f"Content-Transfer-Encoding: base64\n\n{b64(pdf('FV/15'))}\n",
                "Content-Type: application/octet-stream\n"
                "Content-Disposition: attachment\n"
                f"Content-Transfer-Encoding: base64\n\n{b64(jpeg('FV/16'))}\n",
            ],
        ),
        {"status": "imported", "company": "jeden", "documents": ["skan.pdf", "attachment-2.jpg"]},
    )
    archive = zip_of(
        {
            "październik/FV-17.pdf": pdf("FV/17"),
            "październik/FV-18.pdf": pdf("FV/18"),
            "__MACOSX/._FV-17.pdf": b"junk",
            "inne.zip": zip_of({"FV-19.pdf": pdf("FV/19")}),
            "Faktura_łódź.pdf": pdf("FV/20 Łódź"),
        },
        cp852=True,
    )
    write(
        "zip-nested-cp852",
        message("[4821] archiwum", attachments=[("faktury.zip", archive, "application/zip")]),
        {
            "status": "imported",
            "company": "jeden",
            "documents": ["FV-17.pdf", "FV-18.pdf", "FV-19.pdf", "Faktura_łódź.pdf"],
        },
    )
    bomb = zip_of({"zeros.pdf": b"\0" * 20_000_000, "FV-21.pdf": pdf("FV/21")})
    write(
        "zip-bomb",
        message("[4821] archiwum", attachments=[("bomba.zip", bomb, "application/zip")]),
        {
            "status": "imported",
            "company": "jeden",
            "documents": ["FV-21.pdf"],
            "note": ["zip_bomb"],
        },
    )
    write(
        "empty-part",
        message(
            "[4821] faktura",
            attachments=[
                ("pusty.pdf", b"", "application/pdf"),
                ("FV-22.pdf", pdf("FV/22"), "application/pdf"),
            ],
        ),
        {
            "status": "imported",
            "company": "jeden",
            "documents": ["FV-22.pdf"],
            "note": ["empty_file"],
        },
    )
    write(
        "refused-file",
        message(
            "[4821] notatka",
            attachments=[
                ("notatka.txt", b"To nie faktura.", "text/plain"),
                ("FV-23.pdf", pdf("FV/23"), "application/pdf"),
            ],
        ),
        {
            "status": "imported",
            "company": "jeden",
            "documents": ["FV-23.pdf"],
            "note": ["file_unreadable"],
            "reply": True,
        },
    )
    write(
        "confirm-month",
        message("[4821] komplet dokumentów 10/2026", body="Wysłałem już wszystko."),
        {
            "status": "imported",
            "company": "jeden",
            "documents": [],
            "note": ["confirmed"],
        },
    )
    for i, label in enumerate(("a", "b")):
        msg = raw_message(
            f"[4821] faktura {label}",
            [
                'Content-Type: multipart/related; boundary="==r=="\n\n'
                "--==r==\n"
                'Content-Type: text/html; charset="utf-8"\n\n'
                '<p>Faktura</p><img src="cid:banner@sig">\n'
                "--==r==\n"
                "Content-Type: image/png\nContent-ID: <banner@sig>\n"
                "Content-Disposition: inline; filename=banner.png\n"
                f"Content-Transfer-Encoding: base64\n\n{b64(BANNER)}\n"
                "--==r==--\n",
                "Content-Type: application/pdf\nContent-Disposition: attachment; "
                f"filename=FV-{24 + i}.pdf\n"
                f"Content-Transfer-Encoding: base64\n\n{b64(pdf(f'FV/{24 + i}'))}\n",
            ],
        )
        write(f"signature-repeated-{label}", msg, {"status": "imported", "company": "jeden"})


if __name__ == "__main__":
    build()
