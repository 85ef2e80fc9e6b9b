"""The `foi` command line: ingest, report, rejects, sample, forces."""

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import click
import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from foi_ingest.packs.pack import Request

# Prefect's embedded API, quiet and offline, unless the user configured otherwise.
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}.items():
    os.environ.setdefault(_key, _value)


class _Commands(typer.core.TyperGroup):
    """Every command's user errors as one line saying what to do, and exit code 2: a missing
    warehouse, a wrong path, an invalid pack or workbook value, an inverted window. A crash
    of the code itself keeps its traceback (it is a bug to report)."""

    def invoke(self, ctx: click.Context) -> Any:
        from foi_ingest.errors import IngestError, UserError
        from foi_ingest.flows.discover import InboxError

        try:
            return super().invoke(ctx)
        except (IngestError, UserError, InboxError) as exc:
            console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc


app = typer.Typer(
    cls=_Commands, help="Turn FOI returns into one validated DuckDB dataset.", no_args_is_help=True
)
console = Console()
DbOption = Annotated[
    Path | None, typer.Option("--db", help="DuckDB file (default: $FOI_DB, else ./foi.duckdb).")
]
RequestOption = Annotated[
    str | None,
    typer.Option(
        "--request",
        help="The request pack: an id (`foi requests`) or a pack's folder; default: the one the "
        "inbox's request.yaml names, else $FOI_REQUEST, else foi.yaml's, else the one request "
        "the warehouse holds.",
    ),
]


def _request(
    given: str | None, paths: list[Path] | None = None, db: Path | None = None
) -> "Request":
    """The request a command works on, read once here and passed on: `--request`, else the one
    the inbox's `request.yaml` names, else $FOI_REQUEST (the only place it is read), else the
    project's `foi.yaml`, else the one request the warehouse holds. No request is built in: with
    none of these the command says how to name one. A pack with problems stops the command with
    what to fix."""
    from foi_ingest.errors import ConfigError
    from foi_ingest.packs import named_by_inbox, project_request, resolve

    chosen = (
        given or named_by_inbox(paths or []) or os.environ.get("FOI_REQUEST")
        or project_request() or _only_request_in(db)
    )  # fmt: skip
    try:
        return resolve(chosen, paths or [])
    except ConfigError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc


def _only_request_in(db: Path | None) -> str | None:
    """The request of the warehouse's runs, when all its runs are of one request."""
    import duckdb

    from foi_ingest.warehouse.db import default_db

    target = Path(db) if db else default_db()
    if not target.is_file():
        return None
    try:
        with duckdb.connect(str(target), read_only=True) as con:
            found = con.execute(
                "SELECT DISTINCT request FROM main.ingestion_runs WHERE request IS NOT NULL"
            ).fetchall()
    except duckdb.Error:
        return None  # locked, or no run log: the command's own open says what is wrong
    return found[0][0] if len(found) == 1 else None


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
def report(
    db: DbOption = None,
    request: RequestOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable figures.")] = False,
    html_file: Annotated[Path | None, typer.Option("--html", help="Write an HTML report.")] = None,
    markdown_file: Annotated[
        Path | None, typer.Option("--markdown", help="Write a markdown report.")
    ] = None,
    date_from: Annotated[
        dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="Period start.")
    ] = None,
    date_to: Annotated[
        dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Period end.")
    ] = None,
) -> None:
    """Print the headline: totals, outcomes, forces ranked, and who answered."""
    req = _request(request, db=db)
    if date_from and date_to and date_from > date_to:
        from foi_ingest.errors import UserError

        raise UserError(
            f"--from {date_from.date()} is after --to {date_to.date()}: give the window's "
            "start first"
        )
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.records_report import records_figures, render_records
    from foi_ingest.warehouse.report import (
        headline,
        ranked_headline,
        render_markdown,
        render_text,
    )

    with connect(db, request=req, read_only=True) as con:
        if not ranked_headline(req):  # a pack that declares no ranked headline: the generic report
            generic = records_figures(req, con)
            print(
                json.dumps(generic, indent=2, default=str) if as_json else render_records(generic)
            )
            return
        figures = headline(
            req, con, date_from.date() if date_from else None, date_to.date() if date_to else None
        )
    if html_file:
        from foi_ingest.warehouse.report_html import render_html

        html_file.write_text(render_html(req, figures), encoding="utf-8")
        console.print(f"Wrote {html_file}")
    if markdown_file:
        markdown_file.write_text(render_markdown(req, figures), encoding="utf-8")
        console.print(f"Wrote {markdown_file}")
    if as_json:
        print(json.dumps(figures, indent=2, default=str))
    elif not (html_file or markdown_file):
        print(render_text(req, figures))


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="A SQL query over the warehouse's tables and views.")],
    db: DbOption = None,
    request: RequestOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
) -> None:
    """Run SQL on a read-only connection: the warehouse cannot be changed by accident."""
    req = _request(request, db=db)
    import duckdb

    from foi_ingest.errors import WarehouseError
    from foi_ingest.warehouse.db import connect

    try:
        with connect(db, request=req, read_only=True) as con:
            result = con.execute(sql)
            columns = [d[0] for d in result.description or []]
            rows = result.fetchall()
    except (duckdb.Error, WarehouseError) as exc:
        message = str(exc)
        if "read-only" in message.lower():
            message = (
                f"the warehouse is opened read-only by `foi query`; nothing was changed ({exc})"
            )
        console.print(f"[red]error:[/red] {message}")
        raise typer.Exit(1) from exc
    print_rows(columns, rows, fmt)


def print_rows(columns: list[str], rows: list[tuple], fmt: str) -> None:
    """Print query results in one of the formats analysts paste elsewhere."""
    if fmt == "json":
        print(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str, indent=2))
    elif fmt == "csv":
        import csv as csv_module

        writer = csv_module.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "markdown":
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for r in rows:
            print("| " + " | ".join("" if v is None else str(v) for v in r) + " |")
    else:
        table = Table(*columns)
        for r in rows:
            table.add_row(*["" if v is None else str(v) for v in r])
        console.print(table)


@app.command("export")
def export_cmd(
    folder: Annotated[Path, typer.Argument(help="Folder to write into.")],
    db: DbOption = None,
    request: RequestOption = None,
    fmt: Annotated[str, typer.Option("--format", help="parquet, csv or xlsx.")] = "parquet",
) -> None:
    """Write cases and the summary views for pandas, R or Excel (Parquet partitioned by force)."""
    req = _request(request, db=db)
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.export import export

    with connect(db, request=req, read_only=True) as con:
        written = export(req, con, folder, fmt)
    console.print(f"Wrote {len(written)} exports to {folder}")


rejects_app = typer.Typer(help="Review rejected rows: list, export to Excel, apply decisions.")
app.add_typer(rejects_app, name="rejects")
InboxOption = Annotated[
    Path | None, typer.Option(help="The inbox whose _corrections/ hold the decisions (default: "
                          "the last run's).")
]  # fmt: skip


@rejects_app.callback(invoke_without_command=True)
def rejects(
    ctx: typer.Context,
    db: DbOption = None,
    request: RequestOption = None,
    force: Annotated[
        str | None, typer.Option("--body", "--force", help="Only this body's id (`foi bodies`).")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Only reasons containing this text.")] = None,
    run: Annotated[str | None, typer.Option(help="Only rows from this run id.")] = None,
    summary: Annotated[bool, typer.Option(help="Counts by reason and force.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List open rejected rows (where, what the force wrote, why, the closest values) and the
    decisions on file that did not take effect, with why."""
    if ctx.invoked_subcommand:
        return
    req = _request(request, db=db)
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.review import open_rejections, self_disagreements, unapplied

    with connect(db, request=req, read_only=True) as con:
        items = open_rejections(con, force, run, reason)
        letters = con.execute(
            "SELECT count(*) FROM responses WHERE status = 'needs_entry'"
            + (" AND force_id = ?" if force else ""),
            [force] if force else [],
        ).fetchone()[0]
        alarms = self_disagreements(con, force)
        not_applied = unapplied(con, force)
    if summary:
        counts: dict[tuple[str, str], int] = {}
        example: dict[tuple[str, str, str], str] = {}
        for it in items:
            # read before reasons had codes: one bucket, until the file is read again
            problems = it["problems"] or [{"code": "unclassified", "field": None,
                                           "message": "; ".join(it["reasons"])}]  # fmt: skip
            for p in {(p["code"], p["field"] or "", p["message"]) for p in problems}:
                key = (p[0], p[1], it["force_id"] or "")
                counts[key] = counts.get(key, 0) + 1
                example.setdefault(key, p[2])
        for u in not_applied:
            key = (f"not_applied:{u['code']}", "", u["force_id"] or "")
            counts[key] = counts.get(key, 0) + 1
            example.setdefault(key, u["message"])
        if as_json:
            print(json.dumps([{"code": c, "field": f or None, "force_id": b, "rows": n,
                               "example": example[(c, f, b)]}
                              for (c, f, b), n in sorted(counts.items())], indent=2))  # fmt: skip
            return
        table = Table("code", "field", "force", "rows", "for example")
        for (code, field, force_id), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(code, field, force_id, str(n), example[(code, field, force_id)])
        console.print(table)
        return
    if as_json:
        print(json.dumps({"rejected": items, "not_applied": not_applied}, indent=2,
                         ensure_ascii=False, default=str))  # fmt: skip
        return
    table = Table("force", "file / location", "as written", "reasons", "closest")
    for it in items:
        table.add_row(
            it["force_id"], f"{it['source_file']}\n{it['location']}",
            "; ".join(f"{k}: {v}" for k, v in it["raw"].items()), "\n".join(it["reasons"]),
            "\n".join(f"{k}: {', '.join(v)}" for k, v in it["suggestions"].items()),
        )  # fmt: skip
    console.print(table)
    console.print(f"{len(items)} open rejected rows")
    if not_applied:
        stale = Table("file / location", "decision", "why not applied")
        for u in not_applied:
            stale.add_row(f"{u['source_file']}\n{u['location']}", u["decision"], u["message"])
        console.print(stale)
        console.print(
            f"{len(not_applied)} decisions on file did not take effect: see why above; clear "
            "them in the sheet 'Not applied' of `foi rejects export`, or make them again."
        )
    if alarms:
        checks = Table("force", "file", "what to check")
        for force_id, file, total_check, slips in alarms:
            said = [f"stated total {total_check}"] if total_check else []
            checks.add_row(force_id, file, "\n".join(said + list(slips)))
        console.print(checks)
        console.print(
            f"{len(alarms)} files disagree with themselves (a stated total their rows do not "
            "give, or '<N' marks that look like an autofill slip): check them with the body."
        )
    if letters:
        console.print(
            f"{letters} letters answer in prose, with no table: enter their figures in the "
            "sheet 'Enter from letters' of `foi rejects export`."
        )


def _inbox(con: Any, req: "Request", given: Path | None) -> Path | None:
    """The inbox whose decisions a review reads and writes: `--inbox`, else the last run's."""
    if given is not None:
        return given
    from foi_ingest.warehouse.review import last_inbox

    return last_inbox(con, req.id)


@rejects_app.command("export")
def rejects_export(
    workbook: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
    db: DbOption = None,
    request: RequestOption = None,
    force: Annotated[
        str | None, typer.Option("--body", "--force", help="Only this body's id (`foi bodies`).")
    ] = None,
    inbox: InboxOption = None,
) -> None:
    """Write the review workbook: open rejected rows and every decision on file."""
    req = _request(request, db=db)
    from foi_ingest.review.decisions import Decisions, load_decisions
    from foi_ingest.review.workbook import export_review
    from foi_ingest.warehouse.db import connect

    with connect(db, request=req, read_only=True) as con:
        folder = _inbox(con, req, inbox)
        decisions = load_decisions(folder) if folder else Decisions()
        n = export_review(req, con, workbook, force, decisions, folder)
    console.print(
        f"Wrote {n} rejected rows to {workbook}. Fill the yellow columns, then run "
        f"`foi rejects apply {workbook}`.", highlight=False,
    )  # fmt: skip


@rejects_app.command("apply")
def rejects_apply(
    workbook: Annotated[Path, typer.Argument(help="The reviewed .xlsx file.", exists=True)],
    db: DbOption = None,
    request: RequestOption = None,
    inbox: InboxOption = None,
    by: Annotated[str | None, typer.Option(help="Who decided (default: system user).")] = None,
) -> None:
    """Record what the workbook changed in INBOX/_corrections/ and re-read the files it
    touches (in this process: no orchestrator for an edit). Exits 1 while a decision on file
    is not applied or does not pass."""
    req = _request(request, db=db)
    from foi_ingest.errors import UserError
    from foi_ingest.flows.recipe import run_here
    from foi_ingest.review.apply import inbox_exists, record_review
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.review import apply_outcome

    with connect(db, request=req, read_only=True) as con:
        folder = _inbox(con, req, inbox)
    if folder is None:
        raise UserError("no ingest run of this request yet: pass --inbox DIR")
    applied = record_review(req, workbook, inbox_exists(folder), by)
    for problem in applied.problems:
        console.print(f"[yellow]not applied:[/yellow] {escape(problem)}", highlight=False)
    summary = run_here([str(folder)], str(db) if db else None, request=req)
    with connect(db, request=req, read_only=True) as con:
        outcome = apply_outcome(con, applied.keys)
    console.print(
        f"This apply: {applied.corrections_new} decisions recorded, {applied.corrections_changed}"
        f" changed, {applied.cleared} cleared, {applied.mappings_new + applied.mappings_changed} "
        f"mappings; {summary['changed']} files re-read. Of its decisions: "
        f"{outcome['corrected']} corrected, {outcome['dismissed']} dismissed, "
        f"{outcome['entered']} figures entered from letters, {len(outcome['failing'])} still "
        f"failing. On file: {len(outcome['not_applied'])} decisions not applied.",
        highlight=False,
    )
    for source_file, location, reasons in outcome["failing"]:
        console.print(f"  failing: {source_file} {location}: {'; '.join(reasons)}",
                      highlight=False)  # fmt: skip
    for u in outcome["not_applied"]:
        console.print(f"  not applied: {u['source_file']} {u['location']}: {u['message']}",
                      highlight=False)  # fmt: skip
    if applied.problems or outcome["failing"] or outcome["not_applied"]:
        raise typer.Exit(1)


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
def bodies(request: RequestOption = None) -> None:
    """List the bodies the request went to, with the aliases that recognise inbox folders."""
    from foi_ingest.schemas.bodies import bodies as all_bodies

    req = _request(request)
    table = Table("body_id", "name", "region", "aliases")
    for f in all_bodies(req).values():
        table.add_row(f.body_id, f.name, f.region, ", ".join(f.aliases))
    console.print(table)


@app.command("forces", hidden=True)
def forces(request: RequestOption = None) -> None:
    """The former name of `foi bodies`."""
    bodies(request)


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


@app.command("requests")
def requests_cmd() -> None:
    """List the request packs found: in `FOI_REQUESTS_PATH`, the user's folder and those
    installed with the package."""
    from foi_ingest.packs import available, load_pack, project_request

    active = os.environ.get("FOI_REQUEST") or project_request()
    for pack_id, folder in available().items():
        pack = load_pack(pack_id)
        mark = " (used by default here)" if active in (pack_id, str(folder)) else ""
        line = f"[bold]{pack_id}[/bold]{mark}: {pack.title} (sent to: {pack.body_kind})"
        console.print(line, soft_wrap=True)
        console.print(f"  {folder}", soft_wrap=True, highlight=False)


@app.command("check-request")
def check_request(
    pack: Annotated[str, typer.Argument(help="A pack's folder, or the id of a pack found.")],
) -> None:
    """Check a request pack as a whole: every key, every file, every reference between them.
    Exit 0 when it can be used; else one line per problem (file:line: key: what to fix), exit 1."""
    from foi_ingest.errors import UserError
    from foi_ingest.packs import available
    from foi_ingest.packs.lint import check

    root = Path(pack) if Path(pack).is_dir() else available().get(pack)
    if root is None:
        known = ", ".join(sorted(available())) or "none"
        raise UserError(f"no request pack '{pack}' (known: {known}; or give a pack's folder)")
    checked = check(root)
    for problem in checked.problems:
        console.print(escape(str(problem)), highlight=False, soft_wrap=True)
    if checked.problems:
        console.print(f"[red]{len(checked.problems)} problem(s)[/red] in {root}")
        raise typer.Exit(1)
    console.print(f"{root}: the pack is valid ({len(checked.spec.schema_.fields)} fields)")


@app.command("new-request")
def new_request(
    request_id: Annotated[str, typer.Argument(help="The new request's id: words joined by '-'.")],
    folder: Annotated[
        Path | None, typer.Option(help="Where to write the pack (default: the current folder).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="One line a reader understands.")] = None,
) -> None:
    """Write a commented request pack to fill in (request.yaml, columns, a vocabulary, letters)."""
    from foi_ingest.errors import ConfigError
    from foi_ingest.packs.registry import new_pack

    try:
        root = new_pack(request_id, folder, title)
    except ConfigError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    from foi_ingest.packs.registry import user_folder

    console.print(
        f"Wrote {root}: fill in request.yaml, check it with `foi check-request {root}`, then "
        f"`foi ingest INBOX --request {root}` (or move the folder into {user_folder()} or a "
        "folder of $FOI_REQUESTS_PATH to name it by its id)",
        soft_wrap=True,
        highlight=False,
    )


if __name__ == "__main__":
    app()
