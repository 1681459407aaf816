"""Harder inputs for the extractor's bench: a phone photo of a page lying on a dark table
under a soft shadow, a wavy 300-dpi scan of a monospaced page with dotted rules
(samples/wavy.py), and documents that are not invoices (letters, contracts, bank
statements), each with its truth.

usage: python -m samples.hard --out DIR [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageFilter

from samples import degrade, layouts, wavy
from samples.canvas import Canvas
from samples.generate import EPOCH, Spec
from samples.invoice import random_invoice

NOT_INVOICE = ["invoice_number", "sale_date", "due_date", "net_total", "vat_total",
               "gross_total", "vat_breakdown"]  # fmt: skip
KEPT = ["issue_date", "seller_name", "seller_tax_id", "buyer_name", "buyer_tax_id", "currency",
        "bank_account"]  # fmt: skip


def table_photo(page: Image.Image, rng: random.Random) -> Image.Image:
    """Photograph a page lying on a dark wooden table, steeply, with a soft shadow across it."""
    warped, mask = degrade.place(page, rng, (1.35, 1.25), (0.1, 0.06), (0.13, 0.09))
    out_h, out_w = mask.shape[:2]
    gen = np.random.default_rng(rng.randrange(2**32))
    wood = np.array([rng.randint(45, 95), rng.randint(25, 60), rng.randint(10, 35)], np.float32)
    grain = np.sin(np.linspace(0, rng.uniform(40, 120), out_h))[:, None] * 14
    grain = grain + gen.normal(0, 6, (out_h, 1))
    table = np.clip(wood[None, None, :] + grain[..., None], 0, 255)
    table = np.broadcast_to(table, (out_h, out_w, 3))
    img = warped * mask + table * (1 - mask)
    # a soft shadow (a hand, a phone) across part of the page: a half-plane, blurred edge
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    offset = rng.uniform(0.25, 0.6) * out_w
    side = np.cos(angle) * (xx - out_w / 2) + np.sin(angle) * (yy - out_h / 2) + out_w / 2 - offset
    edge = rng.uniform(0.03, 0.08) * out_w
    shade = 1 - rng.uniform(0.35, 0.55) / (1 + np.exp(-side / edge))
    light = 1.0 - rng.uniform(0.2, 0.4) * np.hypot(xx / out_w - 0.5, yy / out_h - 0.3)
    img = np.clip(img * (shade * light)[..., None] * rng.uniform(0.8, 0.95), 0, 255)
    img = cv2.GaussianBlur(img.astype(np.uint8), (0, 0), rng.uniform(0.7, 1.2))
    return Image.fromarray(img)


def letter(rng: random.Random, kind: str) -> tuple[bytes, dict]:
    """Write a payment demand, a contract or a bank statement as a text PDF, with truth."""
    inv = random_invoice(rng, "pl", rng.randint(1, 3), False, EPOCH)
    seller, buyer = inv.seller, inv.buyer
    day = inv.issue.strftime("%d.%m.%Y")
    gross = f"{inv.gross:,.2f}".replace(",", " ").replace(".", ",")
    if kind == "bank_statement":
        title = f"WYCIĄG Z RACHUNKU nr {rng.randint(1, 12)}/{inv.issue.year}"
        body = [
            f"Posiadacz rachunku: {buyer.name}",
            f"Data wyciągu: {day}",
            f"Saldo początkowe: {rng.randint(1000, 90000)},00 PLN",
            f"{day}  Przelew do {seller.name}  -{gross}",
            f"{day}  Wpłata od klienta  {rng.randint(100, 9000)},00",
            "Saldo końcowe: 12 345,67 PLN",
        ]
    elif rng.random() < 0.5:
        title = "WEZWANIE DO ZAPŁATY"
        body = [
            f"{seller.name}, {seller.city}, {day}",
            f"Do: {buyer.name}",
            "Szanowni Państwo,",
            f"wzywamy do zapłaty kwoty {gross} zł z faktury nr {inv.number}",
            "w terminie 7 dni od otrzymania niniejszego wezwania.",
            "Z poważaniem",
        ]
    else:
        title = f"UMOWA O ŚWIADCZENIE USŁUG nr {rng.randint(1, 99)}/{inv.issue.year}"
        body = [
            f"zawarta w dniu {day} pomiędzy:",
            f"{seller.name}, zwaną dalej Wykonawcą,",
            f"a {buyer.name}, zwaną dalej Zamawiającym.",
            "§ 1. Wykonawca zobowiązuje się do świadczenia usług doradczych.",
            f"§ 2. Wynagrodzenie wynosi {gross} zł brutto miesięcznie.",
            "§ 3. Umowa wchodzi w życie z dniem podpisania.",
        ]
    c = Canvas("sans")
    c.add_page()
    y = 25.0
    c.text(20, y, title, size=13, bold=True)
    for line in body:
        y += 9
        c.text(20, y, line, size=10)
    truth = {
        "source": "pdf-text",
        "lang": "pl",
        "origin": f"synthetic:samples.hard {kind}",
        "kind": "bank_statement" if kind == "bank_statement" else "letter",
        **dict.fromkeys(NOT_INVOICE),
        **dict.fromkeys(KEPT),
        "unsure": KEPT,
    }
    return bytes(c.pdf.output()), truth


def make(kind: str, seed: int, n: int) -> tuple[str, bytes, dict]:
    """Return (extension, bytes, truth) for one hard sample of a kind."""
    rng = random.Random(f"{seed}:hard:{kind}:{n}")
    if kind in ("letter", "bank_statement", "letter-scan"):
        data, truth = letter(rng, "bank_statement" if kind == "bank_statement" else "letter")
        if kind != "letter-scan":
            return "pdf", data, truth
        page = degrade.scan(degrade.pages(data, 300)[0], rng)
        return "jpg", degrade.jpeg(page, 65, 300), {**truth, "source": "scan"}
    lang = rng.choice(["pl"] * 4 + ["en"])
    if kind == "wavy":
        data, truth = wavy.make(seed, n, lang)
        return "jpg", data, truth
    layout = rng.choice(list(layouts.STYLES))
    spec = Spec(f"{kind}-{n}", "photo" if kind == "table" else "scan", lang, layout, 3)
    inv = random_invoice(rng, lang, rng.randint(1, 6), False, EPOCH)
    truth = inv.truth(spec.source, spec.stem, layout)
    pdf = layouts.render(inv, layout, rng)
    if kind == "table":
        image = table_photo(degrade.pages(pdf, 200)[0], rng)
        return "jpg", degrade.jpeg(image.filter(ImageFilter.SMOOTH), 80), truth
    raise ValueError(f"no hard kind {kind!r}")


KINDS = ("table", "wavy", "letter", "bank_statement", "letter-scan")


def write(out: Path, count: int, seed: int) -> list[Path]:
    """Write `count` samples of each hard kind into out; return the input files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        for n in range(count):
            ext, data, truth = make(kind, seed, n)
            stem = f"hard-{kind}-{seed}-{n:03d}"
            (out / f"{stem}.{ext}").write_bytes(data)
            (out / f"{stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
            written.append(out / f"{stem}.{ext}")
    return written


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and write the hard samples."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=4)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    write(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
