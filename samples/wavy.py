"""A 300-dpi scan of a page that did not lie flat: an invoice typed in a monospaced font,
with dotted rules, whose text lines wave up and down across the page.

`python -m samples.hard` writes them among the other hard samples (kind "wavy").
"""

from __future__ import annotations

import math
import random

import cv2
import numpy as np
from PIL import Image

from samples import degrade, layouts
from samples.canvas import Canvas
from samples.generate import EPOCH
from samples.invoice import Invoice, random_invoice

DPI = 300
DOT = 0.3  # mm: a dot of a dotted rule, and its thickness
GAP = 0.75  # mm between the dots


class DottedCanvas(Canvas):
    """A canvas whose rules are rows of dots, as a typewriter or a dot-matrix printer made."""

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.2) -> None:
        """Draw a dotted line."""
        self.pdf.set_dash_pattern(dash=DOT, gap=GAP)
        super().line(x1, y1, x2, y2, max(width, DOT))
        self.pdf.set_dash_pattern()


def typed(inv: Invoice, rng: random.Random) -> bytes:
    """Lay the invoice out in the monospaced ledger style with dotted rules; return the PDF."""
    layout = layouts.Layout(inv, layouts.STYLES["ledger"], rng)
    layout.c = DottedCanvas(layout.c.family, rtl=layout.c.rtl)
    return layout.render()


def wave(page: Image.Image, rng: random.Random, amplitude: float) -> Image.Image:
    """Bend a page's lines up and down: a sine across the page (amplitude in pixels), with a
    slower second one, stronger towards the bottom, as paper lifted off the glass bends."""
    gray = np.asarray(page.convert("L"), dtype=np.float32)
    h, w = gray.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    wavelength = rng.uniform(0.55, 1.1) * w
    phase, phase2 = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
    across = np.sin(2 * np.pi * xx / wavelength + phase)
    across += 0.3 * np.sin(2 * np.pi * xx / (2.3 * wavelength) + phase2)
    dy = amplitude * across * (0.65 + 0.35 * yy / h)
    bent = cv2.remap(gray, xx, yy + dy, cv2.INTER_LINEAR, borderValue=255)
    return Image.fromarray(np.clip(bent, 0, 255).astype(np.uint8))


def make(seed: int, n: int, lang: str = "pl") -> tuple[bytes, dict]:
    """Return (JPEG bytes, truth) of one wavy monospaced scan."""
    rng = random.Random(f"{seed}:wavy:{n}")
    inv = random_invoice(rng, lang, rng.randint(1, 6), False, EPOCH)
    stem = f"wavy-{lang}-{seed}-{n:03d}"
    truth = inv.truth("scan", stem, "ledger-dotted")
    rendered = degrade.pages(typed(inv, rng), DPI)[0]
    bent = wave(rendered, rng, amplitude=rng.uniform(16, 26))
    return degrade.jpeg(degrade.scan(bent, rng), 65, DPI), truth
