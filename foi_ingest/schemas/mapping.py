"""Mapping: raw rows under a classified header become typed records, or problems with reasons.

Shared by every parser: column synonyms have already been applied (`columns.classify_header`);
here phrasings become vocabulary codes, dates become periods and count cells become counts or
bounds. A row with any problem yields no record; it is rejected with every reason and, for an
unknown phrasing, the closest canonical values. Validation (`validate.py`) runs afterwards.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from foi_ingest.schemas import vocab
from foi_ingest.schemas.columns import Column
from foi_ingest.schemas.counts import CountProblem, parse_count
from foi_ingest.schemas.dates import DateProblem, Period, parse_period
from foi_ingest.schemas.text import clean_cell

EXCEL_ERROR = re.compile(r"^#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!)$", re.I)


class SourceRow(Protocol):
    cells: list[object]
    row: int
    sheet: str | None
    page: int | None

    @property
    def location(self) -> str: ...


@dataclass
class MapContext:
    """What mapping needs to know beyond the row: whose return, which file, which overrides."""

    force_id: str
    source_file: str
    source_sha256: str
    run_id: str
    default_period: str | None = None  # e.g. a sheet named '2011' or '2011-12'
    suppression_hides_zero: bool = False
    extra_phrasings: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # field -> phrase->code


@dataclass
class Rejection:
    """A source row that yields no record, with every reason."""

    row: SourceRow
    raw: dict[str, str]
    reasons: list[str]
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)  # what could be mapped, for review


@dataclass
class Mapped:
    """Records of one table, keyed by the index of the source row they came from."""

    records: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    zero_rows: list[SourceRow] = field(default_factory=list)


def raw_values(columns: Sequence[Column], row: SourceRow) -> dict[str, str]:
    """The row as the force wrote it, keyed by its header labels."""
    out: dict[str, str] = {}
    for i, value in enumerate(row.cells):
        text = clean_cell(value)
        if not text:
            continue
        label = columns[i].label if i < len(columns) and columns[i].label else f"column {i + 1}"
        out[label] = text if label not in out else f"{out[label]} | {text}"
    return out


def _provenance(ctx: MapContext, row: SourceRow, key: int) -> dict[str, Any]:
    return {
        "force_id": ctx.force_id,
        "source_file": ctx.source_file,
        "source_sha256": ctx.source_sha256,
        "source_sheet": row.sheet,
        "source_page": row.page,
        "source_row": row.row,
        "source_location": row.location,
        "run_id": ctx.run_id,
        "_key": key,
    }


def _period(value: object, fallbacks: Sequence[str | None]) -> tuple[Period | None, str | None]:
    """The period of a date cell, else of a section row or sheet name above it."""
    try:
        period = parse_period(value)
    except DateProblem as exc:
        return None, str(exc)
    for text in fallbacks:
        if period is None and text:
            try:
                period = parse_period(text)
            except DateProblem:
                continue
    return period, None


def _lookup(
    vocabulary: vocab.Vocabulary,
    raw: str,
    ctx: MapContext,
    problems: list[str],
    suggestions: dict[str, list[str]],
) -> str | None:
    if not raw:
        return "not_recorded"
    if EXCEL_ERROR.match(raw):
        return None  # reported once, as an Excel error value
    found = vocabulary.lookup(raw, ctx.extra_phrasings.get(vocabulary.name))
    if found.code is None:
        problems.append(f"unknown {vocabulary.name} '{raw}'")
        suggestions[vocabulary.name] = list(found.suggestions)
    return found.code


def _dims(
    columns: Sequence[Column],
    row: SourceRow,
    section: str | None,
    ctx: MapContext,
    problems: list[str],
    suggestions: dict[str, list[str]],
) -> dict[str, Any]:
    """The fields a row gives through its field columns (rank, date, allegation, outcome)."""
    cells = {
        c.value: clean_cell(row.cells[i])
        for i, c in enumerate(columns)
        if c.kind == "field" and i < len(row.cells)
    }
    for i, c in enumerate(columns):
        if i < len(row.cells) and c.kind != "other" and EXCEL_ERROR.match(clean_cell(row.cells[i])):
            problems.append(f"Excel error value '{clean_cell(row.cells[i])}' in column '{c.label}'")
    rank = cells.get("rank_raw", "")
    outcome_raw = cells.get("outcome_raw", "")
    allegation = cells.get("allegation_raw", "")
    date_cell = (
        row.cells[[c.value for c in columns].index("date_raw")] if "date_raw" in cells else None
    )
    period, date_problem = _period(date_cell, [section, ctx.default_period])
    if date_problem:
        problems.append(date_problem)
    role = _lookup(vocab.roles(), rank, ctx, problems, suggestions)
    outcome = _lookup(vocab.outcomes(), outcome_raw, ctx, problems, suggestions)
    return {
        "year": period.year if period else None,
        "period_start": period.start if period else None,
        "period_end": period.end if period else None,
        "role": role,
        "rank_raw": rank or None,
        "allegation_raw": allegation or None,
        "allegation_category": vocab.categorise_allegation(allegation),
        "outcome": outcome,
        "outcome_raw": outcome_raw or None,
        "outcome_group": vocab.outcomes().groups.get(outcome or "", None),
    }


def map_rows(
    columns: Sequence[Column],
    rows: Sequence[tuple[SourceRow, str | None]],
    ctx: MapContext,
    *,
    counts: bool,
    start_key: int = 0,
) -> Mapped:
    """Map data rows (each with the section text above it) of one table."""
    out = Mapped()
    for offset, (row, section) in enumerate(rows):
        key = start_key + offset
        problems: list[str] = []
        suggestions: dict[str, list[str]] = {}
        dims = _dims(columns, row, section, ctx, problems, suggestions)
        records: list[dict[str, Any]] = []
        if counts:
            records = _count_records(columns, row, dims, ctx, problems, suggestions)
        else:
            records = [
                {
                    **dims,
                    "case_count": 1,
                    "case_count_low": 1,
                    "case_count_high": 1,
                    "record_kind": "case",
                }
            ]
        if problems:
            kind = {"record_kind": "count" if counts else "case"}
            out.rejected.append(
                Rejection(row, raw_values(columns, row), problems, suggestions, {**dims, **kind})
            )
            continue
        if not records:
            out.zero_rows.append(row)
            continue
        for rec in records:
            rec.update(_provenance(ctx, row, key))
            out.records.append(rec)
    return out


def _count_records(
    columns: Sequence[Column],
    row: SourceRow,
    dims: dict[str, Any],
    ctx: MapContext,
    problems: list[str],
    suggestions: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """One record per non-zero count cell; the column header gives its year, outcome or role."""
    records = []
    for i, col in enumerate(columns):
        is_count = col.kind in ("year", "outcome", "role") or (
            col.kind == "field" and col.value == "case_count"
        )
        if not is_count or i >= len(row.cells):
            continue
        try:
            count = parse_count(row.cells[i], suppression_hides_zero=ctx.suppression_hides_zero)
        except CountProblem as exc:
            problems.append(f"{exc} (column '{col.label}')")
            continue
        if count is None or (count.exact == 0):
            continue
        rec = dict(dims)
        if col.kind == "year":
            period = parse_period(col.value)
            assert period is not None
            rec.update(year=period.year, period_start=period.start, period_end=period.end)
        elif col.kind == "outcome":
            rec.update(
                outcome=col.value,
                outcome_raw=col.label,
                outcome_group=vocab.outcomes().groups[col.value],
            )
        elif col.kind == "role":
            rec.update(role=col.value, rank_raw=col.label)
        rec.update(
            case_count=count.exact,
            case_count_low=count.low,
            case_count_high=count.high,
            record_kind="count",
        )
        records.append(rec)
    return records


def stated_total(cells: Sequence[object]) -> int | None:
    """The number a 'Total' row states (its last whole number), if any."""
    numbers = []
    for value in cells:
        text = clean_cell(value).replace(",", "")
        if text.isdigit():
            numbers.append(int(text))
        elif (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and float(value).is_integer()
        ):
            numbers.append(int(value))
    return numbers[-1] if numbers else None
