"""Exports for people working in pandas, R or Excel: the request's records and its views.

Parquet is partitioned by force (`cases/force_id=.../`). CSV and Excel exports never let text
from a return become a formula: a text value beginning with '=', '+', '-' or '@' is prefixed
with an apostrophe in CSV and written as a text cell in Excel. Beside the files, a
`datapackage.json` (a Frictionless Data Package) says what each file is and what each column
holds, with the request's vocabularies as the allowed values of its fields.
"""

from pathlib import Path

import duckdb
from openpyxl import Workbook

from foi_ingest.packs.pack import Request
from foi_ingest.review.workbook import text_cell

TABLES = ("cases", "v_records", "v_force_summary", "v_coverage", "v_outcomes", "v_by_year",
          "responses", "rejected_rows")  # fmt: skip
"""What is exported, where the request's schema has it (the police request's own views too)."""
FORMATS = ("parquet", "csv", "xlsx")
XLSX_MAX_ROWS = 1_000_000


def _safe_select(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """SELECT for `name` with every text column escaped against formula injection."""
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = current_schema() ORDER BY ordinal_position",
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


def export(request: Request, con: duckdb.DuckDBPyConnection, folder: Path, fmt: str) -> list[Path]:
    """Write every table and view of TABLES into `folder`; return the paths written."""
    if fmt not in FORMATS:
        raise ValueError(f"format '{fmt}': use one of {', '.join(FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    present = {
        r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
    }  # fmt: skip
    names = [n for n in TABLES if n in present]
    for name in names:
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
    written.append(
        write_datapackage(request, con, folder, fmt, dict(zip(names, written, strict=True)))
    )
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


_FRICTIONLESS_TYPES = {"VARCHAR": "string", "INTEGER": "integer", "BIGINT": "integer",
                       "HUGEINT": "integer", "DOUBLE": "number", "DECIMAL": "number",
                       "DATE": "date", "TIMESTAMP": "datetime", "BOOLEAN": "boolean"}  # fmt: skip


def _field_type(data_type: str) -> str:
    if data_type.endswith("[]"):
        return "array"
    return _FRICTIONLESS_TYPES.get(data_type.split("(")[0], "any")


def write_datapackage(
    request: Request, con: duckdb.DuckDBPyConnection, folder: Path, fmt: str, files: dict[str, Path]
) -> Path:
    """`datapackage.json` for the files of one export: each resource's path and Table Schema,
    the request's declared fields with their titles and allowed values."""
    import json

    from foi_ingest.schemas import vocab
    from foi_ingest.schemas.record import dimensions

    pack = request
    described: dict[str, dict] = {}  # from the pack's model: what the DuckDB types do not say
    declared = {f.name: f for f in request.spec.schema_.fields}
    for d in dimensions(request):
        spec = declared[d.name]
        if d.vocabulary:
            codes = list(vocab.vocabulary(request, d.name, d.vocabulary).codes)
        elif d.keywords:
            codes = list(vocab.keyword_codes(request, d.keywords))
        else:
            codes = list(d.kind.enum)
        bounds = {"minimum": d.kind.minimum, "maximum": d.kind.maximum}
        constraints = {**({"enum": codes} if codes else {}),
                       **{k: v for k, v in bounds.items() if v is not None}}  # fmt: skip
        described[d.name] = {
            "title": d.title,
            **({"description": " ".join(spec.description.split())} if spec.description else {}),
            **({"constraints": constraints} if constraints else {}),
        }
        if d.raw:
            described[d.raw] = {"title": f"{d.title}, as the body wrote it"}
        if d.group:
            described[d.group] = {"title": f"{d.title}: the code's group"}
    resources = []
    for name, path in files.items():
        columns = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() ORDER BY ordinal_position",
            [name],
        ).fetchall()
        fields = [
            {"name": c, "type": _field_type(t), **(described.get(c, {}) if name in
             ("cases", "v_records") else {})}
            for c, t in columns
        ]  # fmt: skip
        if path.is_dir():
            paths = sorted(p.relative_to(folder).as_posix() for p in path.rglob("*.parquet"))
        else:
            paths = [path.relative_to(folder).as_posix()]
        resources.append({
            "name": name.replace("_", "-"), "path": paths if len(paths) != 1 else paths[0],
            "format": fmt, "schema": {"fields": fields, "missingValues": [""]},
        })  # fmt: skip
    package = {
        "name": pack.id, "title": pack.title, "description": pack.question,
        "resources": resources,
    }  # fmt: skip
    target = folder / "datapackage.json"
    target.write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
    return target
