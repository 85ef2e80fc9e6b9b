"""Imported by each Dask worker as it starts (Dask's `preload`): a worker's first file should
not pay for importing pandas, pandera, DuckDB and the parsers, nor for what pandera and the
readers load on first use (its backends probe for Dask and hypothesis: ~0.5 s), so one tiny
CSV return goes through the whole pipeline here, and the heap is settled (`settle_heap`)."""

import tempfile
from pathlib import Path

import foi_ingest.flows.tasks  # noqa: F401  the parse task's module (and Prefect), as Dask unpickles it
from foi_ingest.flows.heap import settle_heap  # the same cached function the parse task calls
from foi_ingest.flows.pipeline import process_file

SAMPLE = "Rank,Date,Allegation,Outcome\nPC,01/02/2012,Posted on Facebook,Dismissed\n"


def warm_up() -> None:
    with tempfile.TemporaryDirectory(prefix="foi-warm-") as tmp:
        path = Path(tmp) / "Kent" / "warm.csv"
        path.parent.mkdir()
        path.write_text(SAMPLE, encoding="utf-8")
        process_file(path, Path(tmp), "warm-up")


warm_up()
settle_heap()


def ready() -> None:
    """The process pool's initializer: a process that unpickles it imports this module, which
    has warmed that process up."""
