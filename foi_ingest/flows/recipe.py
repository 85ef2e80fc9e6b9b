"""An ingest run as its recipe of plain steps: check the paths → which inbox and what they cover
→ which files to read → parse, map and validate → load (one transaction per file) → retire what
left the covered folders → close the run.

Two callers run the same recipe, so a file is read one way only: the Prefect flow
`ingest-returns` (`flows/ingest.py`: scheduled, deployed and whole-inbox runs, parsing in Prefect
tasks on threads, processes or Dask), and the validator's commands (`foi ingest FILE`,
`foi rejects apply`), which run it in this process (`run_here`) and do not start an
orchestrator for a one-file edit. This module imports nothing of Prefect.
"""

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from logging import Logger, LoggerAdapter
from pathlib import Path
from typing import Any

import duckdb

from foi_ingest.flows import runlog
from foi_ingest.flows.discover import (
    Found,
    check_found,
    check_paths,
    discover,
    scope_of,
    warehouse_path,
)
from foi_ingest.flows.pipeline import FileResult, process_file
from foi_ingest.flows.progress import Progress, notify, on_file_done
from foi_ingest.limits import current as current_limits
from foi_ingest.packs import Request, resolve
from foi_ingest.review.decisions import Decisions
from foi_ingest.warehouse.db import connect
from foi_ingest.warehouse.load import load_file

Parse = Callable[
    [Request, list[Found], dict[str, str], str, dict[str, Decisions], int],
    Iterable[tuple[Found, object]],
]
"""(the request, files to read, their sha256, run id, decisions by inbox, time budget per file)
-> each file with its `FileResult`, or the exception that stopped it."""


def parse_here(
    request: Request,
    todo: list[Found],
    shas: dict[str, str],
    run_id: str,
    decisions: dict[str, Decisions],
    budget: int,
) -> Iterator[tuple[Found, object]]:
    """Parse each file in this process, one after the other (the validator's commands: a few
    files, where starting task runners costs more than reading them)."""
    for f in todo:
        try:
            yield (
                f,
                process_file(
                    request, f.path, f.inbox, run_id, shas[f.relative], decisions.get(str(f.inbox))
                ),
            )
        except Exception as exc:  # one broken file never stops the run (runlog.settle)
            yield f, exc


def ingest_paths(
    paths: list[str],
    db: Path,
    *,
    parse: Parse,
    logger: Logger | LoggerAdapter,
    request: Request,
    full: bool = False,
    wait_seconds: float = 600,
    writer_slot: AbstractContextManager[Any] | None = None,
    after: Callable[[duckdb.DuckDBPyConnection, runlog.Run, Request], None] | None = None,
) -> dict[str, Any]:
    """Ingest the files under `paths` into the warehouse `db` as answers to `request`; return
    the run's summary. `writer_slot`: held around the whole run (the flow's Prefect
    concurrency slot); `after`: called with the open warehouse once the run is closed (the
    flow's artifacts)."""
    check_paths(paths)  # a path that is wrong fails the run, with what to fix
    given = [Path(p) for p in paths]
    check_found(paths, discover(request, given))  # before the warehouse is opened, or created
    with (
        writer_slot or nullcontext(),
        connect(db, request=request, wait_seconds=wait_seconds, on_wait=logger.warning) as con,
    ):
        known = runlog.known_inboxes(con)
        found = discover(request, given, known)  # the same files, each placed in its inbox
        run = runlog.Run(found, db, scopes=[scope_of(request, p, known) for p in given])
        runlog.start(request, con, run, full)
        todo = runlog.to_read(request, con, run, full)
        notify("", {"files_to_read": len(todo)})  # the progress bar's total
        stage_start = parsed = time.perf_counter()
        load_seconds, budget = 0.0, current_limits().file_seconds
        decisions = {str(root): d for root, d in run.decisions.items()}
        for f, outcome in parse(request, todo, run.shas, run.run_id, decisions, budget):
            parsed = time.perf_counter()
            result: FileResult = runlog.settle(request, run, f, outcome, budget, logger)
            r = result.response
            loading = time.perf_counter()
            load_file(request, con, r, result.cases, result.rejected, result.skipped,
                      fresh=full or f.relative not in run.known,
                      unapplied=result.unapplied)  # fmt: skip
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
        for retired in run.summary["retired"]:
            logger.info("retired %s: %s", retired["file"], retired["why"])
        if after:
            after(con, run, request)
    logger.info("run %s: %s", run.run_id, run.summary)
    return run.summary


def run_here(
    paths: list[str],
    db: str | None = None,
    full: bool = False,
    request: Request | str | None = None,
    progress: Progress | None = None,
    wait_seconds: float = 60,
) -> dict[str, Any]:
    """The recipe in this process, with no orchestrator: what the validator's commands run (a
    file re-read, decisions applied), where Prefect's start would be most of the wait. The
    warehouse's one writer is DuckDB's own file lock (a run of the flow holding it makes this
    wait, saying so, up to `wait_seconds`). `request`: a Request, a pack's id or folder, or None
    for the one the inbox's `request.yaml` names (else the default)."""
    import logging

    logger = logging.getLogger("foi_ingest.run")
    on_file_done(progress)
    try:
        return ingest_paths(
            paths, warehouse_path(db), parse=parse_here, logger=logger, full=full,
            request=resolve(request, paths), wait_seconds=wait_seconds,
        )  # fmt: skip
    finally:
        on_file_done(None)
