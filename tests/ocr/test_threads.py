"""PDFium is not thread-safe: many threads reading PDFs at once must not crash the process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    import ocr

    files = [Path(p).read_bytes() for p in sys.argv[1:]]

    def work(n):
        data = files[n % len(files)]
        ocr.inspect(data)
        return ocr.extract(data, "x.pdf").status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(work, range(240)))
    assert statuses.count("ok") == 240, statuses
    print("ok")
    """
)


def test_many_threads_read_pdfs_at_once_without_crashing():
    pdfs = sorted((ROOT / "samples").glob("*/*-pdf.pdf"))
    assert len(pdfs) >= 5
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, pdfs)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip() == "ok"
