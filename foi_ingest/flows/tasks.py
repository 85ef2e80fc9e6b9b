"""The parse task and how a run's files are submitted to it, batch by batch.

Each batch is one Prefect task on the run's task runner (threads, processes or Dask workers);
results come back to the flow, which alone writes to DuckDB.
"""

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from foi_ingest.flows.batching import batches
from foi_ingest.flows.discover import Found
from foi_ingest.flows.heap import settle_heap
from foi_ingest.flows.pipeline import FileResult, process_file
from foi_ingest.packs import Request
from foi_ingest.review.decisions import Decisions
from foi_ingest.warehouse.load import to_arrow


def _transient(task, task_run, state) -> bool:
    """Retry only when the file could not be opened (still being copied), never on a parse error."""
    try:
        state.result()
    except (PermissionError, BlockingIOError, FileNotFoundError):
        return True
    except Exception:
        return False
    return False


@task(
    name="parse-files",
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_transient,
    cache_policy=NO_CACHE,
    persist_result=False,
)  # fmt: skip  (no cache key: hashing a batch's inputs costs more than parsing it)
def parse_files(
    request: Request,
    items: list[tuple[str, str, str]],
    run_id: str,
    decisions: dict[str, Decisions],
) -> list[FileResult]:
    """Read, map and validate a batch of returns, each `(path, inbox, sha256)`.

    `request` travels with the batch: a worker reads returns as the run's request, never as its
    own environment would. Records travel back as Arrow tables: compact to send from a Dask
    worker, and what the one writer hands DuckDB anyway.
    """
    settle_heap()
    results = []
    for path, inbox, sha in items:
        result = process_file(request, Path(path), Path(inbox), run_id, sha, decisions.get(inbox))
        result.cases = to_arrow(request, result.cases)
        results.append(result)
    return results


def parse_all(
    request: Request,
    todo: list[Found],
    shas: dict[str, str],
    run_id: str,
    decisions: dict[str, Decisions],
    budget: int,
    min_tasks: int | None = None,
):
    """(file, FileResult or the exception) for every file, in order, as batches finish.

    A batch has the time budget of all its files. A batch that times out or fails is parsed
    again one file per task, each with its own budget, so one slow or broken file never costs
    the others their result.
    """

    def submit(group: list[Found]):
        items = [(str(f.path), str(f.inbox), shas[f.relative]) for f in group]
        timed = parse_files.with_options(timeout_seconds=budget * len(group))
        return timed.submit(request, items, run_id, decisions)

    futures = [(group, submit(group)) for group in batches(todo, min_tasks)]
    for group, future in futures:
        outcome = future.result(raise_on_failure=False)
        if isinstance(outcome, list):
            yield from zip(group, outcome, strict=True)
            continue
        if len(group) == 1:
            yield group[0], outcome
            continue
        singles = [(f, submit([f])) for f in group]
        for f, single in singles:
            result = single.result(raise_on_failure=False)
            yield f, (result[0] if isinstance(result, list) else result)
