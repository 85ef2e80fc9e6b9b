"""The `foi` command line: ingest, report, rejects, sample, forces."""

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

# Prefect's embedded API, quiet and offline, unless the user configured otherwise.
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}.items():
    os.environ.setdefault(_key, _value)

app = typer.Typer(help="Turn FOI returns into one validated DuckDB dataset.", no_args_is_help=True)
console = Console()
DbOption = Annotated[
    Path | None, typer.Option("--db", help="DuckDB file (default: $FOI_DB, else ./foi.duckdb).")
]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Inbox folders or files.", exists=True)],
    db: DbOption = None,
    full: Annotated[
        bool, typer.Option(help="Rebuild: forget what was loaded, re-read all.")
    ] = False,
    workers: Annotated[int, typer.Option(help="Files parsed at once.")] = 4,
) -> None:
    """Run the Prefect flow `ingest-returns` over the inbox."""
    from foi_ingest.flows.ingest import run_ingest

    done = {"files": 0, "rows": 0}
    if sys.stdout.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} files, {task.fields[rows]} rows"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        task_id = bar.add_task("ingesting", total=None, rows=0)

        def progress(rel: str, response: dict) -> None:
            done["rows"] += response["rows_read"]
            bar.update(task_id, advance=1, rows=done["rows"], description=rel[:40])

        with bar:
            summary = run_ingest(
                [str(p) for p in paths], str(db) if db else None, full, workers, progress
            )
    else:

        def progress(rel: str, response: dict) -> None:
            print(
                f"{response['status']:<13} {rel} ({response['rows_read']} rows: "
                f"{response['rows_loaded']} loaded, {response['rows_rejected']} rejected, "
                f"{response['rows_skipped']} skipped)",
                flush=True,
            )

        summary = run_ingest(
            [str(p) for p in paths], str(db) if db else None, full, workers, progress
        )
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary["statuses"].items()))
    console.print(
        f"Run {summary['run_id']} into {summary['db']}: {summary['files_seen']} files "
        f"({summary['new']} new, {summary['changed']} changed, {summary['unchanged']} unchanged, "
        f"{summary['duplicate']} duplicate, {summary['removed']} removed). {statuses}"
    )


@app.command()
def report(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable figures.")] = False,
) -> None:
    """Print the headline: totals, outcomes, forces ranked, and who answered."""
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.report import headline, render_text

    with connect(db, read_only=True) as con:
        figures = headline(con)
    if as_json:
        print(json.dumps(figures, indent=2, default=str))
    else:
        print(render_text(figures))


@app.command()
def rejects(
    db: DbOption = None,
    force: Annotated[str | None, typer.Option(help="Only this force id.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List open rejected rows: where, what the force wrote, why, and the closest values."""
    from foi_ingest.warehouse.db import connect

    sql = (
        "SELECT force_id, source_file, source_location, raw, reasons, suggestions "
        "FROM rejected_rows WHERE status = 'open'"
    )
    params: list = []
    if force:
        sql += " AND force_id = ?"
        params.append(force)
    with connect(db, read_only=True) as con:
        rows = con.execute(sql + " ORDER BY source_file, source_row", params).fetchall()
    items = [
        {
            "force_id": r[0],
            "source_file": r[1],
            "location": r[2],
            "raw": json.loads(r[3]),
            "reasons": list(r[4]),
            "suggestions": json.loads(r[5]),
        }
        for r in rows
    ]
    if as_json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return
    table = Table("force", "file / location", "as written", "reasons", "closest")
    for it in items:
        table.add_row(
            it["force_id"],
            f"{it['source_file']}\n{it['location']}",
            "; ".join(f"{k}: {v}" for k, v in it["raw"].items()),
            "\n".join(it["reasons"]),
            "\n".join(f"{k}: {', '.join(v)}" for k, v in it["suggestions"].items()),
        )
    console.print(table)
    console.print(f"{len(items)} open rejected rows")


@app.command()
def sample(
    inbox: Annotated[Path, typer.Argument(help="Folder to write the sample inbox into.")],
    seed: Annotated[int, typer.Option(help="Random seed.")] = 2014,
    force_overwrite: Annotated[bool, typer.Option(help="Replace an existing folder.")] = False,
) -> None:
    """Write the sample inbox (mixed formats and quirks) and its truth.json."""
    from foi_ingest.sample.generator import write_inbox

    truth = write_inbox(inbox, seed=seed, overwrite=force_overwrite)
    console.print(
        f"Wrote {truth['files']} files for {len(truth['forces'])} forces to {inbox} "
        f"({truth['cases_low']} cases, truth in {inbox / 'truth.json'})"
    )


@app.command()
def forces() -> None:
    """List the forces the project knows, with the aliases used to recognise inbox folders."""
    from foi_ingest.schemas.forces import forces as all_forces

    table = Table("force_id", "name", "region", "aliases")
    for f in all_forces().values():
        table.add_row(f.force_id, f.name, f.region, ", ".join(f.aliases))
    console.print(table)


if __name__ == "__main__":
    app()
