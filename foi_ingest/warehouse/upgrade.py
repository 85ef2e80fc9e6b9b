"""`foi upgrade`: a warehouse written before each request had its own schema, brought to today's
layout once, keeping every row.

Before request packs, the police social-media request's tables lived in `main` (`main.cases`,
`main.responses`, ...), with its list of forces as `main.forces`; later warehouses kept
read-only copies of that request's tables and views in `main` under their old names. Today `main`
holds only the log of runs and the schema versions, and each request's tables live in its own
schema. This module is the one place that names the pre-pack request: those warehouses can only
hold it.
"""

from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from foi_ingest.errors import WarehouseError
from foi_ingest.packs import load_pack
from foi_ingest.warehouse.requests import open_request

PRE_PACK_REQUEST = "police-social-media"
"""The only request a warehouse written before packs can hold."""
LEGACY = resources.files("foi_ingest.warehouse") / "sql" / "legacy"
"""The migrations of the pre-pack layout (main.cases, main.forces ...), applied in order."""
PRE_PACK_TABLES = ("responses", "cases", "rejected_rows", "skipped_rows")
"""The tables the pre-pack layout kept in `main`."""
MARK = "upgrade/requests_in_schemas"
"""Recorded in `schema_version` once a warehouse is upgraded."""


def needs_upgrade(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `main` still holds the pre-pack layout: its list of forces, or a request's
    tables or views under their old names."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
        "AND table_name IN ('forces', 'cases', 'responses')"
    ).fetchone()[0]
    views = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
        "AND view_name IN ('cases', 'responses', 'v_cases')"
    ).fetchone()[0]
    return bool(found or views)


def upgrade(path: Path) -> dict[str, Any]:
    """Upgrade the warehouse at `path` in one transaction; what was done, for the command."""
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}")
    con = duckdb.connect(str(path))
    try:
        if not needs_upgrade(con):
            return {"upgraded": False, "moved": {}, "dropped": []}
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (name VARCHAR PRIMARY KEY, "
            "applied_at TIMESTAMP)"
        )
        applied = {r[0] for r in con.execute("SELECT name FROM schema_version").fetchall()}
        con.execute("BEGIN TRANSACTION")
        for sql in sorted(LEGACY.iterdir(), key=lambda p: p.name):
            if sql.name.endswith(".sql") and sql.name not in applied:
                con.execute(sql.read_text(encoding="utf-8"))
                con.execute("INSERT INTO schema_version VALUES (?, now())", [sql.name])
        con.execute("COMMIT")
        request = load_pack(PRE_PACK_REQUEST)
        schema = request.schema_name
        open_request(con, request, write=True)  # its schema and tables, as today's code makes them
        con.execute("BEGIN TRANSACTION")
        moved: dict[str, int] = {}
        for table in PRE_PACK_TABLES:
            if _kind(con, table) == "table":
                n = con.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0]
                con.execute(f"INSERT INTO {schema}.{table} BY NAME SELECT * FROM main.{table}")
                con.execute(f"DROP TABLE main.{table}")
                moved[table] = n
        dropped = _drop_copies(con, schema)
        if _kind(con, "forces") == "table":
            con.execute("DROP TABLE main.forces")
            dropped.append("forces")
        con.execute(
            "UPDATE main.ingestion_runs SET request = ? WHERE request IS NULL", [request.id]
        )
        con.execute("INSERT OR IGNORE INTO schema_version VALUES (?, now())", [MARK])
        con.execute("COMMIT")
        return {"upgraded": True, "moved": moved, "dropped": sorted(dropped)}
    finally:
        con.close()


def _kind(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    if con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
        [name],
    ).fetchone()[0]:
        return "table"
    return None


def _drop_copies(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """The read-only copies in `main` of the request's views and macros."""
    dropped = []
    views = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
    ).fetchall()
    for (name,) in views:
        con.execute(f"DROP VIEW main.{name}")
        dropped.append(name)
    macros = con.execute(
        "SELECT DISTINCT function_name FROM duckdb_functions() WHERE schema_name = 'main' "
        "AND function_type = 'table_macro' AND NOT internal"
    ).fetchall()
    for (name,) in macros:
        con.execute(f"DROP MACRO TABLE main.{name}")
        dropped.append(name)
    return dropped
