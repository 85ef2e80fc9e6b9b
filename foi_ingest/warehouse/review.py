"""The warehouse's answers to the validator's commands: open rejected rows, files that
disagree with themselves, decisions on file that did not take effect, and what one apply did.
Plain queries returning plain rows, so the CLI holds no SQL of its own."""

import json
from pathlib import Path
from typing import Any

import duckdb

from foi_ingest.review.decisions import ENTRY


def open_rejections(
    con: duckdb.DuckDBPyConnection,
    force: str | None = None,
    run: str | None = None,
    reason: str | None = None,
) -> list[dict[str, Any]]:
    """Open rejected rows, with what the body wrote, every reason and the closest values."""
    sql = (
        "SELECT force_id, source_file, source_location, raw, reasons, suggestions, problems "
        "FROM rejected_rows WHERE status = 'open'"
    )
    params: list = []
    for value, clause in (
        (force, " AND force_id = ?"),
        (run, " AND run_id = ?"),
        (reason, " AND array_to_string(reasons, ' ') ILIKE '%' || ? || '%'"),
    ):
        if value:
            sql += clause
            params.append(value)
    rows = con.execute(sql + " ORDER BY source_file, source_row, source_location", params)
    return [
        {"force_id": r[0], "source_file": r[1], "location": r[2], "raw": json.loads(r[3]),
         "reasons": list(r[4]), "suggestions": json.loads(r[5]),
         "problems": [dict(p) for p in r[6]] if r[6] is not None else None}
        for r in rows.fetchall()
    ]  # fmt: skip


def self_disagreements(con: duckdb.DuckDBPyConnection, force: str | None = None) -> list[tuple]:
    """Files whose stated total their rows do not give, or with '<N' marks that look like an
    autofill slip: (force, file, total check, slips)."""
    return con.execute(
        "SELECT force_id, source_file, total_check, "
        "  list_filter(warnings, lambda w: w ILIKE '%autofill%') "
        "FROM responses WHERE (total_check LIKE 'mismatch%' "
        "  OR len(list_filter(warnings, lambda w: w ILIKE '%autofill%')) > 0)"
        + (" AND force_id = ?" if force else "")
        + " ORDER BY source_file",
        [force] if force else [],
    ).fetchall()


def unapplied(con: duckdb.DuckDBPyConnection, force: str | None = None) -> list[dict[str, Any]]:
    """Decisions on file that did not take effect, with why (`records.UnappliedCode`)."""
    rows = con.execute(
        "SELECT u.source_file, u.source_location, u.decision, u.code, u.message, r.force_id "
        "FROM unapplied_decisions u LEFT JOIN responses r USING (source_file) "
        "WHERE ? IS NULL OR r.force_id = ? ORDER BY u.source_file, u.source_location",
        [force, force],
    ).fetchall()
    return [
        {"source_file": r[0], "location": r[1], "decision": r[2], "code": r[3], "message": r[4],
         "force_id": r[5]}
        for r in rows
    ]  # fmt: skip


def last_inbox(con: duckdb.DuckDBPyConnection, request: str) -> Path | None:
    """The inbox of the last run of `request`."""
    last = con.execute(
        "SELECT inbox FROM main.ingestion_runs WHERE request = ? ORDER BY started_at DESC LIMIT 1",
        [request],
    ).fetchone()
    return Path(last[0].split(";")[0]) if last and last[0] else None


def apply_outcome(con: duckdb.DuckDBPyConnection, keys: set[tuple[str, str]]) -> dict[str, Any]:
    """What became of one apply's decisions (`keys`: file and location), and every decision on
    file that still needs a person: failing its checks, or not applied."""
    mine = [list(k) for k in sorted(keys)]
    decided = dict(
        con.execute(
            "SELECT status, count(*) FROM rejected_rows WHERE [source_file, source_location] "
            "IN (SELECT unnest(?::VARCHAR[][])) GROUP BY 1",
            [mine],
        ).fetchall()
    )
    entered = con.execute(
        "SELECT count(*) FROM cases WHERE source_location LIKE ? AND "
        "[source_file, source_location] IN (SELECT unnest(?::VARCHAR[][]))",
        [ENTRY + "%", mine],
    ).fetchone()[0]
    failing = con.execute(
        "SELECT source_file, source_location, list_filter(reasons, lambda r: r LIKE "
        "'correction does not pass%') FROM rejected_rows WHERE status = 'open' AND "
        "decided_by IS NOT NULL ORDER BY source_file, source_location"
    ).fetchall()
    return {
        "corrected": decided.get("corrected", 0),
        "dismissed": decided.get("dismissed", 0),
        "entered": int(entered),
        "failing": failing,
        "not_applied": unapplied(con),
    }


def letters_to_enter(con: duckdb.DuckDBPyConnection, body: str | None = None) -> int:
    """How many files are letters answering in prose, whose figures a person enters."""
    return con.execute(
        "SELECT count(*) FROM responses WHERE status = 'needs_entry'"
        + (" AND force_id = ?" if body else ""),
        [body] if body else [],
    ).fetchone()[0]


def files_table(con: duckdb.DuckDBPyConnection, limit: int) -> list[tuple]:
    """Every file with its body, status, row counts and reason (the first `limit`)."""
    return con.execute(
        "SELECT source_file, force_id, status, rows_read, rows_loaded, rows_rejected, "
        "rows_skipped, coalesce(status_reason, '') FROM responses ORDER BY source_file "
        "LIMIT ?",
        [limit],
    ).fetchall()


def open_by_code(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """Open rejected rows by body and reason code (rows read before reasons had codes count as
    'unclassified' until read again), most first."""
    return con.execute(
        "SELECT force_id, code, count(DISTINCT (source_file, source_location)) AS n FROM ("
        "SELECT force_id, source_file, source_location, "
        "unnest(coalesce(list_transform(problems, lambda p: p.code), ['unclassified'])) AS code "
        "FROM rejected_rows WHERE status = 'open') GROUP BY ALL ORDER BY 3 DESC, 1, 2"
    ).fetchall()
