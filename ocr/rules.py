"""Take dotted and dashed rules off a binary page before it is read.

Tesseract finds solid rules and leaves them out of the text; a rule of dots or dashes (a
typewriter's, a dot-matrix printer's, leaders between a label and its value) it reads
as a line of punctuation, or joins to the text above and below it, and the digits next to
it come out wrong. Such a rule is a row of specks, each far smaller than a letter, each
close to the next: the specks are joined along the row, and a long thin run of them is
erased.
"""

from __future__ import annotations

import cv2
import numpy as np

SPECK = 0.5  # a dot or dash is at most this many glyph heights tall...
DASH = 3.0  # ...and this many long (a longer one is a solid rule, which tesseract leaves)
STEP = 0.9  # specks closer than this (glyph heights) along a row belong to one rule
RULE = 8.0  # a run of specks this long (glyph heights) is a rule, not punctuation
MIN_SPECKS = 12
SHRINK = 4  # dots 1 mm apart stay apart at 300 dpi


def erase_dotted(binary: np.ndarray, glyph: float | None) -> np.ndarray:
    """Return the page (0/255, text black) with its dotted and dashed rules whitened.

    The rules are found on a copy SHRINK times smaller, where a pixel is ink when any of
    the page's pixels under it is (a page's connected components at full size cost more
    than the rest of the clean-up); only the specks inside them are looked at, and erased,
    at full size.
    """
    if glyph is None:
        return binary
    k = SHRINK
    shrunk = cv2.erode(binary, np.ones((k, k), np.uint8), anchor=(0, 0))[::k, ::k] < 128
    runs = _runs(shrunk.astype(np.uint8), glyph / k)
    if not runs:
        return binary
    out = binary.copy()
    for x, y, run_w, run_h in runs:
        top = max(0, k * (y - 2))
        box = out[top : k * (y + run_h + 2), k * x : k * (x + run_w)]
        _, labels, stats, _ = cv2.connectedComponentsWithStats((box < 128).astype(np.uint8))
        # a letter the box cuts through leaves a thin piece at its edge: only what lies
        # wholly inside is a speck
        inside = (stats[:, cv2.CC_STAT_TOP] > 0) & (
            stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT] < box.shape[0]
        )
        specks = _thin(stats, glyph) & inside & (stats[:, cv2.CC_STAT_WIDTH] <= DASH * glyph)
        box[specks[labels]] = 255
    return out


def _thin(stats: np.ndarray, glyph: float) -> np.ndarray:
    """Tell which connected components (OpenCV stats rows) are far lower than a letter."""
    thin = stats[:, cv2.CC_STAT_HEIGHT] <= SPECK * glyph
    thin[0] = False
    return thin


def _runs(ink: np.ndarray, glyph: float) -> list[tuple[int, int, int, int]]:
    """Return the boxes (x, y, width, height) of long thin rows of ink in a shrunk mask.

    Shrunk, the dots of a rule run together: a row of them is told from a solid rule at
    full size, where its dots are apart.
    """
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink)
    thin = _thin(stats, glyph)
    if thin.sum() < MIN_SPECKS:
        return []
    specks = thin[labels].astype(np.uint8)
    along = np.ones((1, max(3, int(STEP * glyph))), np.uint8)
    joined = cv2.morphologyEx(specks, cv2.MORPH_CLOSE, along)
    _, _, run_stats, _ = cv2.connectedComponentsWithStats(joined)
    long = (run_stats[:, cv2.CC_STAT_WIDTH] >= RULE * glyph) & (
        run_stats[:, cv2.CC_STAT_HEIGHT] <= 2 * SPECK * glyph
    )
    long[0] = False
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h, _ in run_stats[long]]
