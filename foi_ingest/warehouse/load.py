"""Loading one file's result: one transaction replaces whatever the file's older version loaded."""

import json
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from foi_ingest.errors import WarehouseError
from foi_ingest.packs.pack import Request
from foi_ingest.reasons import records as problem_records
from foi_ingest.records import (
    REJECTED_COLUMNS,
    RESPONSE_COLUMNS,
    UNAPPLIED_COLUMNS,
    RejectedRow,
    Response,
    SkippedRow,
    UnappliedCode,
    UnappliedDecision,
)
from foi_ingest.schemas.record import record_columns
from foi_ingest.warehouse.rows import PROBLEMS_ARROW, REJECTED, SKIPPED, UNAPPLIED

_TABLES = ("cases", "rejected_rows", "skipped_rows", "unapplied_decisions", "responses")
_RESPONSE_COLUMNS = RESPONSE_COLUMNS
_REJECTED_COLUMNS = (*REJECTED_COLUMNS, "problems")


_REJECTED_SCHEMA = REJECTED.arrow_schema(("problems", PROBLEMS_ARROW))
_SKIPPED_SCHEMA = SKIPPED.arrow_schema()
_UNAPPLIED_SCHEMA = UNAPPLIED.arrow_schema()


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None, str | None]]:
    """source_file -> (sha256, config fingerprint, force id) of every file the warehouse holds."""
    rows = con.execute(
        "SELECT source_file, source_sha256, config_fingerprint, force_id FROM responses"
    ).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def primary_files(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """sha256 -> source_file of every file loaded in its own right (not as a duplicate)."""
    rows = con.execute(
        "SELECT source_sha256, min(source_file) FROM responses WHERE status <> 'duplicate' "
        "GROUP BY source_sha256"
    ).fetchall()
    return dict(rows)


def to_arrow(request: Request, cases: pd.DataFrame | pa.Table) -> pa.Table:
    """A file's records as the Arrow table DuckDB loads (text columns stay dictionary-coded)."""
    if isinstance(cases, pa.Table):
        return cases
    return pa.Table.from_pandas(cases[record_columns(request)], preserve_index=False)


def load_file(
    request: Request,
    con: duckdb.DuckDBPyConnection,
    response: Response,
    cases: pd.DataFrame | pa.Table,
    rejected: list[RejectedRow],
    skipped: list[SkippedRow],
    *,
    fresh: bool = False,
    unapplied: list[UnappliedDecision] | None = None,
) -> None:
    """Replace everything `response['source_file']` loaded before, in one transaction.

    `fresh`: the warehouse holds nothing of this file (the caller checked `responses`, which
    every load writes in the same transaction as the rest), so there is nothing to delete.
    Frames are read by DuckDB's replacement scan of local variables (`FROM cases_arrow` names
    the local below): a `register`/`unregister` pair per load measured 64-66 ms against 49 ms
    per load with a parse thread holding the interpreter (2,000 loads, 2026-12-01), so the
    named-input form would cost ~30 s on a 2,000-file inbox.
    """
    source = response["source_file"]
    row: dict[str, Any] = {**{k: None for k in _RESPONSE_COLUMNS}, **response}
    rejected_rows = [
        {
            **r,
            "raw": json.dumps(r["raw"], ensure_ascii=False),
            "suggestions": json.dumps(r["suggestions"]),
            "fields": json.dumps(r.get("fields") or {}, default=str, ensure_ascii=False),
            "context": json.dumps(r.get("context") or {}, ensure_ascii=False),
            "status": r.get("status", "open"),
            "problems": problem_records(r["reasons"]),
        }
        for r in rejected
    ]
    # Arrow tables, not pandas frames: a few rows cost DuckDB and pandas less this way
    rejected_arrow = pa.Table.from_pylist(rejected_rows, schema=_REJECTED_SCHEMA)
    skipped_arrow = pa.Table.from_pylist(skipped, schema=_SKIPPED_SCHEMA)
    unapplied_arrow = pa.Table.from_pylist(unapplied or [], schema=_UNAPPLIED_SCHEMA)
    cases_arrow = (
        to_arrow(request, cases) if len(cases) else None
    )  # ~3x faster in DuckDB than pandas
    try:
        con.execute("BEGIN TRANSACTION")
        for table in () if fresh else _TABLES:
            con.execute(f"DELETE FROM {table} WHERE source_file = ?", [source])
        placeholders = ", ".join("?" for _ in _RESPONSE_COLUMNS)
        con.execute(
            f"INSERT INTO responses ({', '.join(_RESPONSE_COLUMNS)}, warning_problems, loaded_at) "
            f"VALUES ({placeholders}, ?, now())",
            [*(row[c] for c in _RESPONSE_COLUMNS), problem_records(row["warnings"] or [])],
        )
        if cases_arrow is not None:
            columns = record_columns(request)
            con.execute(
                f"INSERT INTO cases ({', '.join(columns)}) "
                f"SELECT {', '.join(columns)} FROM cases_arrow"
            )
        if rejected_arrow.num_rows:
            con.execute(
                f"INSERT INTO rejected_rows ({', '.join(_REJECTED_COLUMNS)}) "
                f"SELECT {', '.join(_REJECTED_COLUMNS)} FROM rejected_arrow"
            )
        if skipped_arrow.num_rows:
            con.execute("INSERT INTO skipped_rows SELECT * FROM skipped_arrow")
        if unapplied_arrow.num_rows:
            con.execute(
                f"INSERT INTO unapplied_decisions ({', '.join(UNAPPLIED_COLUMNS)}) "
                f"SELECT {', '.join(UNAPPLIED_COLUMNS)} FROM unapplied_arrow"
            )
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise WarehouseError(f"loading {source} failed and was rolled back: {exc}") from exc


def forget_file(con: duckdb.DuckDBPyConnection, source_file: str) -> None:
    """Remove a file that has left the inbox, with everything it loaded, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    for table in _TABLES:
        con.execute(f"DELETE FROM {table} WHERE source_file = ?", [source_file])
    con.execute("COMMIT")


def record_unheld(
    con: duckdb.DuckDBPyConnection, decisions: list[Any], held: set[str], run_id: str
) -> None:
    """Record, as unapplied (`no_file`), every decision of an inbox whose file the warehouse
    does not hold: a file renamed, removed or regenerated under another name. Replaced on every
    run; a decision's file that comes back takes its decisions with it."""
    rows = [
        UnappliedDecision(
            source_file=f,
            source_sha256=sha,
            source_location=where,
            decision=c.get("decision", ""),
            code=UnappliedCode.NO_FILE,
            message=f"no file {f} in the warehouse (renamed, removed or regenerated?); the "
            "decision stays on file until a person clears it",
            run_id=run_id,
        )  # fmt: skip
        for d in decisions
        for (f, sha, where), c in sorted(d.corrections.items())
        if f not in held
    ]
    unheld = pa.Table.from_pylist(rows, schema=_UNAPPLIED_SCHEMA)
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM unapplied_decisions WHERE code = ?", [UnappliedCode.NO_FILE])
    if unheld.num_rows:
        con.execute(
            f"INSERT INTO unapplied_decisions ({', '.join(UNAPPLIED_COLUMNS)}) "
            f"SELECT {', '.join(UNAPPLIED_COLUMNS)} FROM unheld"
        )
    con.execute("COMMIT")
