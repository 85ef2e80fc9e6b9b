"""The `foi` command line: the app, its shared options and how a command's request is chosen.

The commands live beside this module, by who uses them: `runs` (ingest, sample, upgrade),
`analysis` (report, query, export), `review` (rejects and its export and apply), `packs`
(bodies, requests, check-request, new-request). Each registers itself on `app`.
"""

import os
from pathlib import Path
from typing import Annotated, Any

import click
import typer
import typer.core
from rich.console import Console
from rich.markup import escape

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
    from foi_ingest.warehouse.runs import requests_held

    target = Path(db) if db else default_db()
    if not target.is_file():
        return None
    try:
        with duckdb.connect(str(target), read_only=True) as con:
            found = requests_held(con)
    except duckdb.Error:
        return None  # locked, or no run log: the command's own open says what is wrong
    return found[0] if len(found) == 1 else None


# the commands register themselves on `app`, in the order `foi --help` lists them (imported
# last: they import `app` from here)
# isort: off
from foi_ingest.cli import runs  # noqa: E402, F401
from foi_ingest.cli import analysis  # noqa: E402, F401
from foi_ingest.cli import review  # noqa: E402, F401
from foi_ingest.cli import packs  # noqa: E402, F401
# isort: on
