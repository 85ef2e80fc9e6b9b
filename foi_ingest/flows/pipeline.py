"""One file's whole path, as plain functions: identify, read, find layout, map, validate, split.

The Prefect flow only calls `process_file` per file and hands the result to the warehouse; every
step here can be tested without Prefect. The result keeps the conservation identity:
rows read = loaded + rejected + skipped, checked before anything is returned.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foi_ingest import PARSER_VERSION
from foi_ingest.errors import ConfigError, IngestError
from foi_ingest.mapping.columns import header_reader
from foi_ingest.mapping.hierarchy import find_parts
from foi_ingest.mapping.table import (
    MapContext,
    autofill_in_rows,
    breakdown_of,
    map_table,
    raw_values,
)
from foi_ingest.mapping.totals import check_totals
from foi_ingest.packs import Request
from foi_ingest.parsers import ReadOptions, read_document
from foi_ingest.parsers.base import RawDocument
from foi_ingest.parsers.layout import TableLayout, find_layouts
from foi_ingest.parsers.registry import capabilities_of
from foi_ingest.reasons import Code, Reason, noted
from foi_ingest.records import (
    Decision,
    RejectedRow,
    Response,
    SkippedRow,
    UnappliedCode,
    UnappliedDecision,
)
from foi_ingest.review.decisions import (
    ENTERED_REASON,
    ENTRY,
    Decisions,
    entered_values,
    entry_problem,
    load_decisions,
)
from foi_ingest.review.overrides import ForceOverride, load_override
from foi_ingest.schemas import vocab
from foi_ingest.schemas.bodies import body_noun, resolve_body
from foi_ingest.schemas.letters import read_letter, sections_cited, suppression_hides_zero
from foi_ingest.schemas.record import (
    MEASURE,
    PERIOD,
    dimension_columns,
    dimensions,
    editable_fields,
    keyword_dimensions,
    vocabulary_dimensions,
)
from foi_ingest.schemas.validate import to_frame, validate
from foi_ingest.statuses import RowStatus, SkipKind, Status
from foi_ingest.values.text import clean_cell, norm


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class FileResult:
    """Everything one file gives the warehouse: its response row, records, rejected, skipped
    (each row type declared once in `foi_ingest.records`)."""

    response: Response
    cases: pd.DataFrame  # an Arrow table once it has left a parse task (`parse_files`)
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    unapplied: list[UnappliedDecision] = field(default_factory=list)


def response_row(rel: str, sha: str, run_id: str, **values: Any) -> Response:
    """A `responses` row with every column, zero counts, and `values` set."""
    base = Response(
        source_file=rel, source_sha256=sha, force_id=None, force_reason=None, format=None,
        status=None, status_reason=None, sections=[], rows_read=0, rows_loaded=0,
        rows_rejected=0, rows_skipped=0, records_loaded=0, stated_total=None, total_check=None,
        warnings=[], letter_text=None, duplicate_of=None, parser_version=PARSER_VERSION,
        run_id=run_id, config_fingerprint=None,
    )  # fmt: skip
    base.update(values)  # type: ignore[typeddict-item]
    return base


def no_cases(request: Request) -> pd.DataFrame:
    """An empty, typed cases frame."""
    return to_frame(request, []).drop(columns="_key")


def without_records(request: Request, rel: str, sha: str, run_id: str, **values: Any) -> FileResult:
    """The result for a file that yields no rows: a status and a reason."""
    return FileResult(response_row(rel, sha, run_id, **values), no_cases(request))


def process_file(
    request: Request,
    path: Path,
    inbox: Path,
    run_id: str,
    sha: str | None = None,
    decisions: Decisions | None = None,
) -> FileResult:
    """Read one return and split every row into loaded, rejected or skipped."""
    decisions = decisions if decisions is not None else load_decisions(inbox)
    rel_path = path.relative_to(inbox) if path.is_relative_to(inbox) else Path(path.name)
    rel = rel_path.as_posix()
    sha = sha or sha256_of(path)
    force = resolve_body(request, rel_path)
    try:
        doc = read_document(path, ReadOptions(header_reader(request)))
    except IngestError as exc:
        return without_records(request, 
            rel, sha, run_id, force_id=force.body_id, force_reason=force.reason,
            status=exc.status, status_reason=str(exc),
        )  # fmt: skip
    if force.body_id is None:
        head = "\n".join(doc.text.splitlines()[:8])
        force = resolve_body(request, rel_path, letterhead=head)
    if force.body_id is None:
        return without_records(request, 
            rel, sha, run_id, format=doc.format, status=Status.UNKNOWN_BODY,
            status_reason=f"{force.reason}; file not read",
        )  # fmt: skip
    try:
        return _split(
            request, doc, rel, sha, run_id, force.body_id, force.reason, inbox, decisions, path
        )
    except ConfigError as exc:
        return without_records(request, 
            rel, sha, run_id, force_id=force.body_id, force_reason=force.reason,
            format=doc.format, status=Status.UNPARSEABLE,
            status_reason=f"per-force override is invalid: {exc}",
        )  # fmt: skip


def _split(
    request: Request,
    doc: RawDocument,
    rel: str,
    sha: str,
    run_id: str,
    force_id: str,
    force_reason: str,
    inbox: Path,
    decisions: Decisions,
    path: Path | None = None,
) -> FileResult:
    override = load_override(request, force_id, inbox)
    response = response_row(
        rel, sha, run_id, force_id=force_id, force_reason=force_reason, format=doc.format,
        warnings=noted(Code.READER_NOTE, doc.warnings),
    )  # fmt: skip
    found = _find_tables(request, doc, rel, override)
    layouts, skipped = found.layouts, found.skipped
    response["warnings"] += found.warnings
    response["rows_read"] = sum(len(t) for t in doc.tables)
    notes = " ".join(n for lay in layouts for n in lay.notes)
    hides_zero = override.suppression_hides_zero
    if hides_zero is None:
        hides_zero = suppression_hides_zero(request, "\n".join(_note_lines(doc, layouts)))
    phrasings = decisions.phrasings_for(force_id)
    for vocabulary, mapping in override.phrasings.items():
        phrasings.setdefault(vocabulary, {}).update(mapping)
    tables = [lay for lay in layouts if lay.kind in ("cases", "counts")]
    period_names = capabilities_of(doc.format).sheet_names_are_periods
    contexts = [
        MapContext(
            force_id, rel, sha, run_id,
            default_period=lay.table.name if period_names else None,
            suppression_hides_zero=hides_zero, extra_phrasings=phrasings,
        )
        for lay in tables
    ]  # fmt: skip
    m = _map_tables(request, tables, contexts)
    skipped += m.skipped
    response["warnings"] += m.warnings
    rejections, rejected_keys, foreign, key = m.rejections, m.rejected_keys, m.foreign, m.next_key
    frame = _concat(request, m.frames)
    valid, failures = validate(request, frame)
    if failures:
        failed = frame[frame["_key"].isin(list(failures))].drop_duplicates("_key")
        keep = review_fields(request)
        for rec in failed.to_dict("records"):
            row_key = int(rec["_key"])
            lay, pos = _locate(tables, row_key)
            ctx = MapContext(force_id, rel, sha, run_id)
            fields = {k: _plain(v) for k, v in rec.items() if k in keep}
            raw = raw_values(lay.columns, lay.table.row(pos))
            rejections.append(_reject(ctx, lay, pos, raw, failures[row_key], {}, fields, row_key))
            rejected_keys.add(row_key)
    unapplied: list[UnappliedDecision] = []
    corrected = apply_decisions(request, rejections, decisions, response, unapplied, start_key=key)
    if corrected:
        valid = pd.concat([valid, to_frame(request, corrected)], ignore_index=True)
    # a row counts once: rejected while any part of it is open, else loaded if it gave records
    open_rows = {r["_row_key"] for r in rejections if r["status"] != RowStatus.CORRECTED}
    response.update(
        rows_loaded=int(valid.loc[~valid["_key"].isin(list(open_rows)), "_key"].nunique()),
        rows_rejected=len(open_rows),
        rows_skipped=len(skipped),
        records_loaded=len(valid),
    )
    check_totals(request, tables, valid, rejected_keys, response)
    _set_status(
        request, doc, tables, response, notes, foreign, lambda: _beside_attachment(path, inbox)
    )
    entries = [c for c in decisions.for_file(rel) if c["decision"] == "enter"]
    if entries and response["status"] != Status.NEEDS_ENTRY:
        unapplied += [
            _unapplied(c, run_id, UnappliedCode.NOT_A_LETTER,
                       f"figures entered for a file that is now read as {response['status']}, "
                       "not as a letter to enter figures from")
            for c in entries
        ]  # fmt: skip
    elif entries:
        entered, failing = entered_records(
            request, entries, response, force_id, unapplied, start_key=key + len(rejections)
        )
        rejections += failing
        if entered:
            valid = to_frame(request, entered)
            who = ", ".join(sorted({r["corrected_by"] or "a validator" for r in entered}))
            response.update(
                status=Status.DISCLOSED,
                status_reason=f"{ENTERED_REASON} by {who} ({len(entered)} "
                "entries); the letter itself has no table",
            )  # fmt: skip
        response.update(
            rows_read=response["rows_read"] + len(entered) + len(failing),
            rows_loaded=response["rows_loaded"] + len(entered),
            rows_rejected=response["rows_rejected"] + len(failing),
            records_loaded=len(entered),
        )
    read, loaded = response["rows_read"], response["rows_loaded"]
    if read != loaded + response["rows_rejected"] + response["rows_skipped"]:
        raise AssertionError(f"{rel}: rows do not add up: {response}")  # a bug, never data
    return FileResult(response, valid.drop(columns="_key"), rejections, skipped, unapplied)


@dataclass
class _Tables:
    """Step 1 of a file's path: its tables of the request, and the rows that are no record."""

    layouts: list[TableLayout]
    skipped: list[SkippedRow]
    warnings: list[Reason]


def _find_tables(request: Request, doc: RawDocument, rel: str, override: ForceOverride) -> _Tables:
    """Every table of the document laid out (header, data, totals, notes), but sheets a body's
    override leaves out, hidden sheets (said) and, for a request of counts only, case lists."""
    out = _Tables([], [], [])
    headers = header_reader(request, override.columns)
    for table in doc.tables:
        if override.sheets is not None and table.name not in override.sheets:
            out.skipped += [_skip(rel, r, SkipKind.EXCLUDED) for r in table.rows]
            continue
        if table.hidden and len(table):
            out.warnings.append(Reason(
                f"hidden sheet '{table.name}' not read ({len(table)} rows)",
                Code.HIDDEN_SHEET, None, table.name,
            ))  # fmt: skip
        for layout in find_layouts(table, headers):
            if layout.kind == "cases" and request.counts_only:
                out.skipped += [_skip(rel, r, SkipKind.NO_COUNTS) for r in layout.table.rows]
                continue
            out.layouts.append(layout)
            out.skipped += [_skip(rel, s.row, s.kind) for s in layout.skipped]
    return out


@dataclass
class _MappedTables:
    """Step 2: every table of the request mapped: record frames, rejected rows (with the keys
    of their source rows), tables of another question, and what is no record."""

    frames: list[pd.DataFrame] = field(default_factory=list)
    rejections: list[RejectedRow] = field(default_factory=list)
    rejected_keys: set[int] = field(default_factory=set)
    foreign: list[str] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    warnings: list[Reason] = field(default_factory=list)
    next_key: int = 0  # the key after the last data row (entries from letters continue it)


def _map_tables(
    request: Request, tables: list[TableLayout], contexts: list[MapContext]
) -> _MappedTables:
    """Map each table with its context, its rows keyed in one sequence across the file."""
    out = _MappedTables()
    for lay, ctx in zip(tables, contexts, strict=True):
        rel, name = ctx.source_file, lay.table.name
        parts = [lay.table.row(p) for p in _without_parts(request, lay)]
        out.skipped += [_skip(rel, row, SkipKind.PART) for row in parts]
        out.warnings += noted(Code.AUTOFILL_SLIP, autofill_in_rows(lay.columns, parts), f"{name}: ")
        mapped = map_table(request, lay, ctx, start_key=out.next_key)
        out.next_key += len(lay.data_pos)
        out.warnings += noted(Code.READER_NOTE, mapped.warnings, f"{name}: ")
        if mapped.foreign:
            out.foreign.append(f"{name}: {mapped.foreign}")
            lay.totals, lay.total_pos = [], []  # its stated total is of another question
            out.skipped += [_skip(rel, lay.table.row(int(p)), SkipKind.FOREIGN)
                            for p in lay.data_pos]  # fmt: skip
            continue
        out.frames.append(mapped.records)
        for r in mapped.rejected:
            out.rejections.append(
                _reject(ctx, lay, r.pos, r.raw, r.reasons, r.suggestions, r.fields, r.key, r.part)
            )
            out.rejected_keys.add(r.key)
        out.skipped += [_skip(rel, lay.table.row(p), SkipKind.ALL_ZERO) for p in mapped.zero_pos]
    return out


def _without_parts(request: Request, lay: TableLayout) -> list[int]:
    """Take the rows that break down a code row above them out of the table's data rows
    (`schemas.hierarchy`); return their positions."""
    parts = find_parts(request, lay)
    if parts.positions:
        keep = ~np.isin(lay.data_pos, parts.positions)
        lay.data_pos, lay.data_sections = lay.data_pos[keep], lay.data_sections[keep]
    return parts.positions


def review_fields(request: Request) -> tuple[str, ...]:
    """What a rejected row keeps of what could be mapped, for a validator's correction."""
    return (*PERIOD, *dimension_columns(request), *MEASURE)


def apply_decisions(
    request: Request,
    rejections: list[dict[str, Any]],
    decisions: Decisions,
    response: dict,
    unapplied: list[UnappliedDecision],
    start_key: int,
) -> list[dict[str, Any]]:
    """Replay validators' decisions on this file's rejected rows; return corrected records.

    A decision applies only to the same file content (sha256) and row location; the others are
    added to `unapplied` with why, never applied to another row.
    """
    rel, run_id = response["source_file"], response["run_id"]
    mine = [c for c in decisions.for_file(rel) if c["decision"] != "enter"]
    current = {
        c["source_location"]: c for c in mine if c["source_sha256"] == response["source_sha256"]
    }
    for c in mine:
        if c["source_sha256"] != response["source_sha256"]:
            unapplied.append(_unapplied(c, run_id, UnappliedCode.FILE_CHANGED,
                                        "the file has changed since the decision"))  # fmt: skip
    corrected: list[dict[str, Any]] = []
    used: set[str] = set()
    for offset, rej in enumerate(rejections):
        decision = current.get(rej["source_location"])
        if decision is None:
            continue
        used.add(rej["source_location"])
        rej["decided_by"], rej["decision_note"] = decision["by"], decision["note"] or None
        if decision["decision"] == "not_a_case":
            rej["status"] = RowStatus.DISMISSED
            continue
        record, problems = _checked_record(request, rej, decision, run_id)
        if problems:
            rej["reasons"] = [
                *rej["reasons"],
                *(
                    Reason(f"correction does not pass: {p}", Code.CORRECTION_FAILS)
                    for p in problems
                ),
            ]
            continue
        rej["status"] = RowStatus.CORRECTED
        # a corrected part joins its row's key, so the row counts once
        key = start_key + offset if rej.get("_part") is None else rej["_row_key"]
        corrected.append({**record, "_key": key})
    for location in sorted(set(current) - used):
        unapplied.append(_unapplied(current[location], run_id, UnappliedCode.NO_ROW,
                                    "no rejected row there any more (the file is read "
                                    "differently now)"))  # fmt: skip
    return corrected


def _unapplied(c: Decision, run_id: str, code: str, message: str) -> UnappliedDecision:
    return UnappliedDecision(
        source_file=c["source_file"], source_sha256=c["source_sha256"],
        source_location=c["source_location"], decision=c["decision"], code=code,
        message=message, run_id=run_id,
    )  # fmt: skip


def entered_records(
    request: Request,
    entries: list[Decision],
    response: dict,
    force_id: str,
    unapplied: list[UnappliedDecision],
    start_key: int,
) -> tuple[list[dict[str, Any]], list[RejectedRow]]:
    """The figures a validator entered from this letter (decision `enter`), as count records
    validated like any other, and the entries that do not pass, as open rejected rows with the
    reason (so `foi rejects` lists them and `apply` fails); an entry for another version of the
    letter (other sha256) is unapplied. A field left blank, or `not_recorded`, is not recorded
    (with the group `not_recorded` where the field has groups): the letter is silent on it."""
    records: list[dict[str, Any]] = []
    failing: list[RejectedRow] = []
    for c in entries:
        where = c["source_location"]
        if c["source_sha256"] != response["source_sha256"]:
            unapplied.append(_unapplied(c, response["run_id"], UnappliedCode.FILE_CHANGED,
                                        "the letter has changed since the figures were "
                                        "entered"))  # fmt: skip
            continue
        unstated = {k: c.get(k) or vocab.NOT_RECORDED for k in editable_fields(request)}
        entry = {**c, **unstated}
        number = int(where.removeprefix(ENTRY))
        letter = dict(
            fields={**{d.name: "other" for d in keyword_dimensions(request)},
                    "record_kind": "count",
                    **{d.name: vocab.NOT_RECORDED for d in vocabulary_dimensions(request)}},
            force_id=force_id,
            source_file=response["source_file"], source_sha256=response["source_sha256"],
            source_sheet=None, source_page=None, source_row=number, source_location=where,
        )  # fmt: skip
        problem = entry_problem(request, c)  # in a validator's words, before the schema's
        record, problems = _checked_record(request, letter, entry, response["run_id"])
        if problem or problems:
            problems = [problem] if problem else problems
            failing.append(RejectedRow(
                source_file=response["source_file"], source_sha256=response["source_sha256"],
                force_id=force_id, source_sheet=None, source_page=None, source_row=number,
                source_location=where,
                raw={k: v for k, v in c.items() if k in (*entered_values(request), "note") and v},
                reasons=[Reason(f"correction does not pass: {p}", Code.CORRECTION_FAILS)
                         for p in problems], suggestions={},
                run_id=response["run_id"], fields={}, context={}, status=RowStatus.OPEN,
                decided_by=c.get("by") or "a validator", decision_note=c.get("note") or None,
                _row_key=start_key + number, _part=None, _breakdown=None,
            ))  # fmt: skip
            continue
        records.append({**record, "_key": start_key + number})
    return records, failing


def _checked_record(
    request: Request, rej: dict[str, Any], decision: Decision, run_id: str
) -> tuple[dict[str, Any], list[str]]:
    """`corrected_record`, then the case schema on it: the record and every problem found."""
    record, problems = corrected_record(request, rej, decision, run_id)
    if not problems:
        _, failures = validate(request, to_frame(request, [{**record, "_key": 0}]))
        problems = next(iter(failures.values()), [])
    return record, problems


def corrected_record(
    request: Request, rej: dict[str, Any], decision: Decision, run_id: str
) -> tuple[dict[str, Any], list[str]]:
    """The record a validator's correction makes of a rejected row, and any problem in it."""
    record: dict[str, Any] = {k: rej["fields"].get(k) for k in review_fields(request)}
    problems: list[str] = []
    try:
        if decision["year"]:
            year = int(decision["year"])
            record.update(
                year=year, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)
            )
        for name in ("period_start", "period_end"):
            if decision[name]:
                record[name] = dt.date.fromisoformat(decision[name])
        if decision["case_count"]:
            n = int(decision["case_count"])
            record.update(case_count=n, case_count_low=n, case_count_high=n)
    except ValueError as exc:
        problems.append(f"not a number or date: {exc}")
    for name in editable_fields(request):
        if decision.get(name):
            record[name] = decision[name]
    for d in vocabulary_dimensions(request):
        if d.group:
            record[d.group] = vocab.vocabulary_of(request, d.name).groups.get(
                record.get(d.name) or vocab.NOT_RECORDED
            )
    if record.get("case_count_low") is None:
        record.update(case_count=1, case_count_low=1, case_count_high=1)
    record["record_kind"] = record.get("record_kind") or "case"
    record.update(
        force_id=rej["force_id"], source_file=rej["source_file"],
        source_sha256=rej["source_sha256"], source_sheet=rej["source_sheet"],
        source_page=rej["source_page"], source_row=rej["source_row"],
        source_location=rej["source_location"], breakdown=rej.get("_breakdown"), run_id=run_id,
        corrected_by=decision["by"] or None, corrected_at=decision["at"] or None,
        correction_note=decision["note"] or None,
    )  # fmt: skip
    return record, problems


def _concat(request: Request, frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return to_frame(request, [])
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _plain(value: Any) -> Any:
    """A frame value as a plain Python value (NA -> None, Timestamp -> date)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _locate(tables: list[TableLayout], key: int) -> tuple[TableLayout, int]:
    """The table and row position of a data-row key."""
    for lay in tables:
        if key < len(lay.data_pos):
            return lay, int(lay.data_pos[key])
        key -= len(lay.data_pos)
    raise KeyError(key)


def _skip(rel: str, row, kind: str) -> SkippedRow:
    text = " | ".join(str(c) for c in row.cells if c not in (None, ""))
    return SkippedRow(
        source_file=rel,
        source_location=row.location,
        source_row=row.row,
        kind=kind,
        text=text[:500],
    )


def _reject(
    ctx: MapContext,
    lay: TableLayout,
    index: int,
    raw: dict[str, str],
    reasons: list[str],
    suggestions: dict[str, list[str]],
    fields: dict[str, Any],
    row_key: int,
    part: int | None = None,
) -> RejectedRow:
    """A rejected row (or one 'N x phrase' part of a row: `part`) with everything a validator
    needs: raw values, reasons, context. `_row_key` ties it to its row for the row counts."""
    row = lay.table.row(index)
    where = row.location if part is None else f"{row.location} part {part}"

    def text(i: int) -> str | None:
        if 0 <= i < len(lay.table):
            cells = lay.table.row(i).cells
            return " | ".join(str(c) for c in cells if c not in (None, "")) or None
        return None

    return RejectedRow(
        source_file=ctx.source_file, source_sha256=ctx.source_sha256, force_id=ctx.force_id,
        source_sheet=row.sheet, source_page=row.page, source_row=row.row,
        source_location=where, raw=raw, reasons=list(reasons), suggestions=suggestions,
        run_id=ctx.run_id, fields=fields,
        context={"before": text(index - 1), "after": text(index + 1)},
        status=RowStatus.OPEN, decided_by=None, decision_note=None, _row_key=row_key,
        _part=part, _breakdown=breakdown_of(lay.columns, lay),
    )  # fmt: skip


_NOTE_KINDS = (SkipKind.TITLE, SkipKind.NOTES, SkipKind.FOOTNOTE)


def _note_lines(doc: RawDocument, layouts: list[TableLayout]) -> list[str]:
    """What a return says in words around its tables (title and note rows, a PDF letter's own
    lines), never a table's rows: 'Dismissed | fewer than 5 | 0 | 4' is cells, not a note."""

    def line(cells: list[object]) -> str:
        return " ".join(clean_cell(c) for c in cells if clean_cell(c))

    lines = [line(s.row.cells) for lay in layouts for s in lay.skipped if s.kind in _NOTE_KINDS]
    if capabilities_of(doc.format).letter:
        rows = {norm(line(r.cells)) for t in doc.tables for r in t.rows}
        words = doc.outside_tables if doc.outside_tables is not None else doc.text
        lines += [text for text in words.splitlines() if norm(text) not in rows]
    return lines


def _beside_attachment(path: Path | None, inbox: Path) -> bool:
    """Whether another file sits beside this one in its body's own folder (an attachment a
    covering letter can refer to). Files straight in the inbox have no folder of their own."""
    if path is None:
        return False
    folder = path.parent
    if folder == inbox or not path.is_relative_to(inbox):
        return False
    return any(
        p.is_file() and p != path and not p.name.startswith((".", "_", "~$"))
        for p in folder.iterdir()
    )


def _set_status(
    request: Request,
    doc: RawDocument,
    tables: list[TableLayout],
    response: dict,
    notes: str,
    foreign: list[str],
    beside_attachment: Callable[[], bool],
) -> None:
    letter = capabilities_of(doc.format).letter
    text = doc.text if letter else f"{doc.text} {notes}"
    if response["rows_loaded"] or response["rows_rejected"]:
        response["status"] = Status.DISCLOSED
        response["sections"] = list(sections_cited(request, text))
        if response["sections"]:
            cited = ", ".join(f"s.{s}" for s in response["sections"])
            response["status_reason"] = f"disclosed; exemptions cited for withheld parts: {cited}"
        response["warnings"] += noted(Code.FOREIGN_TABLE, foreign, "not read: ")
        return
    if foreign:
        response["status"] = Status.UNPARSEABLE
        response["status_reason"] = "no table of this request's fields (" + "; ".join(foreign) + ")"
        return
    if (
        tables
        and not any(len(lay.data_pos) for lay in tables)
        and not any(lay.totals for lay in tables)
    ):
        response["status"] = Status.UNPARSEABLE
        response["status_reason"] = "empty file: a header and no rows"
        return
    if tables:
        response["status"] = Status.NIL_RETURN
        response["status_reason"] = "table present but every count is zero"
        return
    # only a letter with no table asks whether an attachment sits beside it (a folder scan)
    reading = read_letter(request, text, beside_attachment=beside_attachment())
    if not letter and reading.status == Status.NEEDS_ENTRY:
        response["status"] = Status.UNPARSEABLE
        response["status_reason"] = (
            "no table with recognisable column names (looked for "
            + ", ".join(d.title for d in dimensions(request) if d.source != "title")
            + ", a date, or periods or values across the top); "
            + f"add a per-{body_noun(request)} override"
        )
        return
    response.update(
        status=reading.status,
        status_reason=reading.reason,
        sections=list(reading.sections),
        letter_text=text,  # whole: a validator reads all of it
    )
