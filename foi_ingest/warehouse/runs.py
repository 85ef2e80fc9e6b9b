"""The log of runs in `main.ingestion_runs`: what a run read, for which request, and how it
ended. The flow's run log (`flows/runlog.py`) and the command line read and write it here."""

from pathlib import Path
from typing import Any

import duckdb


def inboxes_read(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """The inbox folders earlier runs read (absolute: runs record their inboxes, not the paths
    they were given)."""
    rows = con.execute("SELECT DISTINCT inbox FROM main.ingestion_runs").fetchall()
    return [Path(p) for (text,) in rows for p in (text or "").split(";") if Path(p).is_absolute()]


def requests_held(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The requests the warehouse's runs ingested, by id."""
    rows = con.execute(
        "SELECT DISTINCT request FROM main.ingestion_runs WHERE request IS NOT NULL ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def record_start(
    con: duckdb.DuckDBPyConnection, run_id: str, inboxes: list[Path], files: int, request: str
) -> None:
    con.execute(
        "INSERT INTO main.ingestion_runs (run_id, started_at, inbox, files_seen, status, request) "
        "VALUES (?, now(), ?, ?, 'running', ?)",
        [run_id, ";".join(str(p) for p in inboxes), files, request],
    )


def record_finish(con: duckdb.DuckDBPyConnection, run_id: str, summary: dict[str, Any]) -> None:
    s = summary
    con.execute(
        "UPDATE main.ingestion_runs SET finished_at = now(), files_new = ?, files_changed = ?, "
        "files_unchanged = ?, files_removed = ?, files_failed = ?, status = 'finished' "
        "WHERE run_id = ?",
        [s["new"], s["changed"], s["unchanged"], s["removed"], s["failed"], run_id],
    )
