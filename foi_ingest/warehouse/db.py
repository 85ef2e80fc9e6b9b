"""Opening the warehouse and bringing its schema up to date.

SQL files under `warehouse/sql/` are applied in name order, each once, and recorded in
`schema_version`; the views file is re-applied on every open so view definitions follow the code.
"""

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from foi_ingest.errors import WarehouseError
from foi_ingest.packs import DEFAULT_REQUEST, Request, load_pack
from foi_ingest.warehouse.requests import body_rows, open_request

SQL = resources.files("foi_ingest.warehouse") / "sql"


def default_db() -> Path:
    """`$FOI_DB`, else `./foi.duckdb`."""
    return Path(os.environ.get("FOI_DB", "foi.duckdb"))


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)"
    )
    applied = {r[0] for r in con.execute("SELECT name FROM schema_version").fetchall()}
    for sql_file in sorted(SQL.iterdir(), key=lambda p: p.name):
        if not sql_file.name.endswith(".sql"):
            continue  # (and the folder request/: each request's schema, warehouse/requests.py)
        is_views = sql_file.name.endswith("_views.sql")  # views follow the code: re-applied
        if sql_file.name in applied and not is_views:
            continue
        con.execute("BEGIN TRANSACTION")
        con.execute(sql_file.read_text(encoding="utf-8"))
        if sql_file.name not in applied:
            con.execute("INSERT INTO schema_version VALUES (?, now())", [sql_file.name])
        con.execute("COMMIT")
    _sync_forces(con)


def _sync_forces(con: duckdb.DuckDBPyConnection) -> None:
    """`main.forces`: the default request's list of bodies under its historical name, for saved
    queries, refreshed on every open. Never the active request's: ingesting a request sent to
    NHS trusts must not turn the police request's reference table into trusts. (Each request's
    views use the `bodies` table of its own schema.)"""
    rows = body_rows(load_pack(DEFAULT_REQUEST).body_kind)
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM main.forces")
    con.executemany("INSERT INTO main.forces VALUES (?, ?, ?, ?, ?)", rows)  # 45 rows, once
    con.execute("COMMIT")


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _open(
    target: Path, read_only: bool, wait_seconds: float, on_wait: Callable[[str], None] = _stderr
) -> duckdb.DuckDBPyConnection:
    """Open the file; a writer waits up to `wait_seconds` for another writer's lock, saying so
    once through `on_wait` (a flow run's logger, so it shows in the run's logs)."""
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            con = duckdb.connect(str(target), read_only=read_only)
            con.execute("SET enable_progress_bar = false")  # no bar drawn over the CLI's output
            return con
        except duckdb.IOException as exc:
            locked = "lock" in str(exc).lower()
            if read_only and locked:
                raise WarehouseError(
                    f"{target} is being written by an ingest run ({exc}); "
                    "try again when it finishes"
                ) from exc
            if not locked or time.monotonic() >= deadline:
                raise WarehouseError(
                    f"cannot open {target} for writing: {exc}. Another `foi ingest` holds the "
                    f"lock; waited {wait_seconds:.0f} s"
                ) from exc
            if not told:
                on_wait(
                    f"waiting for another ingest to release {target} (DuckDB allows one "
                    f"writer); up to {wait_seconds:.0f} s"
                )
                told = True
            time.sleep(0.5)


@contextmanager
def connect(
    path: Path | str | None = None,
    *,
    request: Request,
    read_only: bool = False,
    wait_seconds: float = 0,
    on_wait: Callable[[str], None] = _stderr,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse inside `request`'s schema, its tables up to date (writers)
    or as they are (readers)."""
    target = Path(path) if path else default_db()
    if read_only and not target.exists():
        raise WarehouseError(
            f"no warehouse at {target}: run `foi ingest INBOX --db {target}` first"
        )
    con = _open(target, read_only, wait_seconds, on_wait)
    try:
        if not read_only:
            _migrate(con)
        open_request(con, request, write=not read_only)
        yield con
    finally:
        con.close()
