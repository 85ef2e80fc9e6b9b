"""Commands for analysts: `foi report`, `foi query`, `foi export`."""

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from foi_ingest.cli import DbOption, RequestOption, _request, app, console


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
