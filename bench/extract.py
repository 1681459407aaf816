"""Measure the extractor: field accuracy per source and field, time per page, memory.

usage: python bench/extract.py [--count N] [--seed S] [--jobs J] [--real] [--skip-memory]
                               [--skip-ratio] [--hard N] [--stacks N] [--trust TRUTH RESULTS]
Generates (or reuses) N synthetic invoices per source type in bench/out/, runs ocr.extract
on each, scores the lines with shared/tools/score.py and prints timings beside a bare
`tesseract -l pol` call on the same scans; per set, the fields wrong while sure, the
documents wholly right and sure, the fields that hold the others back, and the kinds told
right (letters, statements). --stacks N also splits N text and N scanned stacks
(bench/stacks.py). --trust prints only the trust figures of a results file already written.
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
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
# shared/ sits beside the repository; a git worktree (wt/NAME) sits one folder deeper
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared/tools").is_dir()), ROOT.parent)
SCORER = Path(os.environ.get("INTAKE_SCORER", SHARED / "tools/score.py"))
REAL = SHARED / "realworld"
SURE = 0.9  # a field this sure is taken without a person looking
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
    return scorer().main(str(truth), str(results), verbose=True, goals=True, real=real)


def scorer():  # type: ignore[no-untyped-def]
    """Return shared/tools/score.py as a module."""
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trust(truth_dir: Path, rows: list[dict], label: str) -> None:
    """Print per kind: field accuracy, fields wrong while marked sure, documents wholly sure.

    A field is sure at confidence >= SURE; a document is wholly right and wholly sure when
    every scored field is right and every field it has is sure (nobody need touch it).
    Then the fields that hold documents back: right but unsure, and how many documents
    that field alone keeps from being wholly sure.
    """
    score = scorer()
    truths = score.load_truth(truth_dir)
    per: dict[str, list[int]] = {}  # kind -> [right, fields, sure-wrong, docs, whole]
    wrong_sure: list[str] = []
    unsure: Counter[str] = Counter()  # field -> documents where it is right but unsure
    alone: Counter[str] = Counter()  # field -> documents it alone keeps from wholly sure
    for row in rows:
        stem = Path(row["file"]).stem
        t = truths.get(stem)
        if t is None:
            continue
        fields, conf = row.get("fields") or {}, row.get("confidence") or {}
        key = f"{t.get('kind') or 'invoice'}/{t['source']}"
        slot = per.setdefault(key, [0, 0, 0, 0, 0])
        slot[3] += 1
        whole = row.get("status") == "ok"
        held: list[str] = []
        for f in score.FIELDS:
            if f in (t.get("unsure") or []) or f not in t:
                continue
            ok = score.norm(f, fields.get(f)) == score.norm(f, t.get(f))
            sure = fields.get(f) is None or conf.get(f, 0.0) >= SURE
            slot[0] += ok
            slot[1] += 1
            if not ok and sure and fields.get(f) is not None:
                slot[2] += 1
                wrong_sure.append(f"{stem} {f}: {fields.get(f)!r} at {conf.get(f)}")
            if ok and not sure:
                unsure[f] += 1
            held += [f] if not (ok and sure) else []
            whole = whole and ok and sure
        slot[4] += whole
        if len(held) == 1 and row.get("status") == "ok":
            alone[held[0]] += 1
    print(f"trust ({label}): kind/source  fields right  wrong-but-sure  wholly right and sure")
    totals = [0, 0, 0, 0, 0]
    for key, (right, n, bad, docs, whole) in sorted(per.items()):
        totals = [a + b for a, b in zip(totals, (right, n, bad, docs, whole), strict=True)]
        print(
            f"  {key:24} {100 * right / max(n, 1):5.1f}% ({right}/{n})  {bad:3d}"
            f"  {100 * whole / docs:5.1f}% ({whole}/{docs})"
        )
    right, n, bad, docs, whole = totals
    print(
        f"  {'all':24} {100 * right / max(n, 1):5.1f}% ({right}/{n})  {bad:3d}"
        f"  {100 * whole / max(docs, 1):5.1f}% ({whole}/{docs})"
    )
    for line in wrong_sure[:20]:
        print(f"    sure but wrong: {line}")
    held_back = ", ".join(f"{f} {n} ({alone[f]} alone)" for f, n in unsure.most_common())
    print(f"  right but unsure: {held_back or 'none'}")


def kinds(truth_dir: Path, rows: list[dict], label: str) -> None:
    """Print per kind of document how many were told to be that kind (letters, statements)."""
    truths = scorer().load_truth(truth_dir)
    told: dict[str, list[int]] = {}  # true kind -> [told right, documents]
    for row in rows:
        t = truths.get(Path(row["file"]).stem)
        if t is None:
            continue
        kind = t.get("kind") or "invoice"
        slot = told.setdefault(kind, [0, 0])
        slot[0] += (row.get("fields") or {}).get("kind") == kind
        slot[1] += 1
    line = ", ".join(f"{kind} {right}/{n}" for kind, (right, n) in sorted(told.items()))
    print(f"kinds told right ({label}): {line}")


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


def tesseract_ratio(scans: list[Path], repeats: int = 2, label: str = "300-dpi images") -> None:
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
        f"scan page, {len(scans)} {label}: read_pages median {med(ours):.2f}s; "
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


def score_plain(truth: Path, results: Path) -> None:
    """Print score.py's verdict without goals (sets that are not the goals' kinds)."""
    scorer().main(str(truth), str(results), verbose=True, goals=False)


def trust_of(truth: Path, results: Path, label: str) -> None:
    """Print trust() for a results file already written (bench/extract.py --trust T R)."""
    rows = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    trust(truth, rows, label)
    kinds(truth, rows, label)


def stacks_rows(count: int, seed: int) -> None:
    """Print how many generated stacks split right and their parts (bench/stacks.py)."""
    import random

    from bench import stacks

    rng = random.Random(seed)
    for scanned in (False, True):
        print(stacks.measure(rng, count, scanned).line("scanned TIFF" if scanned else "text PDF"))


def main(argv: list[str] | None = None) -> int:
    """Generate or reuse the set, extract, score and time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=12, help="documents per source type")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--real", action="store_true", help="also score shared/realworld")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-ratio", action="store_true", help="no tesseract comparison")
    parser.add_argument(
        "--hard",
        type=int,
        default=0,
        metavar="N",
        help="also N of each hard kind: table photos, wavy scans, letters (samples/hard.py)",
    )
    parser.add_argument(
        "--stacks", type=int, default=0, metavar="N", help="also N text and N scanned stacks"
    )
    parser.add_argument("--trust", nargs=2, metavar=("TRUTH", "RESULTS"), help="only trust")
    args = parser.parse_args(argv)
    if args.trust:
        trust_of(Path(args.trust[0]), Path(args.trust[1]), Path(args.trust[1]).name)
        return 0
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
    trust(folder, rows, "generated")
    kinds(folder, rows, "generated")
    # Polish and English one-page scans: Hebrew pages take a second pass by design
    scans = [p for p in files if p.name.startswith(("scan-pl", "scan-en")) and p.suffix == ".jpg"]
    scans = [*scans, ROOT / "samples/pl/fv-under-scan.jpg", ROOT / "samples/en/inv-under-scan.jpg"]
    scans = scans[:6]
    if scans and not args.skip_ratio:
        tesseract_ratio(scans)
    if not args.skip_memory:
        memory("text")
        memory("scan")
    if args.hard:
        from samples import hard

        hard_folder = OUT / f"hard-{args.seed}-{args.hard}"
        if not hard_folder.is_dir() or not inputs(hard_folder):
            hard.write(hard_folder, args.hard, args.seed)
        hard_results = OUT / f"results-hard-{args.seed}-{args.hard}.jsonl"
        hard_rows = run(inputs(hard_folder), hard_results, args.jobs)
        print(f"hard set ({hard_folder.name}):")
        score_plain(hard_folder, hard_results)
        timings(hard_rows, hard_folder)
        trust(hard_folder, hard_rows, "hard")
        kinds(hard_folder, hard_rows, "hard")
        photos = [p for p in inputs(hard_folder) if p.name.startswith(("hard-table", "hard-wavy"))]
        tesseract_ratio(photos[:4], label="table photos and wavy scans")
    if args.stacks:
        stacks_rows(args.stacks, args.seed)
    if args.real:
        real_rows = run(inputs(REAL / "docs"), OUT / "results-real.jsonl", args.jobs)
        score(REAL, OUT / "results-real.jsonl", real=True)
        timings(real_rows, REAL / "truth")
        trust(REAL, real_rows, "real-world")
    return status


if __name__ == "__main__":
    sys.exit(main())
