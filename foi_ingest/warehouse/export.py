"""Exports for people working in pandas, R or Excel: cases and the summary views.

Parquet is partitioned by force (`cases/force_id=.../`). CSV and Excel exports never let text
from a return become a formula: a text value beginning with '=', '+', '-' or '@' is prefixed
with an apostrophe in CSV and written as a text cell in Excel.
"""

from pathlib import Path

import duckdb
from openpyxl import Workbook

from foi_ingest.review.workbook import text_cell

TABLES = ("cases", "v_force_summary", "v_coverage", "v_outcomes", "v_by_year", "responses",
          "rejected_rows")  # fmt: skip
FORMATS = ("parquet", "csv", "xlsx")
XLSX_MAX_ROWS = 1_000_000


def _safe_select(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """SELECT for `name` with every text column escaped against formula injection."""
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [name],
    ).fetchall()
    parts = []
    for column, data_type in columns:
        quoted = f'"{column}"'
        if data_type == "VARCHAR":
            parts.append(
                f"CASE WHEN regexp_matches({quoted}, '^[=+\\-@]') THEN '''' || {quoted} "
                f"ELSE {quoted} END AS {quoted}"
            )
        else:
            parts.append(quoted)
    return f"SELECT {', '.join(parts)} FROM {name}"


def export(con: duckdb.DuckDBPyConnection, folder: Path, fmt: str) -> list[Path]:
    """Write every table and view of TABLES into `folder`; return the paths written."""
    if fmt not in FORMATS:
        raise ValueError(f"format '{fmt}': use one of {', '.join(FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in TABLES:
        if fmt == "parquet":
            target = folder / name
            if name == "cases":
                con.execute(
                    f"COPY cases TO '{_sql_path(target)}' "
                    "(FORMAT parquet, PARTITION_BY (force_id), OVERWRITE_OR_IGNORE)"
                )
            else:
                target = folder / f"{name}.parquet"
                con.execute(
                    f"COPY (SELECT * FROM {name}) TO '{_sql_path(target)}' (FORMAT parquet)"
                )
        elif fmt == "csv":
            target = folder / f"{name}.csv"
            con.execute(f"COPY ({_safe_select(con, name)}) TO '{_sql_path(target)}' (HEADER)")
        else:
            target = folder / f"{name}.xlsx"
            _xlsx(con, name, target)
        written.append(target)
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _xlsx(con: duckdb.DuckDBPyConnection, name: str, target: Path) -> None:
    result = con.execute(f"SELECT * FROM {name} LIMIT {XLSX_MAX_ROWS}")
    header = [d[0] for d in result.description]
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = name[:31]
    ws.append(header)
    for row in result.fetchall():
        ws.append([None] * len(row))
        for cell, value in zip(ws[ws.max_row], row, strict=True):
            text_cell(cell, value if not isinstance(value, list | dict) else str(value))
    wb.save(target)
