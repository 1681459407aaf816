"""Measure the extractor: field accuracy per source and field, time per page, memory.

usage: python bench/extract.py [--count N] [--seed S] [--jobs J] [--real] [--skip-memory]
Generates (or reuses) N synthetic invoices per source type in bench/out/, runs ocr.extract
on each, scores the lines with shared/tools/score.py and prints timings beside a bare
`tesseract -l pol` call on the same scans.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
SCORER = Path(os.environ.get("INTAKE_SCORER", ROOT.parent / "shared/tools/score.py"))
REAL = ROOT.parent / "shared/realworld"
OUT = ROOT / "bench/out"
INPUTS = {".pdf", ".jpg", ".png", ".xml", ".tif", ".tiff"}
logger = logging.getLogger(__name__)


def extract_one(path: str) -> dict:
    """Run ocr.extract on one file and return its contract line."""
    import ocr  # imported in the worker so each process loads tesseract bindings once

    data = Path(path).read_bytes()
    return ocr.extract(data, Path(path).name).to_contract(path)


def run(files: list[Path], results: Path, jobs: int) -> list[dict]:
    """Extract every file (in jobs processes) and write the jsonl."""
    with ProcessPoolExecutor(jobs) as pool:
        rows = list(
            tqdm(
                pool.map(extract_one, map(str, files)), total=len(files), desc="extract", unit="doc"
            )
        )
    results.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return rows


def score(truth: Path, results: Path, real: bool = False) -> int:
    """Print shared/tools/score.py's verdict (verbose) for the results."""
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(str(truth), str(results), verbose=True, goals=True, real=real)


def inputs(folder: Path) -> list[Path]:
    """Return the input files (not truths) in a folder."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in INPUTS)


def timings(rows: list[dict], truth: Path) -> None:
    """Print per-source time per page (median and p95) from the results."""
    per: dict[str, list[float]] = {}
    for row in rows:
        stem = Path(row["file"]).stem
        source = json.loads((truth / f"{stem}.json").read_text())["source"]
        per.setdefault(source, []).append(row["elapsed_ms"] / max(row["pages"] or 1, 1))
    print(f"time per page (ms), in-process, {len(rows)} docs:")
    for source, values in sorted(per.items()):
        values.sort()
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(
            f"  {source:12} median {statistics.median(values):7.0f}  p95 {p95:7.0f}"
            f"  (n={len(values)})"
        )


def tesseract_ratio(scans: list[Path], repeats: int = 2) -> None:
    """Compare read_pages on scans with a bare `tesseract -l pol` call on the same files.

    Each figure is the fastest of `repeats` runs, taken in turn, so that other work on the
    machine weighs on both sides alike.
    """
    from PIL import Image

    from ocr.tesseract import read_pages

    single = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    ours, bare, bare1 = [], [], []

    def timed(action) -> float:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:

        def tesseract(env):
            cmd = ["tesseract", "-l", "pol", str(path), f"{tmp}/out"]
            return lambda: subprocess.run(cmd, capture_output=True, env=env, check=True)

        for path in tqdm(scans, desc="tesseract ratio", unit="page"):
            with Image.open(path) as img:
                img.load()
                bare.append(timed(tesseract(None)))
                bare1.append(min(timed(tesseract(single)) for _ in range(repeats)))
                ours.append(min(timed(lambda img=img: read_pages([img])) for _ in range(repeats)))
    med = statistics.median
    print(
        f"scan page, {len(scans)} 300-dpi images: read_pages median {med(ours):.2f}s; "
        f"bare `tesseract -l pol` {med(bare):.2f}s (ratio {med(ours) / med(bare):.2f}); "
        f"bare with OMP_THREAD_LIMIT=1 {med(bare1):.2f}s "
        f"(ratio {med(ours) / med(bare1):.2f}; per image "
        + " ".join(f"{o / b:.2f}" for o, b in zip(ours, bare1, strict=True))
        + ")"
    )


def memory(kind: str) -> None:
    """Print the peak memory of extracting a 50-page PDF in a fresh process.

    VmHWM, not ru_maxrss: Linux carries a parent's ru_maxrss over fork and exec.
    """
    from samples import generate

    code = (
        "import pathlib, resource, sys, ocr\n"
        "r = ocr.extract(pathlib.Path(sys.argv[1]).read_bytes())\n"
        "status = pathlib.Path('/proc/self/status').read_text()\n"
        "me = int(status.split('VmHWM:')[1].split()[0]) // 1024\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
        "print(f'{r.status} source={r.source} pages={r.pages} {r.elapsed_ms} ms; "
        "peak RSS python {me} MiB, tesseract {kids} MiB')"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"big-{kind}.pdf"
        path.write_bytes(generate.big_pdf(kind, pages=50))
        size = path.stat().st_size
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    tail = done.stdout.strip() or done.stderr.strip()[-300:]
    print(f"50-page {kind} PDF ({size / 1e6:.1f} MB): {tail}")


def main(argv: list[str] | None = None) -> int:
    """Generate or reuse the set, extract, score and time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=12, help="documents per source type")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--real", action="store_true", help="also score shared/realworld")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    sys.path.insert(0, str(ROOT))
    from samples import generate

    folder = OUT / f"set-{args.seed}-{args.count}"
    if not folder.is_dir() or not inputs(folder):
        generate.write(
            generate.plan(args.count, args.seed, list(generate.SOURCES)), folder, args.seed
        )
    files = inputs(folder)
    rows = run(files, OUT / f"results-{args.seed}-{args.count}.jsonl", args.jobs)
    status = score(folder, OUT / f"results-{args.seed}-{args.count}.jsonl")
    timings(rows, folder)
    # Polish and English one-page scans: Hebrew pages take a second pass by design
    scans = [p for p in files if p.name.startswith(("scan-pl", "scan-en")) and p.suffix == ".jpg"]
    scans = [*scans, ROOT / "samples/pl/fv-under-scan.jpg", ROOT / "samples/en/inv-under-scan.jpg"]
    scans = scans[:6]
    if scans:
        tesseract_ratio(scans)
    if not args.skip_memory:
        memory("text")
        memory("scan")
    if args.real:
        real_rows = run(inputs(REAL / "docs"), OUT / "results-real.jsonl", args.jobs)
        score(REAL, OUT / "results-real.jsonl", real=True)
        timings(real_rows, REAL / "truth")
    return status


if __name__ == "__main__":
    sys.exit(main())
