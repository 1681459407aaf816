"""Turn rendered PDF pages into scans, low-resolution scans and phone photos."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Render every page of a PDF to greyscale at dpi."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [
            doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            for i in range(len(doc))
        ]
    finally:
        doc.close()


def _noise(img: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    arr = np.asarray(img, dtype=np.float32)
    gen = np.random.default_rng(rng.randrange(2**32))
    arr = arr + gen.normal(0, sigma, arr.shape)
    specks = gen.random(arr.shape) < 0.0004
    arr[specks] = 0
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def scan(page: Image.Image, rng: random.Random, turn: int = 0) -> Image.Image:
    """Make a flatbed scan: slight tilt, blur, grey paper, noise; turn is 0/90/180/270."""
    angle = rng.uniform(-3, 3)
    img = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.0)))
    paper = rng.randint(225, 245)
    img = img.point(lambda v: int(v * paper / 255))
    img = _noise(img, rng, rng.uniform(2, 5))
    if turn:
        img = img.rotate(turn, expand=True)
    return img


def lowres(page: Image.Image, rng: random.Random) -> Image.Image:
    """Make a 150-dpi scan (page rendered at 150 dpi): tilt, blur and noise, lighter."""
    img = page.rotate(
        rng.uniform(-2, 2), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
    )
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.6)))
    return _noise(img, rng, rng.uniform(2, 6))


def _background(w: int, h: int, rng: random.Random) -> np.ndarray:
    gen = np.random.default_rng(rng.randrange(2**32))
    base = np.array([rng.randint(40, 140), rng.randint(40, 120), rng.randint(30, 100)], np.float32)
    grain = gen.normal(0, 12, (h // 8 + 1, w // 8 + 1, 1)).astype(np.float32)
    grain = cv2.resize(grain, (w, h))[..., None]
    stripes = (np.sin(np.linspace(0, rng.uniform(10, 60), w)) * 10)[None, :, None]
    return np.clip(base + grain + stripes, 0, 255)


def place(
    page: Image.Image,
    rng: random.Random,
    room: tuple[float, float],
    tilt: tuple[float, float],
    margin: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Lay a page in perspective on a larger picture: room is the picture's size over the
    page's, tilt how far each corner may move (shares of the page), margin where its top
    left corner goes (shares of the picture). Return the warped page and its mask."""
    src = np.asarray(page.convert("RGB"), dtype=np.float32)
    h, w = src.shape[:2]
    out_w, out_h = int(w * room[0]), int(h * room[1])
    margin_x, margin_y = out_w * margin[0], out_h * margin[1]

    def jitter(x: float, y: float) -> list[float]:
        return [x + rng.uniform(-tilt[0], tilt[0]) * w, y + rng.uniform(-tilt[1], tilt[1]) * h]

    corners = np.float32(
        [
            jitter(margin_x, margin_y),
            jitter(margin_x + w, margin_y),
            jitter(margin_x + w, margin_y + h),
            jitter(margin_x, margin_y + h),
        ]
    )
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), corners)
    warped = cv2.warpPerspective(src, matrix, (out_w, out_h), borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (out_w, out_h))[..., None]
    return warped, mask


def photo(page: Image.Image, rng: random.Random) -> Image.Image:
    """Make a phone photo: page on a table, in perspective, unevenly lit, a little blurred."""
    warped, mask = place(page, rng, (1.25, 1.2), (0.06, 0.04), (0.1, 0.07))
    out_h, out_w = mask.shape[:2]
    img = warped * mask + _background(out_w, out_h, rng) * (1 - mask)
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    cx, cy = rng.uniform(0, out_w), rng.uniform(0, out_h)
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / max(out_w, out_h)
    light = (1.05 - rng.uniform(0.3, 0.5) * dist)[..., None]
    tint = np.array([1.0, rng.uniform(0.95, 1.0), rng.uniform(0.85, 0.97)], np.float32)
    img = np.clip(img * light * tint, 0, 255).astype(np.uint8)
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.6, 1.1))
    return Image.fromarray(img)


def jpeg(img: Image.Image, quality: int, dpi: int | None = None) -> bytes:
    """Encode an image as JPEG, with its dpi when known."""
    buf = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    img.save(buf, "JPEG", quality=quality, optimize=True, **extra)
    return buf.getvalue()


def image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """Pack scanned pages into one image-only PDF (JPEG inside), as scanners do."""
    buf = io.BytesIO()
    first, *rest = [im.convert("L") for im in images]
    first.save(buf, "PDF", save_all=True, append_images=rest, resolution=dpi, quality=60)
    return buf.getvalue()
