"""The review workbook: one row per open rejected row, read-only context, editable decisions;
'Map once' for unknown phrasings; 'Enter from letters' for figures a letter gives in prose.

Text from returns is always written as text: a cell that begins with '=', '+', '-' or '@' never
becomes a formula. Read-only columns are locked (the sheet is protected without a password);
editable columns have drop-downs of the canonical values.
"""

import json
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from foi_ingest.schemas.corrections import ENTERED_REASON, ENTRY, entered_values
from foi_ingest.schemas.record import editable_fields, vocabulary_dimensions
from foi_ingest.schemas.vocab import vocabulary_of

READ_ONLY = ["source_file", "source_sha256", "location", "force_id", "as written", "reasons",
             "closest values", "row before", "row after"]  # fmt: skip
DECISIONS = {"correct": "correct", "not a case": "not_a_case", "leave rejected": None}
MAP_COLUMNS = ["vocabulary", "force_id", "phrasing", "rows", "closest values", "code", "scope"]
SCOPES = {"this force": "force", "all forces": "all"}
LETTERS = "Enter from letters"
ENTRY_ROWS = 6  # blank rows offered per letter (more: add entries in a later review)
_EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")


def editable() -> list[str]:
    """The validator's columns of 'Rejected rows': the period, the request's editable fields,
    the count, the decision and a note."""
    return [*entered_values(), "decision", "note"]


def letter_columns() -> list[str]:
    """The columns of 'Enter from letters'."""
    return ["source_file", "source_sha256", "force_id", "letter", "entry", *entered_values(),
            "note"]  # fmt: skip


def text_cell(cell: Cell, value: object) -> None:
    """Write `value` so Excel shows it and never runs it (formula injection)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _list_validation(values: list[str]) -> DataValidation:
    return DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)


def _for_force(
    con: duckdb.DuckDBPyConnection, sql: str, force: str | None, order: str
) -> list[tuple]:
    """The rows of `sql` (which ends in a WHERE clause) for one force, or all, in `order`."""
    where = " AND force_id = ?" if force else ""
    return con.execute(f"{sql}{where} ORDER BY {order}", [force] if force else []).fetchall()


def export_review(con: duckdb.DuckDBPyConnection, path: Path, force: str | None = None) -> int:
    """Write the review workbook; return how many rejected rows it holds."""
    rows = _for_force(
        con,
        "SELECT source_file, source_sha256, source_location, force_id, raw, reasons, suggestions,"
        " context, fields FROM rejected_rows WHERE status = 'open'",
        force,
        "source_file, source_row",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Rejected rows"
    header = READ_ONLY + editable()
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        raw, suggestions = json.loads(r[4]), json.loads(r[6])
        context, fields = json.loads(r[7] or "{}"), json.loads(r[8] or "{}")
        values = [
            r[0], r[1], r[2], r[3], "; ".join(f"{k}: {v}" for k, v in raw.items()),
            "\n".join(r[5]), "; ".join(f"{k}: {', '.join(v)}" for k, v in suggestions.items()),
            context.get("before"), context.get("after"),
            fields.get("year"), None, None, *(fields.get(n) for n in editable_fields()), None,
            None, None,
        ]  # fmt: skip
        ws.append([None] * len(values))
        for cell, value in zip(ws[ws.max_row], values, strict=True):
            text_cell(cell, value)
    first_edit = len(READ_ONLY) + 1
    for row in ws.iter_rows(min_row=2, min_col=first_edit, max_col=len(header)):
        for cell in row:
            cell.protection = Protection(locked=False)
            cell.fill = _EDIT_FILL
    last = max(ws.max_row, 2) + 200
    for name, values in (
        *((n, list(vocabulary_of(n).codes)) for n in editable_fields()),
        ("decision", list(DECISIONS)),
    ):
        col = ws.cell(1, header.index(name) + 1).column_letter
        dv = _list_validation(values)
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "D2"
    _map_sheet(wb, rows)
    _letters_sheet(wb, con, force)
    wb.save(path)
    return len(rows)


def _map_sheet(wb: Workbook, rows: list[tuple]) -> None:
    """'Map once': each unknown phrasing with its closest codes; a code chosen maps every row."""
    unknown: dict[tuple[str, str, str], list[Any]] = {}
    for r in rows:
        suggestions = json.loads(r[6])
        for reason in r[5]:
            for name in (d.name for d in vocabulary_dimensions()):
                prefix = f"unknown {name} '"
                if reason.startswith(prefix):
                    phrase = reason[len(prefix) : -1]
                    entry = unknown.setdefault((name, r[3], phrase), [0, suggestions.get(name, [])])
                    entry[0] += 1
    ws = wb.create_sheet("Map once")
    ws.append(MAP_COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for (name, force_id, phrase), (count, closest) in sorted(unknown.items()):
        ws.append([None] * len(MAP_COLUMNS))
        values = [name, force_id, phrase, count, ", ".join(closest), None, "this force"]
        for cell, value in zip(ws[ws.max_row], values, strict=True):
            text_cell(cell, value)
        for cell in ws[ws.max_row][5:]:
            cell.protection = Protection(locked=False)
            cell.fill = _EDIT_FILL
    codes = sorted({c for d in vocabulary_dimensions() for c in vocabulary_of(d.name).codes})
    for column, values in (("F", codes), ("G", list(SCOPES))):
        dv = _list_validation(values)
        ws.add_data_validation(dv)
        dv.add(f"{column}2:{column}{max(ws.max_row, 2) + 50}")
    ws.protection.sheet = True


def _letters_sheet(wb: Workbook, con: duckdb.DuckDBPyConnection, force: str | None) -> None:
    """'Enter from letters': each letter that answers in prose, with rows for its figures.

    A letter already entered is listed again with its entries, so a later review can change or
    clear them (a row left blank removes that entry).
    """
    letters = _for_force(
        con,
        "SELECT source_file, source_sha256, force_id, coalesce(letter_text, '') FROM responses "
        f"WHERE (status = 'needs_entry' OR status_reason LIKE '{ENTERED_REASON}%')",
        force,
        "source_file",
    )
    entered: dict[str, dict[int, list[Any]]] = {}
    for row in con.execute(
        # a period that only spells out the year is shown as the year alone, as it was entered
        "SELECT source_file, source_row, year, "
        "CASE WHEN whole_year THEN NULL ELSE period_start END, "
        "CASE WHEN whole_year THEN NULL ELSE period_end END, "
        + "".join(f"{name}, " for name in editable_fields())
        + "case_count, "
        "correction_note FROM (SELECT *, coalesce(period_start = make_date(year, 1, 1) AND "
        "period_end = make_date(year, 12, 31), false) AS whole_year FROM cases "
        "WHERE source_location LIKE ?)",
        [ENTRY + "%"],
    ).fetchall():
        entered.setdefault(row[0], {})[row[1]] = list(row[2:])
    columns = letter_columns()
    ws = wb.create_sheet(LETTERS)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    first_edit = columns.index("entry") + 2
    for source_file, sha, force_id, letter in letters:
        mine = entered.get(source_file, {})
        for n in range(1, max(ENTRY_ROWS, max(mine, default=0) + 2) + 1):
            values = [source_file, sha, force_id, letter[:2000] if n == 1 else None, n,
                      *(mine.get(n) or [None] * (len(entered_values()) + 1))]  # fmt: skip
            ws.append([None] * len(values))
            for cell, value in zip(ws[ws.max_row], values, strict=True):
                text_cell(cell, value)
            for cell in ws[ws.max_row][first_edit - 1 :]:
                cell.protection = Protection(locked=False)
                cell.fill = _EDIT_FILL
    last = max(ws.max_row, 2) + 50
    for name in editable_fields():
        values = list(vocabulary_of(name).codes)
        col = ws.cell(1, columns.index(name) + 1).column_letter
        dv = _list_validation(values)
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    ws.protection.sheet = True


def read_review(path: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(corrections, mappings) a validator filled in; rows left undecided are not returned."""
    wb = load_workbook(path, data_only=True)
    corrections: list[dict[str, str]] = []
    ws = wb["Rejected rows"]
    header = [str(c.value) for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        item = dict(zip(header, row, strict=False))
        decision = DECISIONS.get(str(item.get("decision") or "leave rejected").strip().lower())
        if decision is None:
            continue
        corrections.append({
            "source_file": str(item["source_file"]), "source_sha256": str(item["source_sha256"]),
            "source_location": str(item["location"]), "decision": decision,
            **{k: _text(item.get(k)) for k in (*entered_values(), "note")},
        })  # fmt: skip
    if LETTERS in wb.sheetnames:  # every entry row: a blank one clears that entry
        columns = letter_columns()
        for row in wb[LETTERS].iter_rows(min_row=2, values_only=True):
            item = dict(zip(columns, row, strict=False))
            if not item.get("source_file") or item.get("entry") in (None, ""):
                continue
            corrections.append({
                "source_file": str(item["source_file"]),
                "source_sha256": str(item["source_sha256"]),
                "source_location": f"{ENTRY}{int(float(str(item['entry'])))}", "decision": "enter",
                **{k: _text(item.get(k)) for k in (*entered_values(), "note")},
            })  # fmt: skip
    mappings: list[dict[str, str]] = []
    if "Map once" in wb.sheetnames:
        ws = wb["Map once"]
        for row in ws.iter_rows(min_row=2, values_only=True):
            item = dict(zip(MAP_COLUMNS, row, strict=False))
            if not item.get("code"):
                continue
            scope = SCOPES.get(str(item.get("scope") or "this force").strip().lower(), "force")
            mappings.append({
                "vocabulary": str(item["vocabulary"]),
                "force_id": "*" if scope == "all" else str(item["force_id"]),
                "phrasing": str(item["phrasing"]), "code": str(item["code"]).strip(),
                "note": "",
            })  # fmt: skip
    return corrections, mappings


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()  # a date typed in Excel
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
