"""Commands that run ingestion: `foi ingest`, `foi sample`, `foi upgrade`."""

import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from foi_ingest.cli import DbOption, RequestOption, _request, app, console


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Inbox folders or files.", exists=True)],
    db: DbOption = None,
    full: Annotated[
        bool, typer.Option(help="Rebuild what the paths cover: forget it, re-read all.")
    ] = False,
    workers: Annotated[int, typer.Option(help="Files parsed at once.")] = 4,
    task_runner: Annotated[
        str, typer.Option(help="Where files are parsed: thread, process or dask.")
    ] = "thread",
    dask_address: Annotated[
        str | None, typer.Option(help="A Dask scheduler (tcp://host:8786); default: local.")
    ] = None,
    request: RequestOption = None,
    prefect: Annotated[
        bool | None,
        typer.Option(
            "--prefect/--in-process",
            help="Run as the Prefect flow, or in this process with no orchestrator. Default: "
            "files given alone in process (a validator's re-read), folders as the flow.",
        ),
    ] = None,
) -> None:
    """Read the returns under PATHS into the warehouse (for `--request`, else the request the
    inbox's `request.yaml` names, else $FOI_REQUEST, else foi.yaml's). A file given alone is
    re-read alone; a folder retires only files that left it; nothing else in the warehouse is
    touched."""
    req = _request(request, paths)
    orchestrate = prefect
    if orchestrate is None:
        orchestrate = (
            any(p.is_dir() for p in paths) or task_runner != "thread" or bool(dask_address)
        )
    from contextlib import nullcontext

    done = {"rows": 0, "since": time.monotonic()}
    bar_context: Any = nullcontext()
    if sys.stdout.isatty():
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("files, {task.fields[rows]:,} rows ({task.fields[rate]:,.0f} rows/s)"),
            TimeElapsedColumn(), console=console, transient=True,
        )  # fmt: skip
        task_id = bar.add_task("ingesting", total=None, rows=0, rate=0)
        bar_context = bar

        def progress(rel: str, response: dict) -> None:
            if "files_to_read" in response:
                done["since"] = time.monotonic()  # rows/s of reading, not of Prefect's start
                bar.update(task_id, total=response["files_to_read"])
                return
            done["rows"] += response["rows_read"]
            rate = done["rows"] / max(time.monotonic() - done["since"], 1e-6)
            bar.update(task_id, advance=1, rows=done["rows"], rate=rate, description=rel[:40])
    else:

        def progress(rel: str, response: dict) -> None:  # plain lines under CI or Prefect
            if "files_to_read" in response:
                print(f"{response['files_to_read']} files to read", flush=True)
                return
            print(
                f"{response['status']:<13} {rel} ({response['rows_read']} rows: "
                f"{response['rows_loaded']} loaded, {response['rows_rejected']} rejected, "
                f"{response['rows_skipped']} skipped)",
                flush=True,
            )

    given = [str(p) for p in paths]
    if orchestrate:
        from foi_ingest.flows import prefect_api
        from foi_ingest.flows.prefect_api import heartbeats_off

        api = prefect_api.start()  # Prefect's local API boots while the pipeline's libraries load
        from foi_ingest.flows.ingest import run_ingest

        if api:
            api.wait()
        no_heartbeat = api and heartbeats_off()
        with bar_context, no_heartbeat or nullcontext():
            summary = run_ingest(
                given, str(db) if db else None, full, workers, progress, task_runner,
                dask_address, request=str(req.root),
            )  # fmt: skip
    else:
        from foi_ingest.flows.recipe import run_here

        with bar_context:
            summary = run_here(given, str(db) if db else None, full, req, progress=progress)
    print_run(summary)


def print_run(summary: dict[str, Any]) -> None:
    """The run's one-line summary, then each file it retired and why."""
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary["statuses"].items()))
    console.print(
        f"Run {summary['run_id']} into {summary['db']}: {summary['files_seen']} files "
        f"({summary['new']} new, {summary['changed']} changed, {summary['unchanged']} unchanged, "
        f"{summary['duplicate']} duplicate, {summary['removed']} removed). {statuses}",
        highlight=False,
    )
    for retired in summary.get("retired", []):
        console.print(f"  retired {retired['file']}: {retired['why']}", highlight=False)


@app.command()
def sample(
    inbox: Annotated[Path, typer.Argument(help="Folder to write the sample inbox into.")],
    seed: Annotated[int, typer.Option(help="Random seed.")] = 2014,
    force_overwrite: Annotated[bool, typer.Option(help="Replace an existing folder.")] = False,
    request: RequestOption = None,
) -> None:
    """Write the request's sample inbox (made-up returns in mixed formats, with their quirks)
    and its truth.json, with the generator its pack names (`sample:` in request.yaml). With no
    request named, the one pack found that has a sample generator."""
    from importlib import import_module

    from foi_ingest.packs import available, load_pack, project_request

    have = [p for p in available() if load_pack(p).spec.sample]
    named = request or os.environ.get("FOI_REQUEST") or project_request()
    req = _request(named or (have[0] if len(have) == 1 else None))
    recipe = req.spec.sample.generator if req.spec.sample else None
    if not recipe:
        console.print(
            f"[red]request '{req.id}' declares no sample inbox (`sample: {{generator: "
            f"module:function}}` in its request.yaml); requests with one: {', '.join(have)}[/red]"
        )
        raise typer.Exit(2)
    module, _, name = str(recipe).partition(":")
    write_inbox = getattr(import_module(module), name)
    from foi_ingest.errors import UserError
    from foi_ingest.review.decisions import kept_through_rewrite

    if inbox.exists() and not force_overwrite:
        raise UserError(f"{inbox} exists: pass --force-overwrite to write it again (its "
                        "_corrections/ and _overrides/ are kept)")  # fmt: skip
    with kept_through_rewrite(inbox):
        truth = write_inbox(inbox, seed=seed, overwrite=force_overwrite)
    console.print(
        f"Wrote {truth['files']} files for {len(truth['forces'])} forces to {inbox} "
        f"({truth['cases_low']} cases, truth in {inbox / 'truth.json'})"
    )


@app.command()
def upgrade(db: DbOption = None) -> None:
    """Bring a warehouse written before each request had its own schema to today's layout,
    once, keeping every row (the pre-pack tables move into their request's schema; `main`'s
    old list of forces and copies of views go)."""
    from foi_ingest.warehouse.db import default_db
    from foi_ingest.warehouse.upgrade import upgrade as run_upgrade

    target = Path(db) if db else default_db()
    done = run_upgrade(target)
    if not done["upgraded"]:
        console.print(f"{target} is up to date: nothing to do")
        return
    moved = ", ".join(f"{t} {n:,}" for t, n in done["moved"].items()) or "no rows"
    console.print(
        f"Upgraded {target}: moved {moved} into its request's schema; dropped from main: "
        f"{', '.join(done['dropped']) or 'nothing'}",
        soft_wrap=True,
        highlight=False,
    )
