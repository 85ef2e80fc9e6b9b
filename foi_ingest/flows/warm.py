"""Imported by each Dask worker as it starts (Dask's `preload`): a worker's first file should
not pay for importing pandas, pandera, DuckDB and the parsers, nor for what pandera and the
readers load on first use (its backends probe for Dask and hypothesis: ~0.5 s), so one tiny
CSV return goes through the whole pipeline here, and the heap is settled (`settle_heap`)."""

import tempfile
from pathlib import Path

import foi_ingest.flows.tasks  # noqa: F401  the parse task's module (and Prefect), as Dask unpickles it
from foi_ingest.flows.heap import settle_heap  # the same cached function the parse task calls
from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import Request, available, load_pack
from foi_ingest.schemas.bodies import bodies
from foi_ingest.schemas.record import dimensions
from foi_ingest.schemas.vocab import vocabulary_of


def sample(request: Request) -> tuple[str, str]:
    """(a body's folder name, a one-row CSV return) for the active request: a header of its
    fields' synonyms and a date, a row of a code of each vocabulary, so the return goes through
    the whole pipeline whatever the request."""
    synonyms = request.data("columns.yaml") or {}
    header, row = ["Date"], ["01/02/2012"]
    for d in dimensions(request):
        column = d.raw if d.raw else d.name
        if d.source == "title" or not synonyms.get(column):
            continue
        header.append(str(synonyms[column][0]))
        row.append(vocabulary_of(request, d.name).codes[0] if d.vocabulary else "text")
    folder = next(iter(bodies(request).values())).name
    return folder, f"{','.join(header)}\n{','.join(row)}\n"


def warm_up(request: Request) -> None:
    folder, text = sample(request)
    with tempfile.TemporaryDirectory(prefix="foi-warm-") as tmp:
        path = Path(tmp) / folder / "warm.csv"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        process_file(request, path, Path(tmp), "warm-up")


warm_up(load_pack(sorted(available())[0]))  # any pack: what is warmed is the code, not a pack
settle_heap()


def ready() -> None:
    """The process pool's initializer: a process that unpickles it imports this module, which
    has warmed that process up."""
