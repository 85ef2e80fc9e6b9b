"""Mapping: raw rows under a classified header become typed records, or problems with reasons.

Shared by every parser: column synonyms have already been applied (`columns.classify_header`);
here phrasings become vocabulary codes, dates become periods and count cells become counts or
bounds. A row with any problem yields no record; it is rejected with every reason and, for an
unknown phrasing, the closest canonical values. Validation (`validate.py`) runs afterwards.

Mapping is column-wise: each rule runs once per distinct value of a column (`parsers.cells`) and
records are assembled as arrays, so a large return costs array operations, not a Python loop
per row. Only rejected rows are built one by one, with their reasons.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from foi_ingest.mapping.labels import UNKNOWN_LABEL, resolve_columns
from foi_ingest.packs.pack import Request
from foi_ingest.parsers.base import RawRow, objects
from foi_ingest.parsers.cells import Coded, clean_columns, coded, raw_columns
from foi_ingest.parsers.header import ACROSS, PERIODS, Column
from foi_ingest.parsers.layout import TableLayout
from foi_ingest.reasons import Code, Reason, noted
from foi_ingest.schemas import vocab
from foi_ingest.schemas.record import (
    Dimension,
    dimension,
    dimension_columns,
    dimensions,
    free_text_dimensions,
    keyword_dimensions,
    missing_values,
    vocabulary_dimensions,
)
from foi_ingest.schemas.validate import to_frame, typed_frame
from foi_ingest.values.counts import CountProblem, parse_count
from foi_ingest.values.dates import DateProblem, Period, month_period, parse_period
from foi_ingest.values.text import clean_cell, norm
from foi_ingest.values.typed import read_typed

EXCEL_ERROR = re.compile(r"^#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!)$", re.I)


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
    written: dt.date = field(default_factory=dt.date.today)  # no date in a return is later


@dataclass
class Rejection:
    """A source row that yields no record, with every reason."""

    pos: int  # position of the row in its table
    key: int  # the row's key among the file's data rows
    raw: dict[str, str]
    reasons: list[str]
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)  # what could be mapped, for review
    part: int | None = None  # the 'N x phrase' part of a cell rejected alone (1, 2, ...)


@dataclass
class Mapped:
    """Records of one table (a typed frame keyed by `_key`), rejected rows, all-zero rows; or,
    for a table that answers another question, why (`foreign`) and no records."""

    records: pd.DataFrame
    rejected: list[Rejection] = field(default_factory=list)
    zero_pos: list[int] = field(default_factory=list)
    foreign: str | None = None
    warnings: list[str] = field(default_factory=list)


def raw_values(columns: Sequence[Column], row: RawRow) -> dict[str, str]:
    """The row as the force wrote it, keyed by its header labels."""
    out: dict[str, str] = {}
    for i, value in enumerate(row.cells):
        text = clean_cell(value)
        if not text:
            continue
        label = columns[i].label if i < len(columns) and columns[i].label else f"column {i + 1}"
        out[label] = text if label not in out else f"{out[label]} | {text}"
    return out


def _period(
    value: object, fallbacks: Sequence[str | None], written: dt.date
) -> tuple[Period | None, str | None]:
    """The period of a date cell, else of a section row or sheet name above it."""
    try:
        period = parse_period(value)
    except DateProblem as exc:
        return None, Reason(str(exc), Code.BAD_DATE, "date", clean_cell(value))
    if period is not None and period.start > written:
        return None, Reason(
            f"date '{clean_cell(value)}' is after the response (written {written})",
            Code.DATE_AFTER_ANSWER, "date", clean_cell(value),
        )  # fmt: skip
    for text in fallbacks:
        if period is None and text:
            try:
                period = parse_period(text)
            except DateProblem:
                continue
    return period, None


def _lookup(
    request: Request, vocabulary: vocab.Vocabulary, raw: str, ctx: MapContext
) -> tuple[str | None, str | None, list[str] | None]:
    """(code, problem, suggestions) for one distinct phrasing."""
    if not raw or norm(raw) in missing_values(request):
        return vocab.NOT_RECORDED, None, None
    if EXCEL_ERROR.match(raw):
        return None, None, None  # reported once, as an Excel error value
    found = vocabulary.lookup(raw, ctx.extra_phrasings.get(vocabulary.name))
    if found.code is None:
        problem = Reason(f"unknown {vocabulary.name} '{raw}'", Code.UNKNOWN_PHRASING,
                         vocabulary.name, raw)  # fmt: skip
        return None, problem, list(found.suggestions)
    return found.code, None, None


_COUNTED = re.compile(r"(?:^|(?<=[\s;,/]))(\d{1,3})\s*[x×]\s*(?=[^\W\d_])", re.I)
_BOTH_PARTS = "counts written inside the cells of two fields: which count goes with which?"


def counted_parts(text: str) -> list[tuple[int, str]] | None:
    """A cell that writes counts inside it ('3x Reflective practice', '1 x Written warning',
    several on separate lines) as (count, phrase) pairs; None for an ordinary cell."""
    found = list(_COUNTED.finditer(text))
    if not found or found[0].start() != 0:
        return None
    parts = []
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        phrase = text[m.end() : nxt.start() if nxt else len(text)].strip(" ;,/")
        parts.append((int(m.group(1)), phrase))
    return parts


def _lookup_parts(
    request: Request, vocabulary: vocab.Vocabulary, raw: str, ctx: MapContext, split: bool
) -> tuple[str | None, str | None, list[str] | None, tuple | None, tuple | None]:
    """`_lookup`, and for an 'N x phrase' cell its parts: the known ones as (count, code,
    phrase), the unknown ones as (part number, count, phrase, problem, suggestions). An unknown
    part is rejected alone; a cell none of whose parts is known is rejected whole."""
    parts = counted_parts(raw) if split and raw else None
    if not parts:
        return (*_lookup(request, vocabulary, raw, ctx), None, None)
    found, bad = [], []
    for j, (n, phrase) in enumerate(parts, start=1):
        code, problem, suggestions = _lookup(request, vocabulary, phrase, ctx)
        if problem:
            bad.append((j, n, phrase, Reason(f"part '{n} x {phrase}': {problem}",
                        Code.UNKNOWN_PART, vocabulary.name, phrase), suggestions))  # fmt: skip
        elif n:
            found.append((n, code, phrase))
    if not found:
        problems = (
            Reason("; ".join(b[3] for b in bad), Code.UNKNOWN_PHRASING, vocabulary.name, raw)
            if bad
            else Reason(f"every count written in '{raw}' is zero", Code.ZERO_PARTS,
                        vocabulary.name, raw)
        )  # fmt: skip
        return None, problems, (bad[0][4] if bad else None), None, None
    return None, None, None, tuple(found), tuple(bad) or None


def _count(value: object, hides_zero: bool, label: str) -> tuple:
    """(exact, low, high, gives a record, problem) for one distinct count cell."""
    try:
        count = parse_count(value, suppression_hides_zero=hides_zero)
    except CountProblem as exc:
        reason = Reason(f"{exc} (column '{label}')", Code.BAD_COUNT, label, clean_cell(value))
        return np.nan, np.nan, np.nan, False, reason
    if count is None:
        return np.nan, np.nan, np.nan, False, None
    exact = np.nan if count.exact is None else count.exact
    return exact, count.low, count.high, count.exact != 0, None


class _Table:
    """One table's data rows, column-wise, with the problems found so far (in report order)."""

    def __init__(self, layout: TableLayout) -> None:
        self.layout = layout
        self.columns = layout.columns  # as resolved for mapping (`labels.resolve_columns`)
        self.table = layout.table
        self.pos = layout.data_pos
        self.n = len(self.pos)
        self.clean = clean_columns(self.table)
        self.raw = raw_columns(self.table)
        self.problems: list[Coded] = []  # None or a reason, per data row
        self.suggestions: list[tuple[str, Coded]] = []
        self.periods: list[Period | None] = [None]
        self._period_codes: dict[Period | None, int] = {None: 0}

    def period_code(self, period: Period | None) -> int:
        if period not in self._period_codes:
            self._period_codes[period] = len(self.periods)
            self.periods.append(period)
        return self._period_codes[period]

    def text(self, i: int) -> Coded:
        if i < len(self.clean):
            return self.clean[i].take(self.pos)
        return Coded.constant("", self.n)

    def cells(self, i: int) -> Coded:
        if i < len(self.raw):
            return self.raw[i].take(self.pos)
        return Coded.constant(None, self.n)

    def failed(self) -> np.ndarray:
        bad = np.zeros(self.n, dtype=bool)
        for reasons in self.problems:
            bad |= reasons.test(lambda r: r is not None)
        return bad


def _dims(request: Request, t: _Table, ctx: MapContext) -> dict[str, Any]:
    """The declared fields every data row gives through its field columns (and its date), one
    coded column each; problems are recorded on `t`."""
    columns = t.columns
    texts = {i: t.text(i) for i, c in enumerate(columns) if c.kind != "other" and i < len(t.clean)}
    fields = {c.value: texts[i] for i, c in enumerate(columns) if c.kind == "field" and i in texts}
    for i, c in enumerate(columns):
        if i in texts:
            label = c.label
            t.problems.append(texts[i].map(lambda text, label=label: (
                Reason(f"Excel error value '{text}' in column '{label}'", Code.EXCEL_ERROR,
                       label, text)
                if EXCEL_ERROR.match(text) else None
            )))  # fmt: skip
    empty = Coded.constant("", t.n)
    if "date_raw" in fields:
        date_cells = t.cells([c.value for c in columns].index("date_raw"))
        if t.layout.kind == "counts":
            date_cells = _filled_down(date_cells)
    else:
        date_cells = Coded.constant(None, t.n)
    period_codes, date_problems = _periods(t, date_cells, ctx)
    t.problems.append(date_problems)
    dims: dict[str, Any] = {"period": period_codes}
    for i, c in enumerate(columns):
        if i in texts and c.kind == "field" and c.value == UNKNOWN_LABEL:
            t.problems.append(texts[i].map(lambda text: (
                Reason(f"row label '{text}' is not a value of any field of this request",
                       Code.UNKNOWN_LABEL, "label", text)
                if text else None
            )))  # fmt: skip
            t.suggestions.append(
                ("label", texts[i].map(lambda text: _label_suggestions(request, text)))
            )
    raws = {d.raw for d in dimensions(request) if d.raw} | {UNKNOWN_LABEL}
    raws |= {d.name for d in free_text_dimensions(request)}
    labelled = [
        texts[i] for i, c in enumerate(columns)
        if i in texts and c.kind == "field" and c.value in raws
    ]  # fmt: skip
    t.problems.append(_carries(request, t, labelled, date_cells))
    split = t.layout.kind == "cases"  # 'N x phrase' cells: counts inside a case table
    with_parts = np.zeros(t.n, dtype=np.int64)
    for d in vocabulary_dimensions(request):
        vocabulary = vocab.vocabulary_of(request, d.name)
        raw = fields.get(str(d.raw), empty)
        code, problem, suggestion, parts, bad = raw.split(
            lambda text, v=vocabulary: _lookup_parts(request, v, text, ctx, split), 5
        )
        dims[d.name] = code
        dims[f"{d.name}_parts"] = parts
        dims[f"{d.name}_bad_parts"] = bad
        with_parts += parts.test(bool)
        t.problems.append(problem)
        t.suggestions.append((vocabulary.name, suggestion))
        if d.raw:
            dims[d.raw] = raw.map(lambda text: text or None)
        if d.group:
            groups = vocabulary.groups
            dims[d.group] = code.map(lambda c, groups=groups: groups.get(c or ""))
    if (with_parts > 1).any():
        both = Reason(_BOTH_PARTS, Code.COUNTS_IN_TWO_FIELDS)
        t.problems.append(Coded((with_parts > 1).astype(np.int64), objects([None, both])))
    nothing = missing_values(request)
    for d in free_text_dimensions(request):
        text = fields.get(d.name, empty)
        if d.kind.plain:
            dims[d.name] = text.map(lambda text: text or None)
            continue
        value, problem, suggestion = text.split(
            lambda text, d=d: read_typed(None if norm(text) in nothing else text, d.kind, d.title),
            3,
        )
        dims[d.name] = value
        t.problems.append(problem)
        t.suggestions.append((d.name, suggestion))
    for d in keyword_dimensions(request):
        if d.source == "title":
            dims[d.name] = _from_title(request, t, d)
            continue
        raw = fields.get(str(d.raw), empty)
        if d.raw:
            dims[d.raw] = raw.map(lambda text: text or None)
        dims[d.name] = raw.map(lambda text, f=str(d.keywords): vocab.categorise(request, f, text))
    return dims


def _from_title(request: Request, t: _Table, d: Dimension) -> Coded:
    """A field the table states once in the words around it (its sheet name, its title rows:
    'Q2. CPA Patients'), the same for every row; a table that names no category of the field's
    taxonomy rejects its rows rather than assume one."""
    words = " ".join([t.table.name, *t.layout.title])
    code = vocab.categorise(request, str(d.keywords), words)
    if code != "other":
        return Coded.constant(code, t.n)
    named = ", ".join(c for c in vocab.keyword_codes(request, str(d.keywords)) if c != "other")
    problem = Reason(
        f"the table does not say which {d.title.lower()} it counts (its sheet name and title "
        f"name none of: {named})", Code.NOT_NAMED_BY_TABLE, d.name, words,
    )  # fmt: skip
    t.problems.append(Coded.constant(problem, t.n))
    return Coded.constant(None, t.n)


def _filled_down(cells: Coded) -> Coded:
    """A count table's year written only on the first row of each block ('2018' then blanks
    until '2019'): each blank cell takes the value above it. A column whose first row is blank
    is left as it is (its blanks say nothing about a block)."""
    if not len(cells.codes):
        return cells
    blank = cells.test(lambda v: clean_cell(v) == "")
    if blank[0] or not blank.any():
        return cells
    positions = np.where(blank, 0, np.arange(len(blank)))
    return Coded(cells.codes[np.maximum.accumulate(positions)], cells.values)


def _label_suggestions(request: Request, text: str) -> list[str] | None:
    """The closest codes of each declared field to a row label no vocabulary recognises."""
    if not text:
        return None
    found: list[str] = []
    for d in vocabulary_dimensions(request):
        found += vocab.vocabulary_of(request, d.name).suggest(text, 3 if not found else 2)
    return found


def _carries(request: Request, t: _Table, labelled: list[Coded], date_cells: Coded) -> Coded:
    """Per row, the problem of a row that carries no value of the request's fields: a case row
    with no rank, date, allegation or outcome (a note or total the layout did not name), or a
    count row whose label cells are all empty. None where the row carries something."""
    has_label = np.zeros(t.n, dtype=bool)
    for texts in labelled:
        has_label |= texts.test(bool)
    if t.layout.kind == "counts":
        if not labelled:
            return Coded.constant(None, t.n)
        problem = Reason(
            "numbers with no row label: nothing says what they count", Code.NO_ROW_LABEL
        )
        has = has_label
    else:
        titles = ", ".join(d.title.lower() for d in dimensions(request))
        problem = Reason(
            f"no value in any of this request's fields ({titles}, date)", Code.NO_FIELD_VALUE
        )
        has = has_label | date_cells.test(lambda v: clean_cell(v) != "")
    return Coded(np.where(has, 0, 1).astype(np.int64), objects([None, problem]))


def _periods(t: _Table, cells: Coded, ctx: MapContext) -> tuple[np.ndarray, Coded]:
    """(index into `t.periods`, problem or None) per row, once per distinct (date cell, section).

    Periods travel as small integer codes into one list, not as a million objects.
    """
    if not t.n:
        return np.zeros(0, dtype=np.int64), Coded.constant(None, 0)
    sections = coded(t.layout.data_sections)
    width = len(sections.values)
    unique, inverse = np.unique(cells.codes * width + sections.codes, return_inverse=True)
    found = [
        _period(
            cells.values[u // width], [sections.values[u % width], ctx.default_period], ctx.written
        )
        for u in unique
    ]
    codes = np.array([t.period_code(f[0]) for f in found], dtype=np.int64)
    return codes[inverse], Coded(inverse.astype(np.int64), objects([f[1] for f in found]))


def _period_columns(codes: np.ndarray, values: list[Period | None]) -> dict[str, np.ndarray]:
    codes = np.asarray(codes, dtype=np.int64)
    year = np.array([p.year if p else np.nan for p in values], dtype=float)
    start = pd.to_datetime([p.start if p else None for p in values]).to_numpy()
    end = pd.to_datetime([p.end if p else None for p in values]).to_numpy()
    return {"year": year[codes], "period_start": start[codes], "period_end": end[codes]}


def map_table(
    request: Request, layout: TableLayout, ctx: MapContext, *, start_key: int = 0
) -> Mapped:
    """Map every data row of one table: records, rejected rows with reasons, all-zero rows."""
    t = _Table(layout)
    counts = layout.kind == "counts"
    resolved = resolve_columns(
        request, layout.columns, [t.text(i) for i in range(len(t.clean))], counts
    )
    if resolved.foreign:
        return Mapped(to_frame(request, []), foreign=resolved.foreign, warnings=resolved.warnings)
    t.columns = resolved.columns
    for i, reason in resolved.unread.items():
        t.problems.append(t.cells(i).map(lambda v, reason=reason: _unread(v, reason)))
    dims = _dims(request, t, ctx)
    blocks: list[tuple[np.ndarray, dict[str, Any]]] = []  # (data-row index, fixed values)
    if counts:
        blocks = _count_blocks(request, t, ctx, dims)
    failed = t.failed()
    if not counts:
        counted = np.zeros(t.n, dtype=bool)
        for d in vocabulary_dimensions(request):
            counted |= dims[f"{d.name}_parts"].test(bool)
        ok = np.flatnonzero(~failed & ~counted)
        one = np.ones(len(ok))
        blocks = [(ok, {"case_count": one, "case_count_low": one, "case_count_high": one,
                        "record_kind": "case"})]  # fmt: skip
        blocks += _part_blocks(request, dims, np.flatnonzero(~failed & counted))
    else:
        blocks = [(k[~failed[k]], {c: (v[~failed[k]] if isinstance(v, np.ndarray) else v)
                                   for c, v in fixed.items()}) for k, fixed in blocks]  # fmt: skip
    slips = noted(Code.AUTOFILL_SLIP, _autofill_slips(t)) if counts else []
    warnings = [*resolved.warnings, *slips]
    records = _records(request, t, dims, blocks, ctx, start_key)
    rejected = [
        _rejection(request, t, int(k), dims, start_key, counts) for k in np.flatnonzero(failed)
    ]
    if not counts:
        rejected += _part_rejections(request, t, dims, np.flatnonzero(~failed), start_key)
    with_records = np.zeros(t.n, dtype=bool)
    for k, _ in blocks:
        with_records[k] = True
    zero = [int(t.pos[k]) for k in np.flatnonzero(~failed & ~with_records)] if counts else []
    return Mapped(records, rejected, zero, warnings=warnings)


_LESS_THAN = re.compile(r"^<\s*(\d+)$")
AUTOFILL_RUN = 3
"""'<N' marks rising by one across this many neighbouring cells of a row are flagged as a
probable autofill slip (a '<5' dragged along the row in Excel, read by the sheet as '<6', '<7'
...). Each is still read as 1 to N-1, as written; a validator checks with the body."""


def _autofill_slips(t: _Table) -> list[str]:
    """Warnings for rows whose '<N' marks rise by one across neighbouring count columns."""
    cols = [i for i, c in enumerate(t.columns) if c.kind in PERIODS and i < len(t.clean)]
    if len(cols) < AUTOFILL_RUN or not t.n:
        return []

    marks = np.column_stack([t.text(i).map(_bound).numbers() for i in cols])
    return _slips(marks, [t.table.row(int(p)).location for p in t.pos])


def _bound(text: str) -> float:
    m = _LESS_THAN.match(text)
    return float(m.group(1)) if m else np.nan


def autofill_in_rows(columns: Sequence[Column], rows: Sequence[RawRow]) -> list[str]:
    """`_autofill_slips` for a few rows read one by one (rows taken out of the data rows, such
    as the parts under a code row, whose marks are still the body's writing)."""
    cols = [i for i, c in enumerate(columns) if c.kind in PERIODS]
    if len(cols) < AUTOFILL_RUN or not rows:
        return []
    marks = np.array(
        [[_bound(clean_cell(r.cells[i])) if i < len(r.cells) else np.nan for i in cols]
         for r in rows]
    )  # fmt: skip
    return _slips(marks, [r.location for r in rows])


def _slips(marks: np.ndarray, locations: list[str]) -> list[str]:
    rising = np.diff(marks, axis=1) == 1  # NaN never equals 1
    run = np.zeros(len(marks), dtype=np.int64)
    longest = np.zeros(len(marks), dtype=np.int64)
    for j in range(rising.shape[1]):
        run = np.where(rising[:, j], run + 1, 0)
        longest = np.maximum(longest, run)
    out = []
    for k in np.flatnonzero(longest + 1 >= AUTOFILL_RUN):
        row = marks[k][~np.isnan(marks[k])].astype(int)
        where = locations[k]
        out.append(
            f"{where}: '<{row.min()}' rising to '<{row.max()}' along the row looks like an "
            "autofill slip ('<5' dragged in Excel); read as written (1 to N-1): check with the body"
        )
    return out


def _unread(value: object, reason: str) -> str | None:
    """The problem of a number in a column that cannot be read as counts (none for a zero)."""
    try:
        count = parse_count(value)
    except CountProblem:
        count = None
    if count is None and not clean_cell(value):
        return None
    if count is not None and count.exact == 0:
        return None
    return Reason(f"{reason} (value '{clean_cell(value)}')", Code.UNREAD_COLUMN, None,
                  clean_cell(value))  # fmt: skip


def _count_blocks(
    request: Request, t: _Table, ctx: MapContext, dims: dict[str, Any]
) -> list[tuple[np.ndarray, dict[str, Any]]]:
    """One block per count column: the rows with a non-zero (or suppressed) count there."""
    blocks = []
    for i, col in enumerate(t.columns):
        is_count = col.kind in ACROSS or (col.kind == "field" and col.value == "case_count")
        if not is_count or i >= len(t.raw):
            continue
        exact, low, high, has, problems = t.cells(i).split(
            lambda v, label=col.label: _count(v, ctx.suppression_hides_zero, label), 5
        )
        t.problems.append(problems)
        k = np.flatnonzero(has.test(bool))
        fixed: dict[str, Any] = {
            "case_count": exact.numbers()[k],
            "case_count_low": low.numbers()[k],
            "case_count_high": high.numbers()[k],
            "record_kind": "count",
        }
        if col.kind == "year":
            assert col.period is not None
            if col.period.start > ctx.written:
                late = Reason(
                    f"column '{col.label}' is a period after the response ({ctx.written})",
                    Code.DATE_AFTER_ANSWER, "date", col.label,
                )  # fmt: skip
                t.problems.append(has.map(lambda h, late=late: late if h else None))
            fixed["period"] = np.full(len(k), t.period_code(col.period), dtype=np.int64)
        elif col.kind == "month":
            fixed["period"] = _month_of_row(t, dims["period"], col, has)[k]
        elif col.kind == "value":
            d = dimension(request, str(col.dimension))
            fixed[d.name] = col.value
            if d.raw:
                fixed[d.raw] = col.label
            if d.group:
                fixed[d.group] = vocab.vocabulary_of(request, d.name).groups[col.value]
        blocks.append((k, fixed))
    return blocks


def _month_of_row(t: _Table, row_periods: np.ndarray, col: Column, has: Coded) -> np.ndarray:
    """Per row, the period of a month column ('Jan') in the row's year (a 'Year' column, a
    year above the rows); a row with no calendar year rejects its counts in that column."""
    codes = np.zeros(t.n, dtype=np.int64)
    problems = np.zeros(t.n, dtype=np.int64)
    for code in np.unique(row_periods):
        period = t.periods[int(code)]
        whole_year = period is not None and (period.start.month, period.end.month) == (1, 12)
        if whole_year:
            codes[row_periods == code] = t.period_code(month_period(period.year, int(col.month)))
        else:
            problems[row_periods == code] = 1
    problem = Reason(
        f"column '{col.label}' is a month, but the row gives no calendar year for it",
        Code.MONTH_WITHOUT_YEAR, "date", col.label,
    )  # fmt: skip
    has_count = has.test(bool)
    t.problems.append(Coded(np.where(has_count, problems, 0), objects([None, problem])))
    return codes


def _part_blocks(
    request: Request, dims: dict[str, Any], rows: np.ndarray
) -> list[tuple[np.ndarray, dict]]:
    """Blocks of the records of 'N x phrase' cells: block j holds every row's j-th part."""
    blocks = []
    for d in vocabulary_dimensions(request):
        name, raw_name = d.name, str(d.raw)
        parts = dims[f"{name}_parts"]
        mine = rows[parts.take(rows).test(bool)] if len(rows) else rows
        if not len(mine):
            continue
        cells = [parts[int(k)] for k in mine]
        for j in range(max(len(c) for c in cells)):
            has = np.array([len(c) > j for c in cells], dtype=bool)
            k = mine[has]
            picked = [c[j] for c, h in zip(cells, has, strict=True) if h]
            n = np.array([p[0] for p in picked], dtype=float)
            codes = objects([p[1] for p in picked])
            fixed: dict[str, Any] = {
                name: codes, raw_name: objects([p[2] for p in picked]),
                "case_count": n, "case_count_low": n, "case_count_high": n,
                "record_kind": "count",
            }  # fmt: skip
            if d.group:
                groups = vocab.vocabulary_of(request, d.name).groups
                fixed[d.group] = objects([groups.get(c) for c in codes])
            blocks.append((k, fixed))
    return blocks


def _part_rejections(
    request: Request, t: _Table, dims: dict[str, Any], rows: np.ndarray, start_key: int
) -> list[Rejection]:
    """One rejection per unknown 'N x phrase' part of a row whose other parts loaded."""
    out = []
    for d in vocabulary_dimensions(request):
        name, raw_name = d.name, str(d.raw)
        bad = dims[f"{name}_bad_parts"]
        for k in rows[bad.take(rows).test(bool)] if len(rows) else rows:
            for j, n, phrase, problem, suggestions in bad[int(k)]:
                rej = _rejection(request, t, int(k), dims, start_key, False)
                rej.reasons, rej.part = [problem], j
                rej.suggestions = {name: list(suggestions)} if suggestions else {}
                rej.fields.update({raw_name: phrase, name: None, "case_count": n,
                                   "case_count_low": n, "case_count_high": n,
                                   "record_kind": "count"})  # fmt: skip
                out.append(rej)
    return out


def _as_coded(value: Any, n: int) -> Coded:
    return coded(value) if isinstance(value, np.ndarray) else Coded.constant(value, n)


def _records(
    request: Request,
    t: _Table,
    dims: dict[str, Any],
    blocks: list[tuple[np.ndarray, dict[str, Any]]],
    ctx: MapContext,
    start_key: int,
) -> pd.DataFrame:
    """The records of all blocks as one typed frame, in source order (row, then column)."""
    ks = [k for k, _ in blocks]
    k_all = np.concatenate(ks) if ks else np.zeros(0, dtype=np.int64)
    one = len(blocks) == 1  # a table of cases: already in source order, nothing to sort
    order = (
        None if one else np.lexsort((np.repeat(np.arange(len(ks)), [len(k) for k in ks]), k_all))
    )
    out: dict[str, Any] = {}
    for name in (*dimension_columns(request), "record_kind"):
        parts = [
            _as_coded(fixed[name], len(k)) if name in fixed else dims[name].take(k)
            for k, fixed in blocks
        ]
        out[name] = parts[0] if one else Coded.concat(parts).take(order)
    for name in ("period", "case_count", "case_count_low", "case_count_high"):
        parts = [fixed[name] if name in fixed else dims[name][k] for k, fixed in blocks]
        if one:
            out[name] = parts[0]
        else:
            out[name] = np.concatenate(parts)[order] if parts else np.zeros(0)
    k_sorted = k_all if one else k_all[order]
    pos = t.pos[k_sorted]
    out.update(_period_columns(out.pop("period"), t.periods))
    out.update(
        force_id=ctx.force_id, source_file=ctx.source_file, source_sha256=ctx.source_sha256,
        source_sheet=t.table.sheets_at(pos), source_page=t.table.pages_at(pos),
        source_row=t.table.row_numbers[pos], source_location=t.table.locations(pos),
        breakdown=breakdown_of(t.columns, t.layout),
        run_id=ctx.run_id, _key=start_key + k_sorted,
    )  # fmt: skip
    return typed_frame(request, out, len(pos))


def breakdown_of(columns: Sequence[Column], layout: TableLayout) -> str:
    """Which breakdown of the return a table's records are: the header of a count table's row
    labels ('Hospital Name / Financial Year', 'Outcome'), else the table's name. Tables under the
    same row-label header are one breakdown split in parts (hospitals 1-7, then 8-16)."""
    labels = [c.label for c in columns if c.kind == "field" and c.label and c.value != "date_raw"]
    return labels[0] if layout.kind == "counts" and labels else layout.table.name


def _rejection(
    request: Request, t: _Table, k: int, dims: dict[str, Any], start_key: int, counts: bool
) -> Rejection:
    row = t.table.row(int(t.pos[k]))
    reasons = [r[k] for r in t.problems if r[k] is not None]
    suggestions = {name: list(s[k]) for name, s in t.suggestions if s[k] is not None}
    period = t.periods[dims["period"][k]]
    fields = {name: dims[name][k] for name in dimension_columns(request)}
    fields.update(
        year=period.year if period else None,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        record_kind="count" if counts else "case",
    )
    raw = raw_values(t.columns, row)
    return Rejection(int(t.pos[k]), start_key + k, raw, reasons, suggestions, fields)


def _whole(value: object) -> int | None:
    text = clean_cell(value).replace(",", "")
    if text.isascii() and text.isdigit():
        return int(text)
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return None


def stated_total(cells: Sequence[object], columns: Sequence[Column] = ()) -> int | None:
    """The number a 'Total' row states: under the table's own total column where it has one,
    else the sum of its figures under the count columns (years, outcomes, roles across the top),
    else its last whole number (a case table's 'Total | 23')."""
    numbers = [(i, n) for i, v in enumerate(cells) if (n := _whole(v)) is not None]
    if not numbers:
        return None
    kinds = {i: c.kind for i, c in enumerate(columns)}
    in_total = [n for i, n in numbers if kinds.get(i) == "total"]
    if in_total:
        return in_total[-1]
    across = [n for i, n in numbers if kinds.get(i) in ACROSS]
    if across:
        return sum(across)
    return numbers[-1][1]
