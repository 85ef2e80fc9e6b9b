"""The Prefect flow `ingest-returns`: discover → parse and validate (parallel) → load (one writer).

Each file is one task; results come back to the flow, which alone writes to DuckDB, one
transaction per file, so the warehouse is never half-written.
"""

import datetime as dt
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner

from foi_ingest.flows.artifacts import publish_artifacts
from foi_ingest.flows.discover import Found, discover
from foi_ingest.flows.heap import settle_heap
from foi_ingest.flows.pipeline import (
    FileResult,
    no_cases,
    process_file,
    response_row,
    sha256_of,
    without_records,
)
from foi_ingest.flows.prefect_api import share_with_workers
from foi_ingest.limits import current
from foi_ingest.packs import named_by_inbox, use
from foi_ingest.parsers.registry import Format, format_of
from foi_ingest.schemas.corrections import Decisions, load_decisions
from foi_ingest.schemas.forces import resolve_force
from foi_ingest.warehouse.db import connect, default_db
from foi_ingest.warehouse.load import (
    forget_file,
    known_files,
    load_file,
    primary_files,
    to_arrow,
)

Progress = Callable[[str, dict[str, Any]], None]


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
    items: list[tuple[str, str, str]], run_id: str, decisions: dict[str, Decisions]
) -> list[FileResult]:
    """Read, map and validate a batch of returns, each `(path, inbox, sha256)`.

    Records travel back as Arrow tables: compact to send from a Dask worker, and what the one
    writer hands DuckDB anyway.
    """
    settle_heap()
    results = []
    for path, inbox, sha in items:
        result = process_file(Path(path), Path(inbox), run_id, sha, decisions.get(inbox))
        result.cases = to_arrow(result.cases)
        results.append(result)
    return results


BATCH_FILES = 25
BATCH_BYTES = 2 * 1024 * 1024
MIN_TASKS = 16


def batches(todo: list[Found], min_tasks: int | None = None) -> list[list[Found]]:
    """Files grouped for parse tasks.

    Prefect's own cost is 5-11 ms per task on 2 cores, near that of parsing a small CSV, so small
    files share a task: up to 25 files or 2 MB, in order, and never fewer than 16 tasks in all,
    so that the workers stay busy. A PDF (costly per byte) or a file of 2 MB or more has a task
    to itself. With `min_tasks` (Dask, where Prefect's cost is ~0.1 s per task, paid between
    tasks) files are shared out over exactly that many tasks instead: see `_spread`.
    """
    if min_tasks is not None:
        return _spread(todo, min_tasks)
    per_task = min(BATCH_FILES, max(1, -(-len(todo) // MIN_TASKS)))
    out: list[list[Found]] = []
    group: list[Found] = []
    size = 0
    for f in todo:
        n = f.path.stat().st_size
        if n >= BATCH_BYTES or format_of(f.path) == Format.PDF:
            if group:
                out.append(group)
                group, size = [], 0
            out.append([f])
            continue
        if group and (len(group) >= per_task or size + n > BATCH_BYTES):
            out.append(group)
            group, size = [], 0
        group.append(f)
        size += n
    if group:
        out.append(group)
    return out


def _spread(todo: list[Found], tasks: int) -> list[list[Found]]:
    """`todo` over `tasks` groups (one per Dask worker), each in inbox order.

    Cost per byte differs a thousandfold between a PDF and a CSV but little within a format, so
    the PDFs are shared out by size, largest first to the lightest group, then the other files
    the same way, so every worker gets an even share of each.
    """
    groups: list[list[int]] = [[] for _ in range(max(1, min(tasks, len(todo))))]
    loads = {True: [0] * len(groups), False: [0] * len(groups)}
    sizes = [f.path.stat().st_size for f in todo]
    kinds = [format_of(f.path) == Format.PDF for f in todo]
    for pdf in (True, False):
        mine = sorted((i for i in range(len(todo)) if kinds[i] == pdf), key=lambda i: -sizes[i])
        for i in mine:
            g = min(range(len(groups)), key=lambda g: (loads[pdf][g], loads[True][g], g))
            groups[g].append(i)
            loads[pdf][g] += sizes[i]
    return [[todo[i] for i in sorted(g)] for g in groups if g]


def _parse_all(
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
        return timed.submit(items, run_id, decisions)

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


class _ClusterStart(threading.Thread):
    """Starts the task runner's Dask cluster (prefect-dask starts it at the first task) in the
    background, so its workers boot and preload the pipeline while the flow hashes files and
    works out which to read; the parse stage then starts on ready workers."""

    def __init__(self, runner: Any) -> None:
        super().__init__(name="dask-cluster-start", daemon=True)
        self.runner, self.started, self.error = runner, time.perf_counter(), None

    def run(self) -> None:
        try:
            client = self.runner.client  # creates the LocalCluster, or connects to the address
            client.wait_for_workers(1)
        except Exception as exc:  # raised again in the flow, where it belongs
            self.error = exc

    def ready(self) -> float:
        """Wait for the cluster; seconds since it was asked for."""
        self.join()
        if self.error:
            raise self.error
        return round(time.perf_counter() - self.started, 3)


@contextmanager
def _cluster_starting() -> Iterator[_ClusterStart | None]:
    """The flow's Dask cluster starting in the background (None for other task runners); a
    run that fails before using it still waits for it, so the runner can shut it down."""
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if runner is None or type(runner).__name__ != "DaskTaskRunner":
        yield None
        return
    cluster = _ClusterStart(runner)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.join()


_progress: list[Progress] = []


def on_file_done(callback: Progress | None) -> None:
    """Register a callback (the CLI's progress bar) called after each file is loaded, and once
    before, with `("", {"files_to_read": n})`."""
    _progress.clear()
    if callback:
        _progress.append(callback)


def _not_thread_timeout_notice(record: logging.LogRecord) -> bool:
    """Prefect warns, once per task, that a timeout cannot interrupt a worker thread. The README
    (Limits and guarantees) says so once; a run of 500 files need not say it 500 times."""
    return not record.getMessage().startswith("Timeout of ")


logging.getLogger("prefect.task_runs").addFilter(_not_thread_timeout_notice)  # Dask workers too


@flow(name="ingest-returns", log_prints=False)
def ingest_returns(
    paths: list[str],
    db: str | None = None,
    full: bool = False,
    wait_seconds: float = 600,
    min_tasks: int | None = None,
    request: str | None = None,
) -> dict[str, Any]:
    """Ingest every return under `paths` into the DuckDB warehouse at `db`, as answers to
    `request` (a pack id or folder; default: the inbox's `request.yaml`, else the active pack).

    `min_tasks`: spread parsing over about this many tasks (set for Dask, where each Prefect
    task costs far more than on threads); by default small files share tasks of up to 25.
    """
    logger = get_run_logger()
    use(request or named_by_inbox([Path(p) for p in paths]))
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    db_path = Path(db) if db else default_db()
    files = discover([Path(p) for p in paths])
    summary: dict[str, Any] = {
        "run_id": run_id,
        "db": str(db_path),
        "files_seen": len(files),
        "new": 0,
        "changed": 0,
        "unchanged": 0,
        "removed": 0,
        "duplicate": 0,
        "failed": 0,
        "statuses": {},
    }
    # Dask: the workers start while files are hashed
    with connect(db_path, wait_seconds=wait_seconds) as con, _cluster_starting() as cluster:
        con.execute(
            "INSERT INTO ingestion_runs (run_id, started_at, inbox, files_seen, status) "
            "VALUES (?, now(), ?, ?, 'running')",
            [run_id, ";".join(paths), len(files)],
        )
        known = {} if full else known_files(con)
        if full:
            for rel in known_files(con):
                forget_file(con, rel)
        shas = {f.relative: sha256_of(f.path) for f in files}
        decisions = {root: load_decisions(root) for root in {f.inbox for f in files}}
        todo: list[Found] = []
        # a copy is the same bytes filed under the same force; key on (force by path, sha)
        seen_sha = (
            {}
            if full
            else {(_force_by_path(rel), sha): rel for sha, rel in primary_files(con).items()}
        )
        for f in sorted(files, key=lambda f: (len(f.relative), f.relative)):
            # the shortest name of identical files is the original ('Copy of ...' is not)
            rel, sha = f.relative, shas[f.relative]
            old_sha, old_fingerprint, old_force = known.get(rel, (None, None, None))
            fingerprint = decisions[f.inbox].fingerprint(rel, old_force)
            if (old_sha, old_fingerprint) == (sha, fingerprint):
                summary["unchanged"] += 1
                continue
            copy_key = (_force_by_path(rel), sha)
            first = seen_sha.get(copy_key) if f.path.stat().st_size else None  # empty: no copy
            if first is not None and first != rel and first in shas:
                summary["duplicate"] += 1
                duplicate = _duplicate(rel, sha, first, run_id)
                duplicate["config_fingerprint"] = fingerprint
                load_file(con, duplicate, no_cases(), [], [])
                continue
            seen_sha[copy_key] = rel
            summary["changed" if rel in known else "new"] += 1
            todo.append(f)
        for callback in _progress:
            callback("", {"files_to_read": len(todo)})  # the progress bar's total
        if cluster:
            summary["cluster_seconds"] = cluster.ready()
        stage_start = parsed = time.perf_counter()
        load_seconds = 0.0
        budget = current().file_seconds
        by_inbox = {str(root): d for root, d in decisions.items()}
        for f, result in _parse_all(todo, shas, run_id, by_inbox, budget, min_tasks):
            parsed = time.perf_counter()
            if isinstance(result, TimeoutError):
                result = without_records(
                    f.relative, shas[f.relative], run_id, status="unparseable",
                    force_id=_force_by_path(f.relative),
                    status_reason=f"reading took longer than the time budget of {budget} s; "
                    "raise it with FOI_LIMIT_FILE_SECONDS=N if the file is genuine",
                )  # fmt: skip
            elif isinstance(result, BaseException) or not isinstance(result, FileResult):
                summary["failed"] += 1
                logger.error("could not process %s: %s", f.relative, result)
                result = _failed(f.relative, shas[f.relative], run_id, result)
            result.response["config_fingerprint"] = decisions[f.inbox].fingerprint(
                f.relative, result.response.get("force_id")
            )
            loading = time.perf_counter()
            load_file(
                con, result.response, result.cases, result.rejected, result.skipped,
                fresh=full or f.relative not in known,
            )  # fmt: skip
            load_seconds += time.perf_counter() - loading
            status = result.response["status"]
            summary["statuses"][status] = summary["statuses"].get(status, 0) + 1
            logger.info(
                "%s: %s (%s rows: %s loaded, %s rejected, %s skipped)",
                f.relative,
                status,
                result.response["rows_read"],
                result.response["rows_loaded"],
                result.response["rows_rejected"],
                result.response["rows_skipped"],
            )
            for callback in _progress:
                callback(f.relative, result.response)
        # until the last file's records were in hand: loads overlap parsing, so the load time
        # is not taken off (that undercounted parsing where threads made loads wait)
        summary["parse_seconds"] = round(parsed - stage_start, 3)
        summary["load_seconds"] = round(load_seconds, 3)
        present = set(shas)
        roots = {f.inbox for f in files}
        for rel in set(known) - present:
            if roots:
                forget_file(con, rel)
                summary["removed"] += 1
        con.execute(
            "UPDATE ingestion_runs SET finished_at = now(), files_new = ?, "
            "files_changed = ?, files_unchanged = ?, files_removed = ?, files_failed = ?, "
            "status = 'finished' WHERE run_id = ?",
            [
                summary["new"],
                summary["changed"],
                summary["unchanged"],
                summary["removed"],
                summary["failed"],
                run_id,
            ],
        )
        try:
            publish_artifacts(con, run_id, summary)
        except Exception as exc:  # the data is committed; a missing artifact must not fail it
            logger.warning("could not publish Prefect artifacts: %s", exc)
    logger.info("run %s: %s", run_id, summary)
    return summary


def _force_by_path(rel: str) -> str | None:
    return resolve_force(PurePath(rel)).force_id


def _duplicate(rel: str, sha: str, first: str, run_id: str) -> dict[str, Any]:
    return response_row(rel, sha, run_id, status="duplicate", duplicate_of=first,
                        status_reason=f"same content as {first}; counted once")  # fmt: skip


def _failed(rel: str, sha: str, run_id: str, error: object) -> FileResult:
    return without_records(
        rel, sha, run_id, status="unparseable",
        status_reason=f"internal error while reading ({type(error).__name__}: {error}); "
        "please report it with the file",
    )  # fmt: skip


TASK_RUNNERS = ("thread", "process", "dask")
PRELOAD = "foi_ingest.flows.warm"


def make_task_runner(kind: str = "thread", workers: int = 4, address: str | None = None):
    """The Prefect task runner that parses files: threads (default), processes, or Dask.

    Dask runs parsing on a cluster: a `LocalCluster` of `workers` processes, or the cluster at
    `address` (`tcp://scheduler:8786`). Results (frames) come back to the flow, which alone writes.
    """
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "process":
        from prefect.task_runners import ProcessPoolTaskRunner

        from foi_ingest.flows.warm import ready  # each process warms up as it starts

        return ProcessPoolTaskRunner(max_workers=workers, initializer=ready)
    if kind == "dask":
        import logging

        from prefect_dask import DaskTaskRunner

        logging.getLogger("distributed").setLevel(logging.WARNING)  # a clean terminal

        if address:
            return DaskTaskRunner(address=address)
        # workers import the pipeline as they start (Dask's preload), not on their first file
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                            "dashboard_address": None, "preload": [PRELOAD]},
        )  # fmt: skip
    raise ValueError(f"task runner '{kind}': use one of {', '.join(TASK_RUNNERS)}")


def run_ingest(
    paths: list[str],
    db: str | None = None,
    full: bool = False,
    max_workers: int = 4,
    progress: Progress | None = None,
    task_runner: str = "thread",
    dask_address: str | None = None,
    request: str | None = None,
) -> dict[str, Any]:
    """Run the flow with `max_workers` parse tasks at once on the chosen task runner."""
    use(request or named_by_inbox([Path(p) for p in paths]))  # before any worker starts
    request = os.environ.get("FOI_REQUEST")
    runner = make_task_runner(task_runner, max_workers, dask_address)
    configured = ingest_returns.with_options(task_runner=runner)
    on_file_done(progress)
    # Dask: one task per worker (Prefect's cost there is ~0.1 s per task, paid between tasks)
    min_tasks = max_workers if task_runner == "dask" else None
    # Dask workers must use this process's Prefect API, not start one each (~8 s of CPU)
    shared = share_with_workers() if task_runner == "dask" and not dask_address else None
    try:
        return configured(paths=paths, db=db, full=full, min_tasks=min_tasks, request=request)
    finally:
        on_file_done(None)
        if shared:
            os.environ.pop("PREFECT_API_URL", None)
