"""The sandbox's child: `python -m ocr.child` reads the file on stdin (see ocr/sandbox.py)."""

from __future__ import annotations

import logging
import os
import pickle
import resource
import sys

from ocr import sandbox
from ocr.errors import OcrError, Problem, Reason, describe
from ocr.model import Extraction


def child_main() -> int:
    """Be the child: limit memory, read stdin, write the pickled (answer, own MB, tesseract MB).

    The answer is the file's Extraction, or with INTAKE_OCR_CUT ('1-2,3-5') the TIFF of each
    of those parts (ocr.stack.cut_frames) or the Problem that stopped the cut.
    """
    sandbox._inside = True
    memory_mb = int(os.environ.get("INTAKE_OCR_MEMORY_MB", sandbox.MEMORY_LIMIT_MB))
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but the answer on the pipe
    logging.basicConfig(level=logging.WARNING, format="ocr.sandbox: %(name)s: %(message)s")
    from ocr import reader  # noqa: F401 - before the file comes: a spare child waits imported

    cutting = os.environ.get("INTAKE_OCR_CUT")
    answer: object
    data = sys.stdin.buffer.read()
    if not data:  # a spare child no file was given to
        return 0
    try:
        answer = _cut(data, cutting) if cutting else _read(data)
    except MemoryError:
        answer = Problem(Reason.READING_TOO_COSTLY, {"megabytes": memory_mb})
    except OcrError as e:
        answer = e.problem
    except Exception as e:
        answer = Problem(Reason.FILE_UNREADABLE, {"detail": describe(e)})
    if isinstance(answer, Problem) and not cutting:
        answer = Extraction(status="rejected", error=answer)
    # tesseract's ru_maxrss starts at this process's peak (fork): an upper bound of its own
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    out.write(pickle.dumps((answer, sandbox.vm_hwm_mb(), int(kids))))
    out.flush()
    return 0


def _read(data: bytes) -> Extraction:
    from ocr import reader

    return reader.extract_here(data, whole=os.environ.get("INTAKE_OCR_WHOLE") == "1")


def _cut(data: bytes, parts: str) -> list[bytes]:
    from ocr import stack

    spans = [tuple(int(n) for n in span.split("-")) for span in parts.split(",")]
    return stack.cut_frames(data, [(first, last) for first, last in spans])


if __name__ == "__main__":
    sys.exit(child_main())
