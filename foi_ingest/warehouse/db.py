"""Opening the warehouse and bringing its schema up to date.

`main` holds the run log and the schema log (`warehouse/sql/main/`, applied in name order, each
once, recorded in `schema_version`); each request's tables and views are made in its own schema
as it is opened (`warehouse/requests.py`), views re-made on every write so they follow the code.
A warehouse of the pre-pack layout is upgraded once by `foi upgrade` (`warehouse/upgrade.py`).
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
from foi_ingest.packs import Request
from foi_ingest.warehouse.requests import open_request

MAIN = resources.files("foi_ingest.warehouse") / "sql" / "main"


def default_db() -> Path:
    """`$FOI_DB`, else `./foi.duckdb`."""
    return Path(os.environ.get("FOI_DB", "foi.duckdb"))


def _migrate(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """`main`'s own tables (`sql/main/`, each file once, recorded in `schema_version`); a
    warehouse of the pre-pack layout is refused with the one command that upgrades it."""
    _refuse_old_layout(con, target)
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)"
    )
    applied = {r[0] for r in con.execute("SELECT name FROM schema_version").fetchall()}
    for sql_file in sorted(MAIN.iterdir(), key=lambda p: p.name):
        name = f"main/{sql_file.name}"
        if not sql_file.name.endswith(".sql") or name in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        con.execute(sql_file.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_version VALUES (?, now())", [name])
        con.execute("COMMIT")


def _refuse_old_layout(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    from foi_ingest.warehouse.upgrade import needs_upgrade

    if needs_upgrade(con):
        raise WarehouseError(
            f"{target} was written before each request had its own schema: run "
            f"`foi upgrade --db {target}` once (it keeps every row), then try again"
        )


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
        if read_only:
            _refuse_old_layout(con, target)
        else:
            _migrate(con, target)
        open_request(con, request, write=not read_only)
        yield con
    finally:
        con.close()
