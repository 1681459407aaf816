"""Read untrusted files in a child process with a memory limit and a time limit.

A file that slips past the size checks (a PDF page that renders to gigabytes, an image
whose decoder runs away, a tesseract that never ends) then costs only its child: the child
is killed, and the file comes back rejected with a coded reason. The parent never renders
or decodes anything itself.

The child is `python -m ocr.child`: the file's bytes on its stdin, the pickled
Extraction on its stdout (or, to cut a stack of frames into parts, their TIFFs). It limits
its own address space (RLIMIT_AS) before it imports the reader, runs in a session of its
own (tesseract, its grandchild, inherits the limit and is killed with it), and the parent
reaps it with wait4 to learn its peak memory.

Each child reads one file and ends. Starting one (Python and the reader's imports) takes
about half a second, so the next reading child is started while the current one reads: it
waits, imported, on its stdin, and the next file starts at once (a spare; see _take).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ocr.errors import Problem, Reason
from ocr.model import Extraction

logger = logging.getLogger(__name__)

MEMORY_LIMIT_MB = 1536  # address space of a child; its libraries alone reserve ~500 MB
TIME_LIMIT_S = 180.0  # three OCR'd pages with their retries on a busy machine
SAMPLE_S = 0.02  # how often a running child's peak memory is looked at

_inside = False  # set in a child: it reads in-process
_spare: _Spare | None = None  # a child started ahead for the next file
_spare_lock = threading.Lock()


@dataclass
class Outcome:
    """A child's extraction and what it cost: its peak resident memory (with tesseract's)."""

    result: Extraction
    peak_mb: int = 0
    seconds: float = 0.0


def inside() -> bool:
    """Tell whether this process is a sandbox child."""
    return _inside


def run(
    data: bytes, memory_mb: int | None = None, seconds: float | None = None, whole: bool = False
) -> Outcome:
    """Read `data` with ocr.reader in a limited child; return its Extraction and cost.

    `whole` reads a file of several pages as one document (ocr.reader.extract).
    """
    task = {"INTAKE_OCR_WHOLE": "1" if whole else ""}
    answer, peak, elapsed = _spawn(data, task, memory_mb, seconds)
    if isinstance(answer, Problem):
        return Outcome(Extraction(status="rejected", error=answer), peak, elapsed)
    return Outcome(answer, peak, elapsed)


@dataclass
class Cut:
    """The files a child cut an image into, or why it could not; and what that cost."""

    files: list[bytes] = field(default_factory=list)
    error: Problem | None = None
    peak_mb: int = 0
    seconds: float = 0.0


def cut(
    data: bytes,
    parts: list[tuple[int, int]],
    memory_mb: int | None = None,
    seconds: float | None = None,
) -> Cut:
    """Cut an image of several frames into one TIFF per part (first, last) in a limited child."""
    task = {"INTAKE_OCR_CUT": ",".join(f"{first}-{last}" for first, last in parts)}
    answer, peak, elapsed = _spawn(data, task, memory_mb, seconds)
    if isinstance(answer, Problem):
        return Cut(error=answer, peak_mb=peak, seconds=elapsed)
    return Cut(files=answer, peak_mb=peak, seconds=elapsed)


def _spawn(
    data: bytes, task: dict[str, str], memory_mb: int | None, seconds: float | None
) -> tuple[Any, int, float]:
    """Run `python -m ocr.child` on data; return its answer (a Problem if it failed) and cost."""
    memory_mb = memory_mb or int(os.environ.get("INTAKE_OCR_MEMORY_MB", MEMORY_LIMIT_MB))
    seconds = seconds or float(os.environ.get("INTAKE_OCR_TIME_LIMIT", TIME_LIMIT_S))
    started = time.monotonic()
    env = {**os.environ, "MALLOC_ARENA_MAX": "2", "INTAKE_OCR_MEMORY_MB": str(memory_mb)}
    env.update(task)
    # With INTAKE_OCR_SPARE=1 a reading takes a spare child started ahead (off by default: a
    # full-suite run that reused spares for every reading saw readings stall, not explained
    # yet); a cut (its parts in its environment, never reused) always starts its own.
    spare = os.environ.get("INTAKE_OCR_SPARE") == "1" and "INTAKE_OCR_CUT" not in task
    child = _take(env) if spare else _start(env)
    reaped: list[int] = []
    sampled = [0]
    answer: list[bytes] = []

    def feed() -> None:
        try:
            assert child.stdin is not None
            child.stdin.write(data)
            child.stdin.close()
        except OSError:  # the child ended before reading all: its answer tells why
            pass

    def collect() -> None:
        assert child.stdout is not None
        answer.append(child.stdout.read())

    def reap() -> None:
        # Not ru_maxrss: a forked child carries its parent's peak into it. The child's own
        # VmHWM (reset by exec) is sampled while it runs, for a child killed before it says.
        while True:
            pid, status = os.waitpid(child.pid, os.WNOHANG)
            if pid:
                child.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait
                reaped.append(status)
                return
            sampled[0] = max(sampled[0], vm_hwm_mb(child.pid))
            time.sleep(SAMPLE_S)

    threads = [threading.Thread(target=work, daemon=True) for work in (feed, collect, reap)]
    for thread in threads:
        thread.start()
    threads[2].join(seconds)
    timed_out = threads[2].is_alive()
    _kill_group(child.pid)  # a tesseract left behind, if any; the child itself on a timeout
    for thread in threads:
        thread.join(10)
    out = answer[0] if answer else b""
    status = reaped[0] if reaped else 0
    peak = sampled[0]
    elapsed = time.monotonic() - started
    if timed_out:
        logger.warning("reading took over %.0f s; its child was killed", seconds)
        return Problem(Reason.READING_TOO_SLOW, {"seconds": max(1, round(seconds))}), peak, elapsed
    try:
        result, own_mb, tesseract_mb = pickle.loads(out)
    except Exception:
        code = os.waitstatus_to_exitcode(status) if reaped else None
        logger.warning("reader child ended with code %s and no answer", code)
        return Problem(Reason.READING_TOO_COSTLY, {"megabytes": memory_mb}), peak, elapsed
    return result, max(peak, own_mb, tesseract_mb), elapsed


@dataclass
class _Spare:
    """A child started ahead, by this process, with this environment."""

    owner: int
    env: dict[str, str]
    child: subprocess.Popen[bytes]


def _start(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ocr.child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group, tesseract included
    )


def _take(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Return a child for a file: the spare when it was started alike and still waits, else
    a new one; then start the spare for the next file."""
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
    child = None
    if spare is not None and spare.owner == os.getpid():  # not a copy forked off a parent
        if spare.env == env and spare.child.poll() is None:
            child = spare.child
        else:
            _stop(spare.child)
    child = child or _start(env)
    ahead = _Spare(os.getpid(), env, _start(env))
    with _spare_lock:
        kept = _spare is None  # else another thread left one meanwhile
        if kept:
            _spare = ahead
    if not kept:
        _stop(ahead.child)
    return child


def _stop(child: subprocess.Popen[bytes]) -> None:
    _kill_group(child.pid)
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(5)
    for pipe in (child.stdin, child.stdout):
        if pipe is not None:
            pipe.close()


@atexit.register
def _stop_spare() -> None:
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
    if spare is not None and spare.owner == os.getpid():
        _stop(spare.child)


def vm_hwm_mb(pid: int | str = "self") -> int:
    """Return a process's peak resident memory (VmHWM) in MB, 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        pass
    return 0


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
