"""Straighten a wavy page: measure how its text lines bend across the page, pull them level.

A page that did not lie flat on the glass (a fold, a curl, paper that waves) has text lines
that rise and fall across the page; tesseract then cuts them into pieces, or reads two
lines as one, and reads little. The bend is measured on the small binary copy that
prepare() already has: the page is cut into vertical strips and horizontal bands; in each
band the ink profile (ink per row) of each strip is matched against the strips beside it,
which says how far that strip's lines sit above or below the band's. Those shifts, made
consistent between bands and smoothed, are a displacement field that cv2.remap applies to
the whole page. A page whose lines bend less than MIN_BEND of a text line's height is
left as it is: a straight page costs the measurement only (a few milliseconds).
"""

from __future__ import annotations

import logging

import cv2
import numpy as np

logger = logging.getLogger(__name__)

STRIPS = 32  # vertical strips across the page
BAND_HEIGHT = 16  # a band is about this many glyph heights tall (six or seven lines)
REACH = 0.8  # how far (glyph heights) a strip's lines may sit from its neighbour's
MIN_MATCH = 0.5  # correlation of two strips' profiles below which they are not compared
SMOOTH = 0.3  # weight of the field's smoothness against the matches (weighted 0.5-1)
MIN_KNOWN = 4  # strips a band needs matched to say anything
MIN_BEND = 0.3  # bends (glyph heights) smaller than this are left alone
MIN_GAIN = 1.05  # the straightened copy's row profile must be this much sharper


def straighten(
    gray: np.ndarray, small: np.ndarray, glyph: float | None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Return the page and its small binary copy with their text lines levelled, and the bend.

    `small` is a black-on-white copy of `gray` (the same page, shrunk), `glyph` the median
    height of its letters. The bend is how far the lines depart from straight, in glyph
    heights; a page that bends less than MIN_BEND, or that straightening would not
    sharpen, comes back as it was (the same arrays).
    """
    if glyph is None:
        return gray, small, 0.0
    measured = bend_field(small, glyph)
    if measured is None:
        return gray, small, 0.0
    field, bend = measured[0], measured[1] / glyph
    if bend < MIN_BEND:
        return gray, small, bend
    levelled = remap(small, field)
    before, after = _sharpness(small), _sharpness(levelled)
    if after < MIN_GAIN * before:
        logger.debug("a bend of %.2f lines that straightening does not sharpen: left", bend)
        return gray, small, bend
    logger.debug("straightening a bend of %.2f glyph heights", bend)
    factor = gray.shape[1] / small.shape[1]
    return remap(gray, field * factor), levelled, bend


def bend_field(binary: np.ndarray, glyph: float) -> tuple[np.ndarray, float] | None:
    """Return per band and strip how far the text lines sit below the page's (rows of
    binary), and how far they bend (rows); None when too few bands have text enough to tell.
    """
    profiles = _profiles(binary, glyph)
    height = profiles.shape[0]
    bands = max(2, round(height / (BAND_HEIGHT * glyph)))
    step = height / bands
    rows = []
    for band in range(bands):
        centre = (band + 0.5) * step
        top, bottom = int(max(0, centre - step)), int(min(height, centre + step))
        rows.append(_band_shifts(profiles[top:bottom], glyph))
    grid = np.array(rows)
    if (np.isfinite(grid).sum(axis=1) >= MIN_KNOWN).sum() < 2:
        return None
    joined = _join_bands(grid)
    return _fill(joined), _curvature(joined)


def remap(image: np.ndarray, field: np.ndarray) -> np.ndarray:
    """Pull each column of the image up or down by the field (bands x strips), spread smoothly."""
    h, w = image.shape[:2]
    shift = cv2.resize(field.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    xs = np.broadcast_to(np.arange(w, dtype=np.float32), (h, w))
    ys = np.arange(h, dtype=np.float32)[:, None] + shift
    return cv2.remap(image, xs, ys, cv2.INTER_LINEAR, borderValue=255)


def _profiles(binary: np.ndarray, glyph: float) -> np.ndarray:
    """Return the ink per row of each strip (rows x strips), without tall things.

    Vertical rules, boxes and pictures are dropped: they have no lines to follow. Rules
    across the page, solid or dotted, are kept: they bend with the text.
    """
    ink = (binary < 128).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink)
    tall = stats[:, cv2.CC_STAT_HEIGHT] > 3 * glyph
    tall[0] = False
    if tall.any():
        ink[tall[labels]] = 0
    h, w = ink.shape
    width = w // STRIPS
    columns = ink[:, : width * STRIPS].reshape(h, STRIPS, width).sum(axis=2, dtype=np.float32)
    size = 2 * int(glyph / 2) + 1
    return cv2.GaussianBlur(columns, (1, size), 0, sigmaY=glyph / 4)


def _band_shifts(profiles: np.ndarray, glyph: float) -> np.ndarray:
    """Return each strip's shift (rows) against the band's lines; NaN where it cannot tell.

    Each strip's profile is matched against the next strip's and the one after: what a
    line holds changes across the page (labels, then values), but neighbours share most
    lines. The shifts are the least-squares answer to those matches, each weighted by how
    well it matched, and a smoothness that carries the wave across a strip with no match
    (paper bends smoothly, whatever is printed on it).
    """
    centred = profiles - profiles.mean(axis=0)
    inked = profiles.sum(axis=0) >= glyph * glyph
    reach = max(2, round(REACH * glyph))
    rows, targets, matched = [], [], set()
    for gap in (1, 2):
        shifts, matches = _pair_shifts(centred, gap, reach)
        for first in np.flatnonzero(inked[:-gap] & inked[gap:] & (matches >= MIN_MATCH)):
            second, match = first + gap, matches[first]
            row = np.zeros(STRIPS)
            row[first], row[second] = -match, match
            rows.append(row)
            targets.append(shifts[first] * match)
            matched |= {int(first), int(second)}
    if len(matched) < MIN_KNOWN:
        return np.full(STRIPS, np.nan)
    for strip in range(1, STRIPS - 1):
        row = np.zeros(STRIPS)
        row[strip - 1 : strip + 2] = SMOOTH * np.array([1.0, -2.0, 1.0])
        rows.append(row)
        targets.append(0.0)
    rows.append(np.full(STRIPS, SMOOTH / STRIPS))  # the shifts' sum is 0: one answer, not many
    targets.append(0.0)
    shifts = np.linalg.lstsq(np.array(rows), np.array(targets), rcond=None)[0]
    inside = np.arange(STRIPS)
    shifts[(inside < min(matched)) | (inside > max(matched))] = np.nan
    return shifts - np.nanmean(shifts)


def _pair_shifts(centred: np.ndarray, gap: int, reach: int) -> tuple[np.ndarray, np.ndarray]:
    """Return for each strip s the shift that best lays strip s + gap's profile on its own
    (second(y + shift) ~ first(y), |shift| < reach), and how well: their normalised
    correlation, 0 when the best lies at the edge of the reach."""
    n = len(centred)
    first, second = centred[:, :-gap], np.pad(centred[:, gap:], ((reach, reach), (0, 0)))
    scores = np.stack([(first * second[lag : lag + n]).sum(axis=0) for lag in range(2 * reach + 1)])
    norms = np.linalg.norm(first, axis=0) * np.linalg.norm(centred[:, gap:], axis=0)
    scores /= np.where(norms > 0, norms, np.inf)
    best = np.clip(scores.argmax(axis=0), 1, 2 * reach - 1)
    columns = np.arange(scores.shape[1])
    left, mid, right = (scores[best + d, columns] for d in (-1, 0, 1))
    curve = left - 2 * mid + right
    offset = np.where(curve < 0, 0.5 * (left - right) / np.where(curve < 0, curve, -1.0), 0.0)
    edge = (scores.argmax(axis=0) == 0) | (scores.argmax(axis=0) == 2 * reach)
    return best - reach + offset, np.where(edge, 0.0, mid)


def _join_bands(grid: np.ndarray) -> np.ndarray:
    """Give each band the offset that lays it on its neighbours where both know strips.

    Each band's shifts are only known up to a constant (they are measured against the
    band's own lines); bands are chained outwards from the one that knows most.
    """
    known = np.isfinite(grid)
    counts = known.sum(axis=1)
    usable = counts >= MIN_KNOWN
    grid = np.where(usable[:, None], grid, np.nan)
    start = int(np.argmax(counts))
    for direction in (1, -1):
        previous = start
        band = start + direction
        while 0 <= band < len(grid):
            if usable[band]:
                common = np.isfinite(grid[band]) & np.isfinite(grid[previous])
                if common.sum() >= 2:
                    grid[band] -= np.median(grid[band][common] - grid[previous][common])
                previous = band
            band += direction
    return grid - np.nanmean(grid)


def _fill(grid: np.ndarray) -> np.ndarray:
    """Fill the strips and bands nothing was measured in, and smooth the field.

    Within a band, between strips it knows; then from the bands above and below; what is
    left from the band's nearest strip.
    """
    grid = grid.copy()
    strips = np.arange(grid.shape[1])
    for row in grid:
        found = np.flatnonzero(np.isfinite(row))
        if len(found):
            inside = (strips > found[0]) & (strips < found[-1])
            row[inside] = np.interp(strips[inside], found, row[found])
    bands = np.arange(grid.shape[0])
    for column in grid.T:
        found = np.flatnonzero(np.isfinite(column))
        if len(found):
            column[:] = np.interp(bands, found, column[found])
    for row in grid:
        found = np.flatnonzero(np.isfinite(row))
        row[:] = np.interp(strips, found, row[found]) if len(found) else 0.0
    return cv2.GaussianBlur(grid.astype(np.float32), (5, 3), 0, borderType=cv2.BORDER_REPLICATE)


def _curvature(grid: np.ndarray) -> float:
    """Return how far the measured bands (rows) depart from a straight line: half the span.

    A tilt is a straight line across the page, levelled by the deskew already: only the
    bend counts. Half the bands measured must show it, so that one misread cannot start it.
    """
    spans = []
    for row in grid:
        found = np.flatnonzero(np.isfinite(row))
        if len(found) >= MIN_KNOWN:
            fitted = np.polyval(np.polyfit(found, row[found], 1), found)
            spans.append(float(np.ptp(row[found] - fitted)))
    return float(np.median(spans)) / 2 if spans else 0.0


def _sharpness(binary: np.ndarray) -> float:
    """Return how sharp the page's row profile is (levelled lines give steep edges)."""
    rows = (binary < 128).sum(axis=1).astype(np.float64)
    return float(np.square(np.diff(rows)).sum())
