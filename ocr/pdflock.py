"""PDFium is not thread-safe: every call into pypdfium2 holds this one process-wide lock.

Two worker threads (or an upload's check beside a worker) reading PDFs at once crashed the
process with a segmentation fault. Callers keep the lock only around PDFium calls and close
pages and documents explicitly under it, so no finalizer calls PDFium later from another
thread; OCR and field reading run outside the lock.
"""

import threading

PDFIUM = threading.RLock()
