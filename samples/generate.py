"""Write synthetic invoices, each beside its truth JSON, for tests and the benchmark.

usage: python -m samples.generate --out DIR [--count N] [--seed S] [--sources ...]
       python -m samples.generate --commit   # the small set kept in samples/
"""

from __future__ import annotations

import argparse
import json
import logging
import random
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from samples import degrade, ksef, layouts
from samples.invoice import EPOCH, KSEF_START, random_invoice

logger = logging.getLogger(__name__)

SOURCES = ("ksef-xml", "pdf-text", "scan", "scan-lowres", "photo")
STYLES = list(layouts.STYLES)
RTL_STYLES = ["classic", "stacked", "band", "under"]
HERE = Path(__file__).parent


@dataclass
class Spec:
    """What one sample is: its source type, language, layout and shape."""

    stem: str
    source: str
    lang: str
    layout: str
    rows: int
    correction: bool = False
    turn: int = 0


def make(spec: Spec, seed: int) -> tuple[str, bytes, dict]:
    """Return (extension, file bytes, truth) for one sample."""
    rng = random.Random(f"{seed}:{spec.stem}")
    start = KSEF_START if spec.source == "ksef-xml" else EPOCH
    inv = random_invoice(rng, spec.lang, spec.rows, spec.correction, start)
    truth = inv.truth(spec.source, spec.stem, spec.layout)
    if spec.source == "ksef-xml":
        return "xml", ksef.render(inv, rng), truth
    pdf = layouts.render(inv, spec.layout, rng)
    if spec.source == "pdf-text":
        return "pdf", pdf, truth
    if spec.source == "photo":
        return "jpg", degrade.jpeg(degrade.photo(degrade.pages(pdf, 200)[0], rng), 80), truth
    dpi = 300 if spec.source == "scan" else 150
    rendered = degrade.pages(pdf, dpi)
    if spec.source == "scan":
        images = [degrade.scan(p, rng, spec.turn) for p in rendered]
    else:
        images = [degrade.lowres(p, rng) for p in rendered]
    if len(images) > 1:
        return "pdf", degrade.image_pdf(images, dpi), truth
    return "jpg", degrade.jpeg(images[0], rng.randint(55, 70), dpi), truth


def plan(count: int, seed: int, sources: list[str]) -> list[Spec]:
    """Plan count samples per source: mostly Polish, some English and Hebrew, a few odd ones."""
    rng = random.Random(seed)
    specs = []
    for source in sources:
        for i in range(count):
            lang = "pl" if source == "ksef-xml" else rng.choice(["pl"] * 5 + ["en", "il"])
            layout = STYLES[i % len(STYLES)] if lang != "il" else rng.choice(RTL_STYLES)
            long = source not in ("photo",) and rng.random() < 0.12
            rows = rng.randint(28, 45) if long else rng.randint(1, 8)
            correction = lang != "il" and rng.random() < 0.12
            turn = rng.choice([90, 180, 270]) if source == "scan" and rng.random() < 0.15 else 0
            short = source.replace("-xml", "").replace("-text", "").replace("scan-", "")
            stem = f"{short}-{lang}-{layout if source != 'ksef-xml' else 'fa3'}-{seed}-{i:03d}"
            specs.append(Spec(stem, source, lang, layout, rows, correction, turn))
    return specs


def commit_plan() -> dict[str, list[Spec]]:
    """Return the fixed small set kept in samples/ (folder -> specs)."""
    pl = [Spec(f"fv-{style}-pdf", "pdf-text", "pl", style, 2 + n) for n, style in enumerate(STYLES)]
    pl += [
        Spec("fv-classic-multipage-pdf", "pdf-text", "pl", "classic", 38),
        Spec("fk-band-correction-pdf", "pdf-text", "pl", "band", 3, correction=True),
        Spec("fv-under-scan", "scan", "pl", "under", 4),
        Spec("fv-stacked-scan-rot90", "scan", "pl", "stacked", 3, turn=90),
        Spec("fv-compact-scan-rot180", "scan", "pl", "compact", 2, turn=180),
        Spec("fv-ledger-multipage-scan", "scan", "pl", "ledger", 36),
        Spec("fv-classic-lowres", "scan-lowres", "pl", "classic", 3),
        Spec("fv-band-lowres", "scan-lowres", "pl", "band", 5),
        Spec("fv-stacked-photo", "photo", "pl", "stacked", 3),
        Spec("fv-classic-photo", "photo", "pl", "classic", 5),
    ]
    en = [
        Spec("inv-classic-pdf", "pdf-text", "en", "classic", 4),
        Spec("inv-band-pdf", "pdf-text", "en", "band", 2),
        Spec("cn-stacked-correction-pdf", "pdf-text", "en", "stacked", 2, correction=True),
        Spec("inv-under-scan", "scan", "en", "under", 3),
        Spec("inv-compact-photo", "photo", "en", "compact", 3),
    ]
    il = [
        Spec("heb-classic-pdf", "pdf-text", "il", "classic", 3),
        Spec("heb-band-pdf", "pdf-text", "il", "band", 5),
        Spec("heb-stacked-scan", "scan", "il", "stacked", 3),
        Spec("heb-under-lowres", "scan-lowres", "il", "under", 2),
        Spec("heb-classic-photo", "photo", "il", "classic", 2),
    ]
    ksef_specs = [
        Spec(f"fa3-{n:02d}", "ksef-xml", "pl", "fa3", rows) for n, rows in enumerate([1, 3, 6, 12])
    ]
    ksef_specs.append(Spec("fa3-kor-04", "ksef-xml", "pl", "fa3", 2, correction=True))
    return {"pl": pl, "en": en, "il": il, "ksef": ksef_specs}


def big_pdf(kind: str, pages: int = 50, seed: int = 5) -> bytes:
    """Return a long invoice as a text PDF, or (kind 'scan') as a 150-dpi image-only PDF."""
    rng = random.Random(seed)
    inv = random_invoice(rng, "pl", rows=pages * 40 - 40, start=EPOCH)
    pdf = layouts.render(inv, "classic", rng)
    if kind == "text":
        return pdf
    return degrade.image_pdf([degrade.lowres(p, rng) for p in degrade.pages(pdf, 150)], 150)


def write(specs: list[Spec], out: Path, seed: int, desc: str = "samples") -> list[Path]:
    """Write each spec's file and truth into out; return the input files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in tqdm(specs, desc=desc, unit="doc"):
        ext, data, truth = make(spec, seed)
        path = out / f"{spec.stem}.{ext}"
        path.write_bytes(data)
        (out / f"{spec.stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and write the samples."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder to write into")
    parser.add_argument("--count", type=int, default=4, help="samples per source type")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sources", nargs="+", choices=SOURCES, default=list(SOURCES))
    parser.add_argument("--commit", action="store_true", help="rewrite the set in samples/")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    if args.commit:
        for folder, specs in commit_plan().items():
            write(specs, HERE / folder, 2026, desc=folder)
        return
    if not args.out:
        parser.error("--out is required without --commit")
    write(plan(args.count, args.seed, args.sources), args.out, args.seed)


if __name__ == "__main__":
    main()
