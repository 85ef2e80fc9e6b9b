"""The review workbook, built from the warehouse and the inbox's decision files together, so
every decision on file appears in it, and read back as only what a person changed.

Sheets: 'Rejected rows' (open rows, and rows already decided, with their decision), 'Map once'
(unknown phrasings, and the mappings on file), 'Enter from letters' (letters that answer in
prose, with the figures entered so far and rows for more), 'Not applied' (decisions on file
that no longer take effect, and why). Each editable row carries a hidden stamp of its values as
exported: a row whose values still match its stamp is not a change, so applying a workbook with
no edits changes nothing, and a decision made elsewhere since is never overwritten by a stale
copy. Clearing a decision is an explicit act: 'clear' in the row's decision or action column.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from foi_ingest.packs.pack import Request
from foi_ingest.review.cells import (
    CELL_LIMIT,
    append_row,
    drop_down,
    header_row,
    lay_out,
    list_ranges,
    stamp,
    text_cell,
)
from foi_ingest.review.decisions import ENTERED_REASON, ENTRY, Decisions, entered_values
from foi_ingest.schemas.record import editable_fields, vocabulary_dimensions
from foi_ingest.schemas.vocab import vocabulary_of

__all__ = ["export_review", "read_review", "text_cell", "Review", "Change"]

ROWS, MAPS, LETTERS, UNAPPLIED, TEXTS = (
    "Rejected rows", "Map once", "Enter from letters", "Not applied", "Letter texts",
)  # fmt: skip
STAMP = "_exported"
CLEAR = "clear"
READ_ONLY = ["source_file", "source_sha256", "location", "force_id", "as written", "reasons",
             "closest values", "row before", "row after", "state"]  # fmt: skip
DECISIONS = {"correct": "correct", "not a case": "not_a_case", "leave rejected": None,
             "clear decision": CLEAR}  # fmt: skip
_LABEL = {v: k for k, v in DECISIONS.items() if v}
MAP_COLUMNS = ["vocabulary", "force_id", "phrasing", "rows", "closest values", "code", "scope",
               "action", STAMP]  # fmt: skip
SCOPES = {"this force": "force", "all forces": "all"}
ACTIONS = [CLEAR]
UNAPPLIED_COLUMNS = ["source_file", "source_sha256", "location", "decision", "why", "action",
                     STAMP]  # fmt: skip
ENTRY_ROWS = 6
"""Rows offered per letter at least (entries on file, then blank rows; a person may insert
more: an inserted row belongs to the letter above it)."""
HOW = {
    ROWS: "Choose a decision: 'correct' (with the values to load), 'not a case', or 'clear "
    "decision' to remove one made before. Leaving a row as it is changes nothing.",
    LETTERS: "Type each figure the letter gives on its own row (insert rows as needed: an "
    "inserted row belongs to the letter above). To remove an entry, choose 'clear' in its "
    "action column; emptying its cells does not remove it.",
}


def editable(request: Request) -> list[str]:
    """The validator's columns of 'Rejected rows': the period, the request's editable fields,
    the count, the decision and a note."""
    return [*entered_values(request), "decision", "note"]


def letter_columns(request: Request) -> list[str]:
    """The columns of 'Enter from letters'."""
    return ["source_file", "source_sha256", "force_id", "path", "letter", "problem", "entry",
            *entered_values(request), "note", "action", STAMP]  # fmt: skip


def _for_force(
    con: duckdb.DuckDBPyConnection, sql: str, force: str | None, order: str
) -> list[tuple]:
    """The rows of `sql` (which ends in a WHERE clause) for one force, or all, in `order`."""
    where = " AND force_id = ?" if force else ""
    return con.execute(f"{sql}{where} ORDER BY {order}", [force] if force else []).fetchall()


def _texts(values: list[object]) -> list[str]:
    return [_text(v) for v in values]


def export_review(
    request: Request,
    con: duckdb.DuckDBPyConnection,
    path: Path,
    force: str | None = None,
    decisions: Decisions | None = None,
    inbox: Path | None = None,
) -> int:
    """Write the review workbook from the warehouse and the inbox's `decisions`; return how
    many rows 'Rejected rows' holds."""
    decisions = decisions or Decisions()
    wb = Workbook()
    vocabularies = {n: list(vocabulary_of(request, n).codes) for n in editable_fields(request)}
    names = {d.name for d in vocabulary_dimensions(request)}
    map_vocabularies = {n: list(vocabulary_of(request, n).codes) for n in sorted(names)}
    n = _rows_sheet(request, wb, con, force, decisions)
    _map_sheet(request, wb, con, force, decisions)
    _letters_sheet(request, wb, con, force, decisions, inbox)
    _unapplied_sheet(wb, con, force)
    ranges = list_ranges(wb, {
        **{f"field:{k}": v for k, v in vocabularies.items()},
        **{f"map:{k}": v for k, v in map_vocabularies.items()},
        "decision": list(DECISIONS), "scope": list(SCOPES), "action": ACTIONS,
    })  # fmt: skip
    _drop_downs(request, wb, ranges)
    wb.save(path)
    return n


def _rows_sheet(
    request: Request,
    wb: Workbook,
    con: duckdb.DuckDBPyConnection,
    force: str | None,
    decisions: Decisions,
) -> int:
    """'Rejected rows': every open row, and every row decided before (its decision shown)."""
    rows = _for_force(
        con,
        "SELECT source_file, source_sha256, source_location, force_id, raw, reasons, suggestions,"
        " context, fields, status FROM rejected_rows WHERE (status = 'open' OR decided_by IS NOT "
        f"NULL) AND source_location NOT LIKE '{ENTRY}%'",
        force,
        "source_file, source_row, source_location",
    )
    ws = wb.active
    ws.title = ROWS
    header = [*READ_ONLY, *editable(request), STAMP]
    header_row(ws, header)
    first_edit = len(READ_ONLY) + 1
    for r in rows:
        raw, suggestions = _json(r[4]), _json(r[6])
        context, fields = _json(r[7]), _json(r[8])
        decided = decisions.corrections.get((r[0], r[1], r[2]))
        if decided:
            edits = [*(decided.get(k, "") for k in entered_values(request)),
                     _LABEL.get(decided["decision"], ""), decided.get("note", "")]  # fmt: skip
        else:
            named = [fields.get(n) for n in editable_fields(request)]
            edits = [fields.get("year"), None, None, *named, None, None, None]
        values = [
            r[0], r[1], r[2], r[3], "; ".join(f"{k}: {v}" for k, v in raw.items()),
            "\n".join(r[5]), "; ".join(f"{k}: {', '.join(v)}" for k, v in suggestions.items()),
            context.get("before"), context.get("after"), r[9], *edits, stamp(_texts(edits)),
        ]  # fmt: skip
        append_row(ws, values, first_edit, len(header) - 1)
    lay_out(
        ws,
        {"source_file": 28, "source_sha256": 10, "location": 16, "as written": 40, "reasons": 44,
         "closest values": 30, "row before": 24, "row after": 24, "note": 24},
        {"source_file", "as written", "reasons", "closest values", "row before", "row after",
         "note"},
        {STAMP},
    )  # fmt: skip
    ws.freeze_panes = "D2"
    _how(ws, HOW[ROWS])
    return len(rows)


def _how(ws: Any, text: str) -> None:
    """Say on the sheet how to use it (a comment on the first header cell, where a filter or
    a sort cannot move it)."""
    from openpyxl.comments import Comment

    ws["A1"].comment = Comment(text, "foi-ingest", width=420, height=120)


def _map_sheet(
    request: Request,
    wb: Workbook,
    con: duckdb.DuckDBPyConnection,
    force: str | None,
    decisions: Decisions,
) -> None:
    """'Map once': each unknown phrasing with its closest codes (a code chosen maps every row
    with it), and each mapping on file (change its code, or 'clear' it)."""
    rows = _for_force(
        con,
        "SELECT force_id, reasons, suggestions FROM rejected_rows WHERE status = 'open'",
        force,
        "source_file, source_row",
    )
    unknown: dict[tuple[str, str, str], list[Any]] = {}
    for force_id, reasons, suggestions_json in rows:
        suggestions = _json(suggestions_json)
        for reason in reasons:
            for name in (d.name for d in vocabulary_dimensions(request)):
                prefix = f"unknown {name} '"
                if reason.startswith(prefix):
                    phrase = reason[len(prefix) : -1]
                    entry = unknown.setdefault(
                        (name, force_id, phrase), [0, suggestions.get(name, [])]
                    )
                    entry[0] += 1
    ws = wb.create_sheet(MAPS)
    header_row(ws, MAP_COLUMNS)
    on_file = {(m["vocabulary"], m["force_id"], m["phrasing"]): m for m in decisions.mappings
               if not force or m["force_id"] in ("*", force)}  # fmt: skip
    keys = sorted(set(unknown) | set(on_file))
    for key in keys:
        name, force_id, phrase = key
        count, closest = unknown.get(key, [0, []])
        mapped = on_file.get(key)
        edits = [mapped["code"], "all forces" if force_id == "*" else "this force", ""] if mapped \
            else [None, "this force", None]  # fmt: skip
        values = [name, force_id, phrase, count, ", ".join(closest), *edits,
                  stamp(_texts(edits))]  # fmt: skip
        append_row(ws, values, 6, 8)
    lay_out(ws, {"phrasing": 32, "closest values": 36, "code": 24}, {"phrasing"}, {STAMP})


def _letters_sheet(
    request: Request,
    wb: Workbook,
    con: duckdb.DuckDBPyConnection,
    force: str | None,
    decisions: Decisions,
    inbox: Path | None,
) -> None:
    """'Enter from letters': each letter that answers in prose, whole, with the figures entered
    so far (from the decision file, each with its problem if it does not load) and blank rows
    for more. A letter longer than a cell holds continues in 'Letter texts'."""
    letters = {
        r[0]: r
        for r in _for_force(
            con,
            "SELECT source_file, source_sha256, force_id, coalesce(letter_text, '') FROM "
            f"responses WHERE (status = 'needs_entry' OR status_reason LIKE '{ENTERED_REASON}%')",
            force,
            "source_file",
        )
    }
    entries: dict[str, list[dict[str, str]]] = {}
    for (f, _, _where), c in sorted(decisions.corrections.items()):
        if c["decision"] == "enter":
            entries.setdefault(f, []).append(c)
    problems = _entry_problems(con)
    held = {
        r[0]: r
        for r in con.execute(
            "SELECT source_file, source_sha256, force_id, '' FROM responses WHERE source_file "
            "IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(set(entries) - set(letters))],
        ).fetchall()
    }
    ws = wb.create_sheet(LETTERS)
    columns = letter_columns(request)
    header_row(ws, columns)
    texts = None
    first_edit = columns.index("entry") + 1
    for source_file in sorted(set(letters) | set(entries)):
        source_file, sha, force_id, letter = letters.get(source_file) or held.get(
            source_file, (source_file, "", None, "")
        )
        if force and force_id != force:
            continue
        if len(letter) > CELL_LIMIT - 200:
            texts = texts or _texts_sheet(wb)
            first, last = _continue(texts, source_file, letter)
            letter = f"{letter[:CELL_LIMIT - 400]}\n[continued in sheet '{TEXTS}', rows " \
                f"{first}-{last}]"  # fmt: skip
        where = str(inbox / source_file) if inbox else None
        mine = sorted(entries.get(source_file, []), key=lambda c: _number(c["source_location"]))
        numbers = [_number(c["source_location"]) for c in mine]
        blanks = range(max(numbers, default=0) + 1,
                       max(numbers, default=0) + 1 + max(ENTRY_ROWS - len(mine), 3))  # fmt: skip
        for i, item in enumerate([*mine, *blanks]):
            if isinstance(item, dict):
                edits = [
                    *(item.get(k, "") for k in entered_values(request)),
                    item.get("note", ""),
                    "",
                ]
                row_sha, number = item["source_sha256"], _number(item["source_location"])
                problem = problems.get((source_file, item["source_location"]))
            else:
                edits = [None] * (len(entered_values(request)) + 2)
                row_sha, number, problem = sha, item, None
            values = [source_file, row_sha, force_id, where if i == 0 else None,
                      letter if i == 0 else None, problem, number, *edits,
                      stamp(_texts(edits))]  # fmt: skip
            append_row(ws, values, first_edit, len(columns) - 1)
            if i == 0 and where:
                ws.cell(ws.max_row, columns.index("path") + 1).hyperlink = Path(where).as_uri()
    lay_out(
        ws,
        {"source_file": 28, "source_sha256": 10, "path": 30, "letter": 80, "problem": 30,
         "entry": 7, "note": 24},
        {"source_file", "path", "letter", "problem", "note"},
        {STAMP},
    )  # fmt: skip
    _how(ws, HOW[LETTERS])


def _entry_problems(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(file, 'letter entry N') -> why that entry does not load: it failed its checks, or it no
    longer takes effect."""
    out = {
        (f, where): "; ".join(reasons)
        for f, where, reasons in con.execute(
            "SELECT source_file, source_location, reasons FROM rejected_rows WHERE status = "
            f"'open' AND source_location LIKE '{ENTRY}%'"
        ).fetchall()
    }
    for f, where, message in con.execute(
        f"SELECT source_file, source_location, message FROM unapplied_decisions "
        f"WHERE source_location LIKE '{ENTRY}%'"
    ).fetchall():
        out[(f, where)] = f"not applied: {message}"
    return out


def _texts_sheet(wb: Workbook) -> Any:
    ws = wb.create_sheet(TEXTS)
    header_row(ws, ["source_file", "part", "text"])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["C"].width = 100
    return ws


def _continue(ws: Any, source_file: str, letter: str) -> tuple[int, int]:
    """A long letter's whole text in parts that each fit a cell; (first row, last row)."""
    size = CELL_LIMIT - 767
    first = ws.max_row + 1
    for part, start in enumerate(range(0, len(letter), size), start=1):
        ws.append([None, None, None])
        for cell, value in zip(ws[ws.max_row], [source_file, part, letter[start:start + size]],
                               strict=True):  # fmt: skip
            text_cell(cell, value)
    return first, ws.max_row


def _unapplied_sheet(wb: Workbook, con: duckdb.DuckDBPyConnection, force: str | None) -> None:
    """'Not applied': decisions on file that no longer take effect (their file changed or went,
    their row is read differently), with why; 'clear' removes one from the file."""
    rows = con.execute(
        "SELECT u.source_file, u.source_sha256, u.source_location, u.decision, u.message "
        "FROM unapplied_decisions u LEFT JOIN responses r USING (source_file) "
        "WHERE ? IS NULL OR r.force_id = ? ORDER BY ALL",
        [force, force],
    ).fetchall()
    ws = wb.create_sheet(UNAPPLIED)
    header_row(ws, UNAPPLIED_COLUMNS)
    for r in rows:
        append_row(ws, [*r, None, stamp([""])], 6, 6)
    lay_out(ws, {"source_file": 28, "location": 16, "why": 60}, {"why"}, {STAMP})


def _drop_downs(request: Request, wb: Workbook, ranges: dict[str, str]) -> None:
    """Each editable cell's drop-down: the vocabulary of that column's field ('Rejected rows',
    'Enter from letters'), of that row's vocabulary ('Map once'), the decisions, the actions."""
    for title, columns in (
        (ROWS, [*READ_ONLY, *editable(request), STAMP]),
        (LETTERS, letter_columns(request)),
    ):
        ws = wb[title]
        last = ws.max_row + 200  # rows a person inserts below keep their drop-downs
        for name in (*editable_fields(request), "decision", "action"):
            if name in columns:
                col = get_column_letter(columns.index(name) + 1)
                source = (
                    ranges[f"field:{name}"] if name in editable_fields(request) else ranges[name]
                )
                drop_down(ws, source, [f"{col}2:{col}{last}"])
    ws = wb[MAPS]
    by_vocabulary: dict[str, list[str]] = {}
    for row in range(2, ws.max_row + 1):
        by_vocabulary.setdefault(str(ws.cell(row, 1).value), []).append(f"F{row}")
    for name, cells in by_vocabulary.items():
        if f"map:{name}" in ranges:
            drop_down(ws, ranges[f"map:{name}"], cells)
    drop_down(ws, ranges["scope"], [f"G2:G{max(ws.max_row, 2)}"])
    drop_down(ws, ranges["action"], [f"H2:H{max(ws.max_row, 2)}"])
    ws = wb[UNAPPLIED]
    drop_down(ws, ranges["action"], [f"F2:F{max(ws.max_row, 2)}"])


@dataclass
class Change:
    """One row a person changed: which decision (`kind`: correction, entry, mapping,
    unapplied), its key, its values, and `clear` when the act is to remove it."""

    kind: str
    key: tuple[str, str, str]
    values: dict[str, str] = field(default_factory=dict)
    clear: bool = False
    decision: str | None = None


@dataclass
class Review:
    """What a workbook changed, and what in it could not be read (one line each)."""

    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_review(request: Request, path: Path) -> Review:
    """The rows a person changed since the workbook was exported (a row still matching its
    stamp is no change; a row with no stamp, such as one a person inserted, is a change when
    it holds anything)."""
    wb = load_workbook(path, data_only=True)
    review = Review()
    if ROWS in wb.sheetnames:
        _read_rows(request, wb[ROWS], review)
    if LETTERS in wb.sheetnames:
        _read_letters(request, wb[LETTERS], review)
    if MAPS in wb.sheetnames:
        _read_maps(wb[MAPS], review)
    if UNAPPLIED in wb.sheetnames:
        for row in _items(wb[UNAPPLIED]):
            if _changed(row, ["action"]) and _text(row.get("action")).lower() == CLEAR:
                key = (_text(row["source_file"]), _text(row["source_sha256"]),
                       _text(row["location"]))  # fmt: skip
                review.changes.append(Change("unapplied", key, clear=True))
    return review


def _items(ws: Any) -> list[dict[str, Any]]:
    header = [str(c.value) for c in ws[1]]
    return [
        dict(zip(header, row, strict=False)) for row in ws.iter_rows(min_row=2, values_only=True)
    ]


def _changed(item: dict[str, Any], names: list[str]) -> bool:
    values = _texts([item.get(n) for n in names])
    given = _text(item.get(STAMP))
    return stamp(values) != given if given else any(values)


def _read_rows(request: Request, ws: Any, review: Review) -> None:
    for n, item in enumerate(_items(ws), start=2):
        if not item.get("source_file") or not _changed(item, editable(request)):
            continue
        label = _text(item.get("decision")).lower() or "leave rejected"
        key = (_text(item["source_file"]), _text(item["source_sha256"]), _text(item["location"]))
        if label not in DECISIONS:
            review.problems.append(
                f"'{ROWS}' row {n}: decision '{label}' is none of {', '.join(DECISIONS)}"
            )
            continue
        values = {k: _text(item.get(k)) for k in (*entered_values(request), "note")}
        decision = DECISIONS[label]
        review.changes.append(
            Change("correction", key, values, clear=decision == CLEAR, decision=decision)
        )


def _read_letters(request: Request, ws: Any, review: Review) -> None:
    """Entry rows; a row with no file (inserted by a person) belongs to the letter above, and
    one with no entry number takes the next free one of that letter."""
    letter: tuple[str, str] | None = None
    numbers: dict[str, set[int]] = {}
    pending: list[tuple[int, dict[str, Any]]] = []
    names = [*entered_values(request), "note", "action"]
    for n, item in enumerate(_items(ws), start=2):
        if item.get("source_file"):
            letter = (_text(item["source_file"]), _text(item.get("source_sha256")))
        if letter is None:
            continue
        if item.get("entry") not in (None, ""):
            try:
                numbers.setdefault(letter[0], set()).add(int(float(str(item["entry"]))))
            except ValueError:
                review.problems.append(f"'{LETTERS}' row {n}: entry '{item['entry']}' is no number")
                continue
        if not item.get("source_file"):
            item = {**item, "source_file": letter[0], "source_sha256": letter[1]}
        if _changed(item, names):
            pending.append((n, item))
    for n, item in pending:
        source_file = _text(item["source_file"])
        if item.get("entry") in (None, ""):
            taken = numbers.setdefault(source_file, set())
            item["entry"] = max(taken, default=0) + 1
            taken.add(item["entry"])
        where = f"{ENTRY}{int(float(str(item['entry'])))}"
        key = (source_file, _text(item["source_sha256"]), where)
        values = {k: _text(item.get(k)) for k in (*entered_values(request), "note")}
        action = _text(item.get("action")).lower()
        if action and action != CLEAR:
            review.problems.append(f"'{LETTERS}' row {n}: action '{action}' is not '{CLEAR}'")
            continue
        if not action and not any(values[k] for k in entered_values(request)):
            review.problems.append(
                f"'{LETTERS}' row {n} ({source_file} {where}): its figures were emptied; to "
                f"remove an entry choose '{CLEAR}' in its action column"
            )
            continue
        review.changes.append(Change("entry", key, values, clear=action == CLEAR,
                                     decision="enter"))  # fmt: skip


def _read_maps(ws: Any, review: Review) -> None:
    for n, item in enumerate(_items(ws), start=2):
        if not item.get("phrasing") or not _changed(item, ["code", "scope", "action"]):
            continue
        scope = SCOPES.get(_text(item.get("scope")).lower() or "this force")
        if scope is None:
            review.problems.append(
                f"'{MAPS}' row {n}: scope '{item.get('scope')}' is none of {', '.join(SCOPES)}"
            )
            continue
        force_id = _text(item["force_id"])
        key = (_text(item["vocabulary"]), "*" if scope == "all" else force_id,
               _text(item["phrasing"]))  # fmt: skip
        clear = _text(item.get("action")).lower() == CLEAR
        code = _text(item.get("code"))
        if not code and not clear:
            continue
        review.changes.append(Change("mapping", key, {"code": code, "listed_as": force_id},
                                     clear=clear))  # fmt: skip


def _number(location: str) -> int:
    return int(location.removeprefix(ENTRY))


def _json(text: str | None) -> dict[str, Any]:
    import json

    return json.loads(text) if text else {}


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()  # a date typed in Excel
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
