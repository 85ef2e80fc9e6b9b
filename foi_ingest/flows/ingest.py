"""The Prefect flow `ingest-returns`: the run's recipe (`flows/recipe.py`: discover → which
files to read → parse, map and validate → load, one writer, one transaction per file → retire
→ close) with parsing in Prefect tasks (threads, processes or Dask), the warehouse's one writing
slot held through Prefect, and the run's artifacts published. Scheduled, deployed and
whole-inbox runs are this flow; the validator's one-file commands run the same recipe in
process (`recipe.run_here`)."""

import os
from typing import Any

from prefect import flow, get_run_logger

from foi_ingest.flows.artifacts import publish_artifacts
from foi_ingest.flows.discover import check_paths, warehouse_path
from foi_ingest.flows.prefect_api import share_with_workers
from foi_ingest.flows.progress import Progress, on_file_done
from foi_ingest.flows.recipe import ingest_paths
from foi_ingest.flows.runners import cluster_starting, make_task_runner
from foi_ingest.flows.tasks import parse_all
from foi_ingest.flows.writer import artifact_suffix, warehouse_slot
from foi_ingest.packs import resolve


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
    `request` (a pack id or folder; default: the inbox's `request.yaml`, else the default
    request). The pack is read here, once, and handed to every task as an argument: a worker
    on another machine maps returns with the run's request, whatever its environment says.
    A file given alone is re-read alone; a folder retires only files gone from under it.

    `min_tasks`: spread parsing over about this many tasks (set for Dask, where each Prefect
    task costs far more than on threads); by default small files share tasks of up to 25.
    """
    logger = get_run_logger()
    check_paths(paths)  # before waiting for any slot: a wrong path fails at once
    target = warehouse_path(db)
    the_request = resolve(request, paths)
    extra: dict[str, Any] = {}
    # Dask: the cluster starts while files are hashed; parsing waits for it
    with cluster_starting() as cluster:

        def parse(req, todo, shas, run_id, decisions, budget):
            if cluster:
                extra["cluster_seconds"] = cluster.ready()
            return parse_all(req, todo, shas, run_id, decisions, budget, min_tasks)

        def publish(con, run, req) -> None:
            try:
                suffix = artifact_suffix(req.id, run.db)
                publish_artifacts(req, con, run.run_id, run.summary, suffix)
            except Exception as exc:  # the data is committed; a missing artifact must not fail
                logger.warning("could not publish Prefect artifacts: %s", exc)

        summary = ingest_paths(
            paths, target, parse=parse, logger=logger, full=full, request=the_request,
            wait_seconds=wait_seconds, writer_slot=warehouse_slot(target, logger), after=publish,
        )  # fmt: skip
    return {**summary, **extra}


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
    configured = ingest_returns.with_options(
        task_runner=make_task_runner(task_runner, max_workers, dask_address)
    )
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
