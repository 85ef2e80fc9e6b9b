"""Telling a caller (the CLI's progress bar) how the run goes, and keeping Prefect's logs to what
a person needs."""

import logging
from collections.abc import Callable
from typing import Any

Progress = Callable[[str, dict[str, Any]], None]


_progress: list[Progress] = []


def on_file_done(callback: Progress | None) -> None:
    """Register a callback (the CLI's progress bar) called after each file is loaded, and once
    before, with `("", {"files_to_read": n})`."""
    _progress.clear()
    if callback:
        _progress.append(callback)


def notify(rel: str, response: dict[str, Any]) -> None:
    """Tell every registered callback that `rel` is done (or, with `rel` '', how many to read)."""
    for callback in _progress:
        callback(rel, response)


def _not_thread_timeout_notice(record: logging.LogRecord) -> bool:
    """Prefect warns, once per task, that a timeout cannot interrupt a worker thread. The README
    (Limits and guarantees) says so once; a run of 500 files need not say it 500 times."""
    return not record.getMessage().startswith("Timeout of ")


logging.getLogger("prefect.task_runs").addFilter(_not_thread_timeout_notice)  # Dask workers too


logging.getLogger("prefect.task_runs").addFilter(_not_thread_timeout_notice)  # Dask workers too
