"""Each request's tables and views in a DuckDB schema of its own, built from its pack.

A warehouse holds several requests: `police_social_media.cases`, `hospital_crime.responses`,
... (the request id with '-' as '_'), each with its own list of bodies (`bodies`). Only the run
log and the schema log are in `main`. A connection works inside one request's schema (`USE`),
so every query names tables by their plain names and finds that request's.
"""

from importlib import resources

import duckdb

from foi_ingest.errors import WarehouseError
from foi_ingest.packs import Request
from foi_ingest.schemas.bodies import bodies
from foi_ingest.schemas.record import (
    DATE_COLUMNS,
    INT_COLUMNS,
    REQUIRED_GENERIC,
    TYPES,
    dimensions,
    record_columns,
    typed_columns,
)  # fmt: skip
from foi_ingest.warehouse.rows import TABLES as ROW_TABLES
from foi_ingest.warehouse.runs import requests_held

SQL = resources.files("foi_ingest.warehouse") / "sql" / "request"


def _type(request: Request, column: str) -> str:
    declared = typed_columns(request)
    if column in declared:
        return TYPES[declared[column]]
    if column in INT_COLUMNS:
        return "INTEGER"
    return "DATE" if column in DATE_COLUMNS else "VARCHAR"


def _not_null(request: Request) -> set[str]:
    required = set(REQUIRED_GENERIC)
    for d in dimensions(request):
        if d.required and not d.free_text:
            required |= {d.name, *([d.group] if d.group else [])}
    return required


def cases_ddl(request: Request) -> str:
    """`CREATE TABLE cases` for the active request's record columns."""
    required = _not_null(request)
    cols = ",\n    ".join(
        f"{c} {_type(request, c)}{' NOT NULL' if c in required else ''}"
        for c in record_columns(request)
    )
    return f"CREATE TABLE IF NOT EXISTS cases (\n    {cols}\n)"


def records_view(request: Request) -> str:
    """`v_records`: every record with its body, period, declared fields and bounds."""
    fields = ", ".join(c for d in dimensions(request) for c in d.columns)
    return (
        "CREATE OR REPLACE VIEW v_records AS SELECT c.force_id AS body_id, f.name AS body_name, "
        "coalesce(c.breakdown, c.source_sheet) AS breakdown, c.year, c.period_start, c.period_end, "
        f"{fields}, c.case_count_low AS count_low, c.case_count_high AS count_high, "
        "c.record_kind, c.source_file, c.source_location "
        "FROM cases c JOIN bodies f ON f.body_id = c.force_id"
    )


def figures_view(request: Request) -> str:
    """`v_figures`: one figure per body, period and field stated once per table (a cohort), from
    one breakdown: each breakdown's sum, and the largest of them (a return that counts the same
    crimes by hospital and by outcome says one number, not their sum). `breakdowns` says how
    many tables gave it; `breakdown_low`/`breakdown_high` how far they differ."""
    once = [d.name for d in dimensions(request) if d.source == "title"]
    keys = ", ".join(["body_id", "body_name", "year", "period_start", "period_end", *once])
    population = ", ".join(["body_id", *once])
    # a breakdown with no period (a table over the whole request) is another way of counting
    # what the dated breakdowns count year by year: kept out where a dated one exists
    return (
        f"CREATE OR REPLACE VIEW v_figures AS WITH per AS (SELECT {keys}, source_file, breakdown, "
        "sum(count_low) AS low, sum(count_high) AS high FROM v_records GROUP BY ALL), "
        f"dated AS (SELECT {population}, bool_or(period_start IS NOT NULL) AS has_periods "
        f"FROM v_records GROUP BY ALL) SELECT {keys}, max(low) AS count_low, "
        "max(high) AS count_high, count(*) AS breakdowns, min(low) AS breakdown_low, "
        f"max(low) AS breakdown_high FROM per JOIN dated USING ({population}) "
        f"WHERE period_start IS NOT NULL OR NOT has_periods GROUP BY {keys}"
    )


def _write_bodies(con: duckdb.DuckDBPyConnection, request: Request) -> None:
    """The reference list of the request's kind of body, as the table `bodies` of its schema."""
    con.execute(
        "CREATE OR REPLACE TABLE bodies (body_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, "
        "country VARCHAR, region VARCHAR, aliases VARCHAR[])"
    )
    rows = [(b.body_id, b.name, b.country, b.region, list(b.aliases))
            for b in bodies(request).values()]  # fmt: skip
    con.executemany("INSERT INTO bodies VALUES (?, ?, ?, ?, ?)", rows)


def open_request(con: duckdb.DuckDBPyConnection, request: Request, *, write: bool) -> None:
    """Work inside `request`'s schema on this connection; a writer first creates or updates its
    tables (adding columns a newer declaration has) and views."""
    schema = request.schema_name
    exists = bool(con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [schema]
    ).fetchone()[0])  # fmt: skip
    if not write:
        if exists:
            con.execute(f"USE {schema}")
        else:
            held = requests_held(con)
            holds = f"it holds {', '.join(held)}: pass --request ID; or " if held else ""
            raise WarehouseError(
                f"the warehouse holds nothing of request '{request.id}' ({holds}run "
                f"`foi ingest INBOX --request {request.id}` first)"
            )
        return
    con.execute("BEGIN TRANSACTION")
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute(f"USE {schema}")
    for table in ROW_TABLES:  # declared once, as the row types of records.py
        con.execute(table.ddl())
    con.execute((SQL / "010_tables.sql").read_text(encoding="utf-8"))
    con.execute(cases_ddl(request))
    have = {r[0] for r in con.execute("DESCRIBE cases").fetchall()}
    for column in record_columns(request):
        if column not in have:  # a field declared since the table was made
            con.execute(f"ALTER TABLE cases ADD COLUMN {column} {_type(request, column)}")
    _write_bodies(con, request)
    con.execute((SQL / "900_views.sql").read_text(encoding="utf-8"))
    con.execute(records_view(request))
    con.execute(figures_view(request))
    for view in sorted((request.root / "views").glob("*.sql")):
        con.execute(view.read_text(encoding="utf-8"))
    con.execute("COMMIT")
