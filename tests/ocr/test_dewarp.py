"""Wavy scans: a page whose text lines wave is straightened and read; a straight one is left."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
import pytest
from PIL import Image

import ocr
from ocr import dewarp, image
from samples import degrade, wavy
from samples.generate import EPOCH
from samples.invoice import random_invoice

SEED = 15


@pytest.fixture(scope="module")
def wavy_scans() -> list[tuple[bytes, dict]]:
    """Return three wavy monospaced scans with dotted rules, with their truths."""
    return [wavy.make(SEED, n) for n in range(3)]


def small_copy(gray: np.ndarray) -> np.ndarray:
    """Return the small black-on-white copy prepare() measures a page on."""
    return image._binary(image._shrink(gray))


@pytest.mark.parametrize("n", range(3))
def test_a_wavy_monospaced_scan_with_dotted_rules_is_read(wavy_scans, n):
    data, truth = wavy_scans[n]
    fields = ocr.extract(data, f"wavy-{n}.jpg").fields.to_json()
    assert fields["invoice_number"] == truth["invoice_number"]
    assert fields["gross_total"] == truth["gross_total"]


def test_a_wavy_page_is_straightened_and_its_lines_then_lie_level(wavy_scans):
    page = image.prepare(Image.open(io.BytesIO(wavy_scans[0][0])))
    assert page.info["straightened"]
    assert page.info["bend"] >= dewarp.MIN_BEND
    gray = page.info["gray"]
    small = small_copy(gray)
    measured = dewarp.bend_field(small, image.text_height(small))
    assert measured is not None
    assert measured[1] / image.text_height(small) < dewarp.MIN_BEND / 2


def test_the_bend_measured_is_the_wave_drawn():
    rng = random.Random(3)
    inv = random_invoice(rng, "pl", 4, False, EPOCH)
    flat = np.asarray(degrade.pages(wavy.typed(inv, rng), 300)[0])
    h, w = flat.shape
    xx, yy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    drawn = 20 * np.sin(2 * np.pi * xx / w)  # one whole wave across, 20 px high
    bent = cv2.remap(flat, xx, yy + drawn, cv2.INTER_LINEAR, borderValue=255)
    small = small_copy(bent)
    measured = dewarp.bend_field(small, image.text_height(small))
    assert measured is not None
    field = measured[0] * w / small.shape[1]
    across = np.median(field, axis=0)
    centres = (np.arange(dewarp.STRIPS) + 0.5) * w / dewarp.STRIPS
    # a line drawn d pixels higher is fetched from d pixels lower: the field is -d
    expected = -20 * np.sin(2 * np.pi * centres / w)
    middle = slice(4, dewarp.STRIPS - 4)  # the margins have no text to follow
    assert np.abs(across[middle] - expected[middle]).max() < 6


def test_a_straight_scan_is_left_as_it_is():
    rng = random.Random(4)
    inv = random_invoice(rng, "pl", 5, False, EPOCH)
    scan = degrade.scan(degrade.pages(wavy.typed(inv, rng), 300)[0], rng)
    gray = image.even_light(np.asarray(scan))
    small = small_copy(gray)
    same, same_small, bend = dewarp.straighten(gray, small, image.text_height(small))
    assert same is gray and same_small is small
    assert bend < dewarp.MIN_BEND / 2
