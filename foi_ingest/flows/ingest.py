"""The Prefect flow `ingest-returns`, read as its recipe: discover → which files to read →
parse, map and validate (parallel tasks) → load (one writer, one transaction per file) → close
the run and publish its artifacts. Each step is a plain function in its own module."""

import os
import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from foi_ingest.flows import runlog
from foi_ingest.flows.artifacts import publish_artifacts
from foi_ingest.flows.discover import check_inbox, discover
from foi_ingest.flows.prefect_api import share_with_workers
from foi_ingest.flows.progress import Progress, notify, on_file_done
from foi_ingest.flows.runners import cluster_starting, make_task_runner
from foi_ingest.flows.tasks import parse_all
from foi_ingest.flows.writer import artifact_suffix, warehouse_path, warehouse_slot
from foi_ingest.limits import current
from foi_ingest.packs import named_by_inbox, use
from foi_ingest.warehouse.db import connect
from foi_ingest.warehouse.load import load_file


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
    found = discover([Path(p) for p in paths])
    check_inbox(paths, found)  # a path that is wrong fails the run, with what to fix
    pack = use(request or named_by_inbox([Path(p) for p in paths]))
    run = runlog.Run(found, warehouse_path(db))
    # one writer per warehouse, across deployments; Dask: workers start while files are hashed
    with (
        warehouse_slot(run.db, logger),
        connect(run.db, wait_seconds=wait_seconds, on_wait=logger.warning) as con,
        cluster_starting() as cluster,
    ):
        runlog.start(con, run, paths, full)
        todo = runlog.to_read(con, run, full)
        notify("", {"files_to_read": len(todo)})  # the progress bar's total
        if cluster:
            run.summary["cluster_seconds"] = cluster.ready()
        stage_start = parsed = time.perf_counter()
        load_seconds, budget = 0.0, current().file_seconds
        decisions = {str(root): d for root, d in run.decisions.items()}
        for f, outcome in parse_all(todo, run.shas, run.run_id, decisions, budget, min_tasks):
            parsed = time.perf_counter()
            result = runlog.settle(run, f, outcome, budget, logger)
            r = result.response
            loading = time.perf_counter()
            load_file(con, r, result.cases, result.rejected, result.skipped,
                      fresh=full or f.relative not in run.known)  # fmt: skip
            load_seconds += time.perf_counter() - loading
            run.count(r["status"])
            logger.info("%s: %s (%s rows: %s loaded, %s rejected, %s skipped)", f.relative,
                        r["status"], r["rows_read"], r["rows_loaded"], r["rows_rejected"],
                        r["rows_skipped"])  # fmt: skip
            notify(f.relative, r)
        # until the last file's records were in hand: loads overlap parsing, so the load time
        # is not taken off (that undercounted parsing where threads made loads wait)
        run.summary["parse_seconds"] = round(parsed - stage_start, 3)
        run.summary["load_seconds"] = round(load_seconds, 3)
        runlog.finish(con, run)
        try:
            publish_artifacts(con, run.run_id, run.summary, artifact_suffix(pack.id, run.db))
        except Exception as exc:  # the data is committed; a missing artifact must not fail it
            logger.warning("could not publish Prefect artifacts: %s", exc)
    logger.info("run %s: %s", run.run_id, run.summary)
    return run.summary


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
    configured = ingest_returns.with_options(
        task_runner=make_task_runner(task_runner, max_workers, dask_address)
    )
    on_file_done(progress)
    # Dask: one task per worker (Prefect's cost there is ~0.1 s per task, paid between tasks)
    min_tasks = max_workers if task_runner == "dask" else None
    # Dask workers must use this process's Prefect API, not start one each (~8 s of CPU)
    shared = share_with_workers() if task_runner == "dask" and not dask_address else None
    try:
        return configured(paths=paths, db=db, full=full, min_tasks=min_tasks,
                          request=os.environ.get("FOI_REQUEST"))  # fmt: skip
    finally:
        on_file_done(None)
        if shared:
            os.environ.pop("PREFECT_API_URL", None)
