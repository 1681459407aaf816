"""Make dotted zeros plain before a page is read.

Monospaced fonts (DejaVu Sans Mono, which most Linux machines print ledgers and code in,
and many programmers' fonts) print the zero with a dot in its middle, to tell it from the
letter O. Tesseract reads such a zero right while the dot stands free inside the ring, but
once printing, scanning or a photo's blur joins the dot to the ring the glyph has two
holes, one above the other, and it is read as 6, 8 or 9: a year 2625, a bank account that
fails its checksum, cents off by sixty.

Both forms are made plain here, on the binary page:
- a free dot: a small blob alone in the middle of a glyph's only hole, is erased;
- a joined dot: a glyph with two holes stacked one above the other whose outline is a
  plain oval (convex, as wide at the holes' meeting as anywhere, mirror-symmetric, round
  at its corners), has the ink between its holes cleared. An 8 is pinched at its waist, a
  B has square corners on its left and is not symmetric, so both are left alone; on
  renderings of every font on this machine at 18-52 px and blurred up to 1.8 px, about
  one 8 or B in four hundred, and only the most blurred, passes for a zero.
"""

from __future__ import annotations

import cv2
import numpy as np

DOT_WIDE, DOT_TALL = 0.7, 0.5  # a free dot is at most these shares of its hole's size...
CENTRED = 0.2  # ...and its middle at most this share of them from the hole's middle
TALL = 1.3  # a zero is at least this many times as tall as it is wide
MIN_HEIGHT = 16  # px; smaller glyphs are too coarse to tell an oval from an 8
SOLID = 0.95  # the outline fills this share of its convex hull (an 8's waist: <= 0.94)
WAIST = 0.93  # the outline is this wide where the holes meet, as a share of its widest
MIRROR = 0.85  # the outline overlaps its mirror image by this share (a B's: less)
CORNERS = 0.5  # the outline covers less than this share of its bounding box's corners


def plain_zeros(binary: np.ndarray) -> np.ndarray:
    """Return the page (0/255, text black) with its zeros' dots taken out, in place."""
    ink = (binary < 128).astype(np.uint8)
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return binary
    nxt, prev, child, parent = (column.tolist() for column in hierarchy[0].T)
    alone = [n == -1 and p == -1 for n, p in zip(nxt, prev, strict=True)]
    for dot, hole in enumerate(parent):
        if hole < 0 or child[dot] >= 0 or not alone[dot]:
            continue
        if parent[hole] >= 0 and alone[hole] and _centred(contours[dot], contours[hole]):
            cv2.drawContours(binary, contours, dot, 255, thickness=-1)
    for outer, upper in enumerate(child):
        if upper < 0 or parent[outer] >= 0:
            continue
        lower = nxt[upper]
        if lower < 0 or nxt[lower] >= 0:  # exactly two holes
            continue
        holes = (contours[upper], contours[lower])
        if _joined_zero(contours[outer], holes):
            between = cv2.convexHull(np.vstack(holes))
            cv2.drawContours(binary, [between], -1, 255, thickness=-1)
    return binary


def _centred(dot: np.ndarray, hole: np.ndarray) -> bool:
    """Tell whether a blob is small and in the middle of the hole around it."""
    x, y, w, h = cv2.boundingRect(dot)
    hx, hy, hw, hh = cv2.boundingRect(hole)
    if w > DOT_WIDE * hw or h > DOT_TALL * hh:  # a bold zero's hole is narrow
        return False
    return (
        abs(x + w / 2 - hx - hw / 2) <= CENTRED * hw
        and abs(y + h / 2 - hy - hh / 2) <= CENTRED * hh
    )


def _joined_zero(outline: np.ndarray, holes: tuple[np.ndarray, np.ndarray]) -> bool:
    """Tell whether a glyph with two holes is an oval whose dot has joined its ring."""
    x, y, w, h = cv2.boundingRect(outline)
    if h < MIN_HEIGHT or h < TALL * w:
        return False
    top, bottom = sorted((cv2.boundingRect(hole) for hole in holes), key=lambda r: r[1])
    if abs(top[0] + top[2] / 2 - bottom[0] - bottom[2] / 2) > CENTRED * w:
        return False
    if bottom[1] < top[1] + 0.5 * top[3]:  # side by side, not one above the other
        return False
    if cv2.contourArea(outline) < SOLID * cv2.contourArea(cv2.convexHull(outline)):
        return False
    shape = np.zeros((h, w), np.uint8)
    cv2.drawContours(shape, [outline - [x, y]], -1, 1, thickness=-1)
    widths = shape.sum(axis=1)
    meet = (top[1] + top[3] + bottom[1]) // 2 - y
    if widths[max(meet - 1, 0) : meet + 2].min() < WAIST * widths.max():
        return False
    mirror = shape[:, ::-1]
    if (shape & mirror).sum() < MIRROR * (shape | mirror).sum():
        return False
    cw, ch = max(w // 4, 1), max(h // 6, 1)
    corners = [shape[:ch, :cw], shape[:ch, -cw:], shape[-ch:, :cw], shape[-ch:, -cw:]]
    return float(np.mean([c.mean() for c in corners])) < CORNERS
