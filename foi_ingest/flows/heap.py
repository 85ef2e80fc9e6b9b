"""Heap settling for parse processes: one `gc.freeze()` per process, before its first file."""

import functools
import gc


@functools.cache
def settle_heap() -> None:
    """Once per process, before the first file: move everything alive (the libraries' millions of
    objects from import) out of the garbage collector's sight with `gc.freeze()`.

    pdfplumber makes many short-lived objects, so the collector runs often, and each full pass
    walked all of those objects again: parsing PDFs is ~20% faster without that. Objects are
    still freed by reference counting; only cycles among the frozen ones stay.
    """
    gc.freeze()
