"""Finding the layout of a raw table: header row(s), then what every other row is.

Every row of a table ends in exactly one list: `data`, or `skipped` with a kind (title, header,
blank, total, footnote, section, notes, hidden). Nothing is dropped without being counted.
"""

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from foi_ingest.parsers.base import RawRow, RawTable, objects
from foi_ingest.parsers.cells import clean_columns
from foi_ingest.parsers.header import ACROSS, Column, HeaderReader
from foi_ingest.statuses import SkipKind
from foi_ingest.values.counts import CountProblem, parse_count
from foi_ingest.values.dates import DateProblem, month_period, parse_period, period_from_note
from foi_ingest.values.text import clean_cell, is_total_label, norm

HEADER_SEARCH_ROWS = 30  # letterheads and title blocks run to 15 rows and more
_FOOTNOTE = re.compile(
    r"^(\*|†|‡|\(\d+\)|\d\)|note|notes|source|please note|nb\b|page \d+ of \d+|data (is|are)\b)",
    re.I,
)


@dataclass
class Skipped:
    row: RawRow
    kind: SkipKind


@dataclass
class DataRow:
    row: RawRow
    section: str | None = None


@dataclass
class TableLayout:
    """A table read as a person reads it.

    Data rows are held as positions into the table (`data_pos`) with the section text above each
    (`data_sections`), so a million data rows stay two arrays; skipped and total rows are few and
    kept as rows.
    """

    table: RawTable
    kind: str  # "cases" | "counts" | "none"
    columns: list[Column] = field(default_factory=list)
    data_pos: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    data_sections: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    skipped: list[Skipped] = field(default_factory=list)
    totals: list[RawRow] = field(default_factory=list)
    total_pos: list[int] = field(default_factory=list)  # each total row's position in the table
    notes: list[str] = field(default_factory=list)
    new_tables: list[int] = field(default_factory=list)  # where the header repeats over new labels

    @property
    def title(self) -> list[str]:
        """The words above the header (title rows: 'Q2. The number on CPA ...')."""
        return [
            " ".join(t for t in _texts(s.row) if t)
            for s in self.skipped
            if s.kind == SkipKind.TITLE
        ]

    @property
    def data(self) -> list[DataRow]:
        """The data rows as `DataRow`s (built on use: for tests and small tables)."""
        return [
            DataRow(self.table.row(int(p)), s)
            for p, s in zip(self.data_pos, self.data_sections, strict=True)
        ]


def _texts(row: RawRow) -> list[str]:
    return [clean_cell(c) for c in row.cells]


def _score(columns: list[Column]) -> tuple[int, int]:
    fields = sum(c.kind == "field" for c in columns)
    dims = sum(c.kind in ACROSS for c in columns)
    return fields, dims


def _is_header(columns: list[Column]) -> bool:
    """Names at least one field and one more column, or puts one dimension across the top
    (3+ years, outcomes or roles, or 2 with at most a corner label; a data row mixes a role, a
    year and an outcome)."""
    fields, dims = _score(columns)
    across = max(Counter(c.dimension or c.kind for c in columns if c.kind in ACROSS)
                 .values(), default=0)  # fmt: skip
    others = sum(c.kind != "other" or bool(c.label) for c in columns) - across
    # two periods or values with at most a corner label beside them ('', '2011', '2012')
    return (fields >= 1 and fields + dims >= 2) or across >= 3 or (across >= 2 and others <= 1)


def _classify(row: RawRow, reader: HeaderReader) -> list[Column]:
    """Each header cell as the reader tells it, from the cell itself (a real date is a month)."""
    return reader.settle([reader.classify(c) for c in row.cells])


def _combine(upper_row: RawRow, lower_row: RawRow, reader: HeaderReader) -> list[Column]:
    """Two header rows (a merged band above): per column, the part that names a field."""
    out: list[Column] = []
    upper, lower = _texts(upper_row), _texts(lower_row)
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    raw_up = list(upper_row.cells) + [None] * (width - len(upper_row.cells))
    raw_low = list(lower_row.cells) + [None] * (width - len(lower_row.cells))
    for j, (up, low) in enumerate(zip(upper, lower, strict=True)):
        band = up and up in (upper[j - 1] if j else None, upper[j + 1] if j + 1 < width else None)
        if band and not low:
            out.append(Column("other"))  # under a band merged over several columns: unnamed
            continue
        candidates = [raw_low[j], raw_up[j], f"{up} {low}".strip()] if low != up else [raw_low[j]]
        cols = [reader.classify(c) for c in candidates if clean_cell(c)]
        chosen = next((c for c in cols if c.kind != "other"), cols[0] if cols else Column("other"))
        out.append(chosen)
    return reader.settle(out)


def _find_header(rows: list[RawRow], reader: HeaderReader) -> tuple[int, int, list[Column]] | None:
    """(first header row index, last header row index, columns) within the first rows.

    A header may take two rows: a band of merged group labels above the column names, or
    labels merged down over both rows. The two are read together where that names more columns.
    """
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = _texts(row)
        filled = [t for t in texts if t]
        if len(filled) >= 2 and len(set(filled)) == 1:
            continue  # one label merged across columns: a band over the header, not the header
        cols = _classify(row, reader)
        if not _is_header(cols):
            continue
        if i + 1 < len(rows):
            lower_cols = _classify(rows[i + 1], reader)
            if _is_header(lower_cols) and _score(lower_cols)[0] >= _score(cols)[0]:
                return i, i + 1, _with_band(_combine(row, rows[i + 1], reader), cols)
        if i > 0 and any(_texts(rows[i - 1])):
            combined = _combine(rows[i - 1], row, reader)
            if sum(_score(combined)) > sum(_score(cols)):
                return i - 1, i, combined
        return i, i, cols
    return None


def _with_band(columns: list[Column], band: list[Column]) -> list[Column]:
    """Months under a band of years ('2018' merged over Jan..Dec): each month of its year. A
    month column with no year above keeps its kind: its year must come from the row."""
    out = []
    for j, col in enumerate(columns):
        above = band[j] if j < len(band) else None
        if col.kind == "month" and above is not None and above.kind == "year" and above.period:
            year = above.period.start.year
            out.append(replace(col, kind="year", period=month_period(year, int(col.month or 0))))
        else:
            out.append(col)
    return out


def _period_of(text: str) -> str | None:
    try:
        period = parse_period(text)
    except DateProblem:
        return None
    return text if period and (period.end - period.start).days >= 360 else None


_NEW_TABLE = "new table"


def find_layouts(table: RawTable, reader: HeaderReader) -> list[TableLayout]:
    """The layouts of the tables in `table`: one, or several where the header repeats over other
    row labels (two questions stacked on a sheet; a letter's tables by hospital, by crime group,
    by outcome under the same years, stitched across a page). Each is its own breakdown."""
    layout = find_layout(table, reader)
    if not layout.new_tables:
        return [layout]
    cut = layout.new_tables[0]
    first = RawTable(table.name, [table.row(i) for i in range(cut)], sheet=None)
    rest = RawTable(
        f"{table.name} from {table.row(cut).location}",
        [table.row(i) for i in range(cut, len(table))],
    )
    return [find_layout(first, reader), *find_layouts(rest, reader)]


def find_layout(table: RawTable, reader: HeaderReader) -> TableLayout:
    """Classify every row of `table`; see the module docstring. `reader` says what a header cell
    names (the request layer's `mapping.columns.header_reader`)."""
    if table.hidden:
        layout = TableLayout(
            table, "none", skipped=[Skipped(r, SkipKind.HIDDEN) for r in table.rows]
        )
        return layout
    head = [table.row(i) for i in range(min(len(table), HEADER_SEARCH_ROWS + 1))]
    found = _find_header(head, reader)
    if found is None:
        layout = TableLayout(table, "none")
        for r in table.rows:
            kind = SkipKind.BLANK if not any(_texts(r)) else SkipKind.NOTES
            layout.skipped.append(Skipped(r, kind))
            if kind == SkipKind.NOTES:
                layout.notes.append(" ".join(t for t in _texts(r) if t))
        return layout
    first, last, columns = found
    last, columns = _wrapped_header(head, last, columns, reader)
    kinds = {c.kind for c in columns}
    is_counts = bool(kinds & set(ACROSS)) or (
        "case_count" in {c.value for c in columns if c.kind == "field"}
        and not reader.free_text_fields & {c.value for c in columns}
    )  # a count column beside free text (an allegation per row) is a table of cases
    layout = TableLayout(table, "counts" if is_counts else "cases", columns=columns)
    for r in head[:first]:
        layout.skipped.append(Skipped(r, SkipKind.TITLE if any(_texts(r)) else SkipKind.BLANK))
    for r in head[first : last + 1]:
        layout.skipped.append(Skipped(r, SkipKind.HEADER))
    _classify_body(layout, last + 1, _texts(head[last]))
    layout.columns = _labels_over_data(layout)
    layout.columns = [_with_note(c, layout.notes) for c in layout.columns]
    return layout


WRAPPED_HEADER_ROWS = 4
"""At most this many rows under a header may continue its labels (a name wrapped in a cell)."""


def _wrapped_header(
    head: list[RawRow], last: int, columns: list[Column], reader: HeaderReader
) -> tuple[int, list[Column]]:
    """Rows under the header that carry only the rest of its labels ('Brampton' / 'War' /
    'Memorial' / 'Hospital', 'Grand' / 'Total', a PDF cell's lines split into rows): no figure,
    nothing in the first column, words only under labelled columns and none a value of the
    request. They join the labels above them and are skipped as header rows."""
    labels = [clean_cell(c) for c in head[last].cells]
    rows = 0
    while rows < WRAPPED_HEADER_ROWS and last + 1 + rows < len(head):
        texts = _texts(head[last + 1 + rows])
        filled = [(j, t) for j, t in enumerate(texts) if t]
        if not filled or texts[0] or any(_is_figure(t) for _, t in filled):
            break
        if any(j >= len(labels) or not labels[j] for j, _ in filled):
            break
        if any(reader.classify(t).kind == "value" for _, t in filled):
            break
        for j, t in filled:
            labels[j] = f"{labels[j]} {t}"
        rows += 1
    if not rows:
        return last, columns
    joined = [
        reader.classify(label) if label else (columns[j] if j < len(columns) else Column("other"))
        for j, label in enumerate(labels)
    ]  # fmt: skip
    return last + rows, reader.settle(joined)


def _labels_over_data(layout: TableLayout) -> list[Column]:
    """A label sitting over a column with no data, beside a column of data with no label (a
    Word table whose header cells are merged differently from its body): the label names the
    data column."""
    columns = list(layout.columns)
    pairs = [
        j for j in range(1, len(columns))
        if columns[j].label and columns[j - 1].kind == "other" and not columns[j - 1].label
    ]  # fmt: skip
    if not pairs or not len(layout.data_pos):
        return columns  # (most tables: no unnamed column beside a named one; nothing to read)
    cleaned = clean_columns(layout.table)

    def has_data(j: int) -> bool:
        return bool(j < len(cleaned) and cleaned[j].take(layout.data_pos).test(bool).any())

    for j in pairs:
        if not has_data(j) and has_data(j - 1):
            columns[j - 1], columns[j] = columns[j], Column("other")
    return columns


def _with_note(column: Column, notes: list[str]) -> Column:
    """A period column whose header carries a footnote mark ('2014*'), narrowed to the period
    its note gives ('* to 28 February'); unchanged where the note names no date."""
    if column.kind != "year" or not column.mark or column.period is None:
        return column
    for note in notes:
        if note.strip().startswith(column.mark):
            narrowed = period_from_note(column.period, note)
            if narrowed is not None:
                return replace(column, period=narrowed, partial=True)
    return column


def _classify_body(layout: TableLayout, start: int, header_texts: list[str]) -> None:
    """Rows after the header: blank, repeated header, total, section, footnote, or data.

    Plain data rows (two or more different filled cells, not starting with a total word or
    the header's first label) are told apart with array operations; only the others, a few in
    any real return, go through the row-by-row rules below.
    """
    table = layout.table
    m = len(table) - start
    header_key = [norm(t) for t in header_texts]
    header_first = next((k for k in header_key if k), "")
    filled = np.zeros(m, dtype=np.int64)
    first = np.zeros(m, dtype=np.int64)  # id of the row's first filled text (0: none yet)
    hint = np.zeros(m, dtype=bool)  # a total, or the header's first label, comes first
    totals = np.zeros(m, dtype=bool)
    body = [col.take(slice(start, None)) for col in clean_columns(table)]
    # one id per distinct text across the columns ('' is 0), so rows compare as integers
    ids: dict[str, int] = {"": 0}
    text_ids = [
        np.array([ids.setdefault(v, len(ids)) for v in col.values], dtype=np.int64)[col.codes]
        for col in body
    ]
    for col, found in zip(reversed(body), reversed(text_ids), strict=True):
        has = found != 0
        filled += has
        first = np.where(has, found, first)
        hint = np.where(has, col.test(lambda text: _needs_a_look(text, header_first)), hint)
        totals |= col.test(is_total_label)  # a total label in any column, not only the first
    same = np.ones(m, dtype=bool)
    for found in text_ids:
        same &= (found == 0) | (found == first)
    # the header's columns again (a new table below, with its own corner label)
    header_ids = [ids.get(text, -1) for text in header_texts]
    again = np.full(m, sum(bool(t) for t in header_texts[1:]) >= 2)
    for j, found in enumerate(text_ids[1:], start=1):
        again &= found == (header_ids[j] if j < len(header_ids) else 0)
    special = np.flatnonzero((filled == 0) | same | hint | again | totals)
    plain = np.ones(m, dtype=bool)
    section: str | None = None
    changes: list[int] = []
    values: list[str | None] = [None]
    for k in special:
        r = table.row(start + int(k))
        kind, text = _row_kind(_texts(r), header_key)
        if kind == "data":
            continue
        if text == _NEW_TABLE:
            layout.new_tables.append(start + int(k))
        plain[k] = False
        if kind == SkipKind.SECTION:
            section = text
            changes.append(int(k))
            values.append(section)
        elif kind == SkipKind.TOTAL:
            layout.totals.append(r)
            layout.total_pos.append(start + int(k))
        elif kind == SkipKind.FOOTNOTE:
            layout.notes.append(text or "")
        layout.skipped.append(Skipped(r, kind))
    data = np.flatnonzero(plain)
    layout.data_pos = data + start
    layout.data_sections = objects(values)[np.searchsorted(changes, data, side="right")]


def _needs_a_look(text: str, header_first: str) -> bool:
    key = norm(text)
    return is_total_label(text) or (bool(key) and key == header_first)


def _is_figure(text: str) -> bool:
    """A number, a suppression mark or a dash: what a total row holds besides its label."""
    try:
        parse_count(text)
    except CountProblem:
        return False
    return True


def _row_kind(texts: list[str], header_key: list[str]) -> tuple[SkipKind | str, str | None]:
    """What one row after the header is: (kind, section or footnote text)."""
    filled = [t for t in texts if t]
    distinct = set(filled)
    if not filled:
        return SkipKind.BLANK, None
    keys = [norm(t) for t in texts]
    if keys == header_key:
        return SkipKind.HEADER, None  # repeated on a new page
    if sum(bool(k) for k in header_key[1:]) >= 2 and keys[1:] == header_key[1:]:
        return SkipKind.HEADER, _NEW_TABLE  # the same columns over a new table: other row labels
    if is_total_label(filled[0]):
        return SkipKind.TOTAL, None
    labels = [t for t in filled if is_total_label(t)]
    if labels and all(is_total_label(t) or _is_figure(t) for t in filled):
        return SkipKind.TOTAL, None  # 'TOTAL' under Ref, the figure under Outcome
    if len(distinct) == 1 and len(filled) in (1, len(texts)) and _period_of(filled[0]):
        return SkipKind.SECTION, filled[0]
    if len(distinct) == 1 and (_FOOTNOTE.match(filled[0]) or len(filled[0]) > 60):
        return SkipKind.FOOTNOTE, filled[0]
    if len(filled) == 1 and len(header_key) >= 3 and len(filled[0].split()) >= 3:
        return SkipKind.FOOTNOTE, filled[0]  # a sentence alone in a wide table: a note, not a case
    return "data", None
