"""One file's whole path, as plain functions: identify, read, find layout, map, validate, split.

The Prefect flow only calls `process_file` per file and hands the result to the warehouse; every
step here can be tested without Prefect. The result keeps the conservation identity:
rows read = loaded + rejected + skipped, checked before anything is returned.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from foi_ingest import PARSER_VERSION
from foi_ingest.errors import ConfigError, IngestError
from foi_ingest.parsers import read_document
from foi_ingest.parsers.base import RawDocument
from foi_ingest.parsers.layout import TableLayout, find_layout
from foi_ingest.schemas.forces import resolve_force
from foi_ingest.schemas.letters import read_letter, sections_cited, suppression_hides_zero
from foi_ingest.schemas.mapping import MapContext, map_rows, raw_values, stated_total
from foi_ingest.schemas.overrides import load_override
from foi_ingest.schemas.validate import to_frame, validate


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class FileResult:
    """Everything one file gives the warehouse: its response row, records, rejected, skipped."""

    response: dict[str, Any]
    cases: pd.DataFrame
    rejected: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)


def _response(rel: str, sha: str, run_id: str, **values: Any) -> dict[str, Any]:
    base = {
        "source_file": rel, "source_sha256": sha, "force_id": None, "force_reason": None,
        "format": None, "status": None, "status_reason": None, "sections": [],
        "rows_read": 0, "rows_loaded": 0, "rows_rejected": 0, "rows_skipped": 0,
        "records_loaded": 0, "stated_total": None, "total_check": None, "warnings": [],
        "letter_text": None, "parser_version": PARSER_VERSION, "run_id": run_id,
    }  # fmt: skip
    base.update(values)
    return base


def _empty_cases() -> pd.DataFrame:
    return to_frame([])


def process_file(path: Path, inbox: Path, run_id: str, sha: str | None = None) -> FileResult:
    """Read one return and split every row into loaded, rejected or skipped."""
    rel_path = path.relative_to(inbox) if path.is_relative_to(inbox) else Path(path.name)
    rel = rel_path.as_posix()
    sha = sha or sha256_of(path)
    force = resolve_force(rel_path)
    try:
        doc = read_document(path)
    except IngestError as exc:
        return FileResult(
            _response(
                rel,
                sha,
                run_id,
                force_id=force.force_id,
                force_reason=force.reason,
                status=exc.status,
                status_reason=str(exc),
            ),
            _empty_cases(),
        )
    if force.force_id is None:
        head = "\n".join(doc.text.splitlines()[:8])
        force = resolve_force(rel_path, letterhead=head)
    if force.force_id is None:
        return FileResult(
            _response(
                rel,
                sha,
                run_id,
                format=doc.format,
                status="unknown_force",
                status_reason=f"{force.reason}; file not read",
            ),
            _empty_cases(),
        )
    try:
        return _split(doc, rel, sha, run_id, force.force_id, force.reason, inbox)
    except ConfigError as exc:
        return FileResult(
            _response(
                rel,
                sha,
                run_id,
                force_id=force.force_id,
                force_reason=force.reason,
                format=doc.format,
                status="unparseable",
                status_reason=f"per-force override is invalid: {exc}",
            ),
            _empty_cases(),
        )


def _split(
    doc: RawDocument, rel: str, sha: str, run_id: str, force_id: str, force_reason: str, inbox: Path
) -> FileResult:
    override = load_override(force_id, inbox)
    response = _response(
        rel,
        sha,
        run_id,
        force_id=force_id,
        force_reason=force_reason,
        format=doc.format,
        warnings=list(doc.warnings),
    )
    skipped: list[dict[str, Any]] = []
    layouts: list[TableLayout] = []
    for table in doc.tables:
        if override.sheets is not None and table.name not in override.sheets:
            skipped += [_skip(rel, r, "excluded by override") for r in table.rows]
            continue
        layout = find_layout(table, override.columns)
        if table.hidden and table.rows:
            response["warnings"].append(
                f"hidden sheet '{table.name}' not read ({len(table.rows)} rows)"
            )
        layouts.append(layout)
        skipped += [_skip(rel, s.row, s.kind) for s in layout.skipped]
    response["rows_read"] = sum(len(t.rows) for t in doc.tables)
    notes = " ".join(n for lay in layouts for n in lay.notes)
    hides_zero = override.suppression_hides_zero
    if hides_zero is None:
        hides_zero = suppression_hides_zero(f"{doc.text} {notes}")
    tables = [lay for lay in layouts if lay.kind in ("cases", "counts")]
    records: list[dict[str, Any]] = []
    rejections = []
    loaded_keys: set[int] = set()
    key = 0
    for lay in tables:
        ctx = MapContext(
            force_id,
            rel,
            sha,
            run_id,
            default_period=lay.table.name if doc.format == "xlsx" else None,
            suppression_hides_zero=hides_zero,
            extra_phrasings=override.phrasings,
        )
        rows = [(d.row, d.section) for d in lay.data]
        mapped = map_rows(lay.columns, rows, ctx, counts=lay.kind == "counts", start_key=key)
        key += len(rows)
        records += mapped.records
        rejections += [
            _reject(rel, sha, force_id, run_id, r.row, r.raw, r.reasons, r.suggestions)
            for r in mapped.rejected
        ]
        skipped += [_skip(rel, r, "all counts zero") for r in mapped.zero_rows]
    frame = to_frame(records)
    valid, failures = validate(frame)
    if failures:
        failed = frame[frame["_key"].isin(list(failures))].drop_duplicates("_key")
        for rec in failed.to_dict("records"):
            row_key = int(rec["_key"])
            source = _row_for_key(tables, row_key)
            raw = raw_values(_layout_for_key(tables, row_key).columns, source)
            rejections.append(
                _reject(rel, sha, force_id, run_id, source, raw, failures[row_key], {})
            )
    loaded_keys = set(valid["_key"].astype(int)) if not valid.empty else set()
    response.update(
        rows_loaded=len(loaded_keys),
        rows_rejected=len(rejections),
        rows_skipped=len(skipped),
        records_loaded=len(valid),
    )
    _check_totals(tables, valid, rejections, response)
    _set_status(doc, tables, response, notes)
    if (
        response["rows_read"]
        != response["rows_loaded"] + response["rows_rejected"] + response["rows_skipped"]
    ):
        raise AssertionError(f"{rel}: rows do not add up: {response}")  # a bug, never data
    return FileResult(response, valid.drop(columns="_key"), rejections, skipped)


def _row_for_key(tables: list[TableLayout], key: int):
    for lay in tables:
        if key < len(lay.data):
            return lay.data[key].row
        key -= len(lay.data)
    raise KeyError(key)


def _layout_for_key(tables: list[TableLayout], key: int) -> TableLayout:
    for lay in tables:
        if key < len(lay.data):
            return lay
        key -= len(lay.data)
    raise KeyError(key)


def _skip(rel: str, row, kind: str) -> dict[str, Any]:
    text = " | ".join(str(c) for c in row.cells if c not in (None, ""))
    return {
        "source_file": rel,
        "source_location": row.location,
        "source_row": row.row,
        "kind": kind,
        "text": text[:500],
    }


def _reject(rel, sha, force_id, run_id, row, raw, reasons, suggestions) -> dict[str, Any]:
    return {
        "source_file": rel, "source_sha256": sha, "force_id": force_id,
        "source_sheet": row.sheet, "source_page": row.page, "source_row": row.row,
        "source_location": row.location, "raw": raw, "reasons": list(reasons),
        "suggestions": suggestions, "run_id": run_id,
    }  # fmt: skip


def _check_totals(
    tables: list[TableLayout], valid: pd.DataFrame, rejected: list[dict[str, Any]], response: dict
) -> None:
    """Compare each table's own stated total with what its rows give; flag any mismatch."""
    checks: list[str] = []
    stated_sum = 0
    key = 0
    for lay in tables:
        keys = range(key, key + len(lay.data))
        key += len(lay.data)
        stated = [t for r in lay.totals if (t := stated_total(r.cells)) is not None]
        if not stated:
            continue
        total = stated[-1]
        stated_sum += total
        mine = valid[valid["_key"].isin(list(keys))] if not valid.empty else valid
        low = int(mine["case_count_low"].sum()) if not mine.empty else 0
        high = int(mine["case_count_high"].sum()) if not mine.empty else 0
        locations = {lay.data[k - keys.start].row.location for k in keys} if keys else set()
        n_rejected = sum(1 for r in rejected if r["source_location"] in locations)
        # a rejected case row is one case not loaded; a rejected count row could hold any number
        high_possible = (
            high + n_rejected if lay.kind == "cases" else (float("inf") if n_rejected else high)
        )
        if not low <= total <= high_possible:
            got = f"{low}" if low == high else f"{low}-{high}"
            checks.append(f"{lay.table.name}: the return states {total}, its rows give {got}")
    if checks or stated_sum:
        response["stated_total"] = stated_sum
        response["total_check"] = ("mismatch: " + "; ".join(checks)) if checks else "ok"


def _set_status(doc: RawDocument, tables: list[TableLayout], response: dict, notes: str) -> None:
    text = doc.text if doc.format == "pdf" else f"{doc.text} {notes}"
    if response["rows_loaded"] or response["rows_rejected"]:
        response["status"] = "disclosed"
        response["sections"] = list(sections_cited(text))
        if response["sections"]:
            cited = ", ".join(f"s.{s}" for s in response["sections"])
            response["status_reason"] = f"disclosed; exemptions cited for withheld parts: {cited}"
        return
    if tables and not any(lay.data for lay in tables) and not any(lay.totals for lay in tables):
        response["status"] = "unparseable"
        response["status_reason"] = "empty file: a header and no rows"
        return
    if tables:
        response["status"] = "nil_return"
        response["status_reason"] = "table present but every count is zero"
        return
    reading = read_letter(text)
    if doc.format != "pdf" and reading.status == "needs_entry":
        response["status"] = "unparseable"
        response["status_reason"] = (
            "no table with recognisable column names (looked for Rank/Role, Date, Allegation, "
            "Outcome, or years/outcomes across the top); add a per-force override"
        )
        return
    response.update(
        status=reading.status,
        status_reason=reading.reason,
        sections=list(reading.sections),
        letter_text=text[:20000],
    )
