"""Clean a page image for OCR: find and flatten the page, turn it upright, deskew, dewarp,
binarise, take dotted rules off."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess

import cv2
import numpy as np
from PIL import Image, ImageOps

from ocr.dewarp import straighten
from ocr.rules import erase_dotted
from ocr.zeros import plain_zeros

logger = logging.getLogger(__name__)

WORK_WIDTH = 1000  # width of the small copy used for the cheap measurements
TARGET_TEXT_HEIGHT = 24  # median glyph height (px) that reads best; ~9 pt at 300 dpi
MAX_UPSCALE = 2.5


def prepare(
    image: Image.Image, dpi: int | None = None, find: bool = True, local: bool = False
) -> Image.Image:
    """Return a clean, upright, deskewed black-on-white page ready for tesseract.

    find=False reads the picture as it is (when the page found was wrong); local=True
    thresholds each neighbourhood on its own (a shadow, a fold), not the page at once.
    """
    image = ImageOps.exif_transpose(image)
    dpi = dpi or _dpi_of(image)
    gray = np.asarray(image.convert("L"))
    colour = np.asarray(image.convert("RGB")) if image.mode not in ("L", "1", "I;16") else None
    quad = find_page(gray, colour) if find else None
    if quad is not None:
        logger.debug("page found at %s, flattening", quad.tolist())
        gray = flatten(gray, quad)
        dpi = None  # the photo's pixels say nothing about the paper's size
    gray = even_light(gray)
    scale = upscale_factor(gray, dpi)
    if scale > 1.05:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    small = _binary(_shrink(gray))
    turn = orientation(small)
    if turn:
        gray = np.ascontiguousarray(np.rot90(gray, turn // 90))
        small = np.ascontiguousarray(np.rot90(small, turn // 90))
    angle = skew_angle(small)
    if abs(angle) >= 0.2:  # tesseract copes with less; rotating costs time
        gray = rotate(gray, angle)
        small = rotate(small, angle)
    glyph = text_height(small)
    straight, small, bend = straighten(gray, small, glyph)
    straightened, gray = straight is not gray, straight
    unsure = upside_down_hint(small)
    if unsure:  # upside down, or Hebrew (whose ink also hangs low): let OSD decide
        clean = _binary(gray)
        osd = osd_turn(_binary(_shrink(clean, clean.shape[1] // 2)), dpi=150)
        if osd == 180:
            gray, unsure = np.ascontiguousarray(np.rot90(gray, 2)), False
            small = np.ascontiguousarray(np.rot90(small, 2))
    # dark bars are found on the small copy; thresholded locally, a bar is no longer solid
    binary = uninvert(_local_binary(gray), None) if local else uninvert(_binary(gray), small)
    # enlarged pages (low-dpi scans, photos) carry dust as blobs; at 300 dpi a median is enough
    binary = despeckle(binary) if scale > 1.05 or quad is not None else cv2.medianBlur(binary, 3)
    binary = erase_dotted(binary, glyph and glyph * gray.shape[1] / small.shape[1])
    binary = plain_zeros(binary)
    page = Image.fromarray(binary)
    page.info["upside_down_hint"] = unsure
    page.info["bend"] = bend  # how far its lines waved (glyph heights)
    page.info["straightened"] = straightened
    page.info["gray"] = gray  # the page before thresholding, for a second look at a field
    return page


def despeckle(binary: np.ndarray) -> np.ndarray:
    """Remove dust: ink blobs far smaller than a full stop, which split lines for tesseract."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(
        (binary < 128).astype(np.uint8), connectivity=8
    )
    heights = _glyph_filter(stats[1:])
    height = float(np.median(heights)) if len(heights) >= 20 else TARGET_TEXT_HEIGHT
    tiny = stats[:, cv2.CC_STAT_AREA] <= max(4, int((height / 7) ** 2))
    tiny[0] = False
    if tiny.any():
        binary[tiny[labels]] = 255
    return binary


def uninvert(binary: np.ndarray, small: np.ndarray | None = None) -> np.ndarray:
    """Turn solid dark bars (white text on a dark band) into black text on white.

    `small` is a shrunk binary copy of the same page, when one is at hand.
    """
    small = _shrink(binary) if small is None else small
    factor = binary.shape[1] / small.shape[1]
    _, _, stats, _ = cv2.connectedComponentsWithStats((small < 128).astype(np.uint8))
    for x, y, w, h, area in stats[1:]:
        if w > 0.15 * small.shape[1] and h > 8 and area > 0.6 * w * h:
            x0, y0 = int(x * factor), int(y * factor)
            x1, y1 = int((x + w) * factor), int((y + h) * factor)
            binary[y0:y1, x0:x1] = 255 - binary[y0:y1, x0:x1]
    return binary


def _dpi_of(image: Image.Image) -> int | None:
    value = image.info.get("dpi")
    try:
        dpi = round(float(value[0])) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if dpi and 50 <= dpi <= 1200 and dpi != 72 else None


def _shrink(gray: np.ndarray, width: int = WORK_WIDTH) -> np.ndarray:
    factor = width / gray.shape[1]
    if factor >= 1:
        return gray
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def _binary(gray: np.ndarray) -> np.ndarray:
    """Return a 0/255 image (text black) by Otsu's threshold."""
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return out


def _local_binary(gray: np.ndarray) -> np.ndarray:
    """Return a 0/255 image thresholded against each pixel's neighbourhood (text black)."""
    heights = _glyph_heights(_binary(_shrink(gray)))
    scale = gray.shape[1] / min(gray.shape[1], WORK_WIDTH)
    height = float(np.median(heights)) * scale if len(heights) >= 20 else TARGET_TEXT_HEIGHT
    block = int(4 * height) | 1
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, max(block, 15), 12
    )


def even_light(gray: np.ndarray) -> np.ndarray:
    """Divide out the paper's background (uneven phone lighting, grey scans) so paper is white."""
    small = cv2.resize(gray, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    background = cv2.medianBlur(cv2.dilate(small, np.ones((9, 9), np.uint8)), 5)
    # a dark band or photo is not paper in shadow: never lift it to white
    background = np.maximum(background, 0.6 * np.median(background)).astype(np.uint8)
    background = cv2.resize(
        background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    return cv2.divide(gray, np.maximum(background, 1), scale=255)


def find_page(gray: np.ndarray, colour: np.ndarray | None = None) -> np.ndarray | None:
    """Return the page's four corners (full-size pixels) in a photo, or None for a scan.

    Two masks are tried: the bright part of the picture (Otsu), and everything unlike the
    table the page lies on (its colour taken from the picture's frame), which keeps a page
    half in shadow whole. The larger page found wins.
    """
    small = _shrink(gray, 800)
    factor = gray.shape[1] / small.shape[1]
    blurred = cv2.GaussianBlur(small, (7, 7), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    masks = [bright]
    if colour is not None:
        unlike = _unlike_table(cv2.resize(colour, (small.shape[1], small.shape[0])))
        if unlike is not None:
            masks.append(unlike)
    found = [q for q in (_quad(mask, small) for mask in masks) if q is not None]
    if not found:
        return None
    quad = max(found, key=lambda q: cv2.contourArea(q))
    return _order(quad.reshape(4, 2).astype(np.float32) * factor)


def _unlike_table(small: np.ndarray) -> np.ndarray | None:
    """Return a mask of what differs in colour from the picture's frame (the table), or None
    when the frame is not one surface (the page reaches the picture's edges)."""
    h, w = small.shape[:2]
    k = max(4, int(0.03 * min(h, w)))
    frame = np.concatenate(
        [small[:k].reshape(-1, 3), small[-k:].reshape(-1, 3), small[:, :k].reshape(-1, 3),
         small[:, -k:].reshape(-1, 3)]
    ).astype(np.float32)  # fmt: skip
    table = np.median(frame, axis=0)
    spread = np.median(np.abs(frame - table).sum(axis=1))
    if spread > 40:
        return None
    lab = cv2.GaussianBlur(small, (7, 7), 0).astype(np.float32)
    distance = np.abs(lab - table).sum(axis=2)
    mask = (distance > max(60.0, 4 * spread)).astype(np.uint8) * 255
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))


def _quad(mask: np.ndarray, small: np.ndarray) -> np.ndarray | None:
    """Return the four corners of the largest blob of a mask (small pixels), or None."""
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(np.concatenate(_page_parts(list(contours))))
    area, total = cv2.contourArea(hull), small.shape[0] * small.shape[1]
    if not 0.2 * total < area < 0.93 * total:
        return None
    peri = cv2.arcLength(hull, True)
    for eps in (0.02, 0.03, 0.05, 0.08):
        quad = cv2.approxPolyDP(hull, eps * peri, True)
        if len(quad) == 4:
            break
    else:
        return None
    inside = np.zeros_like(small)
    cv2.fillConvexPoly(inside, quad, 255)
    if small[inside > 0].mean() - small[inside == 0].mean() < 30:
        return None  # no darker surround: a scan whose page fills the picture
    return quad


BAND_GAP = 0.15  # a strip this far (share of the page's height) from the page is its margin


def _page_parts(contours: list[np.ndarray]) -> list[np.ndarray]:
    """Return the largest blob and the strips of the same page a dark band cuts off it.

    A page whose header or footer is a dark band shows, in a photo, as the page's body
    and a thin margin beyond the band: a blob nearly as wide as the body, within its span
    (measured along the body's own axes, the page being turned) and within BAND_GAP of its
    height. Other blobs (a pen, a second sheet, the letters in the band) are not taken.
    """
    body = max(contours, key=cv2.contourArea)
    _, _, angle = cv2.minAreaRect(body)
    theta = np.deg2rad(angle)
    a, b = np.array([np.cos(theta), np.sin(theta)]), np.array([-np.sin(theta), np.cos(theta)])
    across, down = (a, b) if abs(a[0]) >= abs(b[0]) else (b, a)

    def extent(blob: np.ndarray) -> tuple[float, float, float, float]:
        points = blob.reshape(-1, 2).astype(np.float64)
        x, y = points @ across, points @ down
        return x.min(), x.max(), y.min(), y.max()

    left, right, top, bottom = extent(body)
    width, height = right - left, bottom - top
    parts = [body]
    for other in contours:
        if other is body or cv2.contourArea(other) < 0.01 * width * height:
            continue
        o_left, o_right, o_top, o_bottom = extent(other)
        # within the body's span and nearly as wide (perspective narrows the far edge)
        inside = o_left >= left - 0.05 * width and o_right <= right + 0.05 * width
        aligned = inside and o_right - o_left >= 0.8 * width
        gap = max(o_top - bottom, top - o_bottom)
        # the projections may overlap a little: perspective tilts the strip against the body
        if (
            aligned
            and -0.05 * height <= gap <= BAND_GAP * height
            and o_bottom - o_top <= BAND_GAP * height
        ):
            parts.append(other)
    return parts


def _order(pts: np.ndarray) -> np.ndarray:
    """Order corners top-left, top-right, bottom-right, bottom-left."""
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]], dtype=np.float32
    )


def flatten(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Warp the quadrilateral page to an upright rectangle."""
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(
        gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255
    )


def _glyph_heights(binary: np.ndarray) -> np.ndarray:
    """Return the heights of the glyph-sized ink blobs (black on white input)."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(255 - binary, connectivity=8)
    return _glyph_filter(stats[1:])


def _glyph_filter(stats: np.ndarray) -> np.ndarray:
    """Return the heights of the components (OpenCV stats rows) that are glyph-sized."""
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    keep = (h >= 5) & (h <= 150) & (w >= 2) & (w <= 150) & (w < 4 * h)
    return h[keep]


def glyph_mask(binary: np.ndarray) -> np.ndarray:
    """Return a boolean mask of the glyph-sized ink (no rules, boxes or pictures)."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(255 - binary, connectivity=8)
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    keep = (h >= 3) & (h <= 150) & (w <= 400)
    keep[0] = False
    return keep[labels]


def text_height(binary: np.ndarray) -> float | None:
    """Return the median height of glyph-sized ink blobs, or None if there are too few."""
    heights = _glyph_heights(binary)
    return float(np.median(heights)) if len(heights) >= 20 else None


def upscale_factor(gray: np.ndarray, dpi: int | None) -> float:
    """Return how much to enlarge a low-resolution page (1.0 when it is fine)."""
    if dpi:
        return min(MAX_UPSCALE, 300 / dpi) if dpi < 220 else 1.0
    height = text_height(_binary(gray))
    if height is None or height >= TARGET_TEXT_HEIGHT * 0.7:
        return 1.0
    return min(MAX_UPSCALE, TARGET_TEXT_HEIGHT / height)


def _profile_score(binary: np.ndarray) -> float:
    rows = (binary < 128).sum(axis=1).astype(np.float64)
    return float(np.square(np.diff(rows)).sum())


def _tilted_scores(binary: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Return _profile_score of the binary turned by each angle, without turning it.

    The row profile of a turned page is where its ink pixels land: each pixel's row after
    the turn (as rotate() would put it), counted; far cheaper than drawing every turn.
    """
    h, w = binary.shape
    ys, xs = np.nonzero(binary < 128)
    dy, dx = ys - h / 2, xs - w / 2
    scores = np.zeros(len(angles))
    for i, angle in enumerate(np.radians(angles)):
        rows = np.rint(h / 2 + np.cos(angle) * dy - np.sin(angle) * dx).astype(np.intp)
        profile = np.bincount(rows[(rows >= 0) & (rows < h)], minlength=h).astype(np.float64)
        scores[i] = np.square(np.diff(profile)).sum()
    return scores


def _text_lines(binary: np.ndarray, glyph: float) -> int:
    """Count ink runs that become wide bars when letters are joined sideways (text lines)."""
    ink = np.where(binary < 128, 255, 0).astype(np.uint8)
    size = max(3, int(1.2 * glyph))
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, size), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    return int(((w > 3 * h) & (w > 20)).sum())


def orientation(small: np.ndarray) -> int:
    """Return the quarter turn (0 or 90, counter-clockwise) that makes text lines horizontal.

    Letters that join sideways into long bars are lines. Monospaced letters stand in
    columns too, which join across tight lines into bars the other way: a turn is only
    taken on that cue when the ink profile (sharper across lines than along them, at its
    best tilt) leans the same way. A close call, or cues that disagree, go to tesseract's
    orientation detection.
    """
    glyph = text_height(small) or 10
    level = _text_lines(small, glyph)
    turned = _text_lines(np.ascontiguousarray(np.rot90(small)), glyph)
    clear = max(level, turned) >= 8 and not 0.67 < level / max(turned, 1) < 1.5
    if clear and turned < level:
        return 0
    tiny = _shrink(small, 500)
    flat, up = _sharpest(tiny), _sharpest(np.ascontiguousarray(np.rot90(tiny)))
    if clear:
        return 90 if up > flat else osd_turn(small)
    if not 0.67 < flat / max(up, 1.0) < 1.5:
        return 90 if up > flat else 0
    return osd_turn(small)


def _sharpest(binary: np.ndarray) -> float:
    return float(_tilted_scores(binary, np.arange(-5, 5.1, 1.0)).max())


def osd_turn(small: np.ndarray, dpi: int = 100) -> int:
    """Ask tesseract's orientation detection (--psm 0) for the turn; 0 when it cannot tell."""
    buf = io.BytesIO()
    Image.fromarray(small).convert("1", dither=Image.Dither.NONE).save(buf, "PNG")
    cmd = ["tesseract", "stdin", "stdout", "--psm", "0", "--dpi", str(dpi)]
    try:
        done = subprocess.run(
            cmd,
            input=buf.getvalue(),
            capture_output=True,
            timeout=60,
            env=tesseract_env(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        logger.warning("OSD could not run: %s", e)
        return 0
    found = re.search(r"Rotate: (\d+)", done.stdout.decode("utf-8", "replace"))
    if not found:
        logger.debug("OSD gave no answer: %s", done.stderr.decode("utf-8", "replace")[-200:])
        return 0
    # tesseract's "Rotate" is clockwise; np.rot90 and our turns are counter-clockwise
    return (360 - int(found.group(1))) % 360


def tesseract_env() -> dict[str, str]:
    """Return the environment for tesseract: one OpenMP thread unless told otherwise.

    OpenMP threads make tesseract slower on small machines (they spin); run pages in
    parallel workers instead.
    """
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}


def upside_down_hint(small: np.ndarray) -> bool:
    """Tell whether the page may be upside down (or be Hebrew): ink hangs below the lines."""
    return _ascender_balance(small) < -0.2


def _ascender_balance(binary: np.ndarray) -> float:
    """Return (ink above the x-height band - ink below) / all, over lines; Latin text is > 0."""
    ink = (binary < 128).sum(axis=1).astype(np.float64)
    rows = np.flatnonzero(ink > 0)
    above = below = 0.0
    for line in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        if not 6 <= len(line) <= 60:
            continue
        profile = ink[line[0] : line[-1] + 1]
        band = np.flatnonzero(profile >= 0.5 * profile.max())
        above += profile[: band[0]].sum()
        below += profile[band[-1] + 1 :].sum()
    total = above + below
    return (above - below) / total if total else 0.0


def skew_angle(small: np.ndarray, limit: float = 5.0) -> float:
    """Return the angle (degrees, counter-clockwise) by which to turn the page to level it."""

    def best(image: np.ndarray, angles: np.ndarray) -> float:
        return float(angles[int(np.argmax(_tilted_scores(image, angles)))])

    tiny = _shrink(small, 500)
    coarse = best(tiny, np.arange(-limit, limit + 0.01, 0.5))
    return best(small, np.arange(coarse - 0.4, coarse + 0.41, 0.1))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate about the centre, counter-clockwise by angle degrees, filling with white."""
    h, w = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
