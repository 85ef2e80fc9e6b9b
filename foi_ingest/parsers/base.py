"""The raw shapes every parser yields: documents of tables of rows of cells, with locations.

A table is held column by column (one object array per column, cells as read) so that a
million-row return costs a few arrays, not a million Python objects. Small parsers (PDF) build
a table from `RawRow`s; large ones (CSV, Excel) hand over columns. Either way `row(i)` gives one
row back as a person sees it, for the few rows that need a reason or a context line.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


@dataclass
class RawRow:
    """One row as the force wrote it. `row` is the number a person sees in the source."""

    cells: list[object]
    row: int
    sheet: str | None = None
    page: int | None = None

    @property
    def location(self) -> str:
        return location(self.sheet, self.page, self.row)


def location(sheet: str | None, page: int | None, row: int) -> str:
    """'sheet 'X' page N row R': how every rejected or skipped row is pointed at."""
    where = []
    if sheet is not None:
        where.append(f"sheet '{sheet}'")
    if page is not None:
        where.append(f"page {page}")
    where.append(f"row {row}")
    return " ".join(where)


def _cell(column: object, i: int) -> object:
    value = column[i]  # type: ignore[index]
    return value.as_py() if isinstance(value, pa.Scalar) else value


def objects(values: list) -> np.ndarray:
    """A 1-d object array of `values`, even when they are tuples or lists."""
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = value
    return out


class RawTable:
    """A block of rows: an Excel sheet, a CSV file, or a (stitched) PDF table.

    Either `rows` (small tables; the list may still grow while a parser stitches pages) or
    `columns` with `row_numbers` (large tables). Missing cells are None, never NaN.
    """

    def __init__(
        self,
        name: str,
        rows: list[RawRow] | None = None,
        hidden: bool = False,
        *,
        columns: list[np.ndarray] | None = None,
        row_numbers: np.ndarray | None = None,
        sheet: str | None = None,
    ) -> None:
        self.name = name
        self.hidden = hidden
        self._rows = rows
        self._from_rows = rows is not None
        self._columns = columns
        self._row_numbers = row_numbers
        self._sheet = sheet
        self.coded_cache: list | None = None  # filled by parsers.cells
        self.clean_cache: list | None = None

    def __len__(self) -> int:
        if self._rows is not None:
            return len(self._rows)
        return len(self._row_numbers) if self._row_numbers is not None else 0

    @property
    def rows(self) -> list[RawRow]:
        """Every row as a `RawRow` (built on first use for a column-wise table)."""
        if self._rows is None:
            self._rows = [self.row(i) for i in range(len(self))]
        return self._rows

    @property
    def columns(self) -> list:
        """One array per column (object, or Arrow text), padded with None where a row is
        shorter."""
        if self._columns is None:
            rows = self._rows or []
            width = max((len(r.cells) for r in rows), default=0)
            cols = [np.full(len(rows), None, dtype=object) for _ in range(width)]
            for i, r in enumerate(rows):
                for j, value in enumerate(r.cells):
                    cols[j][i] = value
            self._columns = cols
        return self._columns

    @property
    def row_numbers(self) -> np.ndarray:
        if self._row_numbers is None:
            self._row_numbers = np.array([r.row for r in self._rows or []], dtype=np.int64)
        return self._row_numbers

    def sheets_at(self, positions: np.ndarray) -> np.ndarray | str | None:
        """The sheet of the rows at `positions`: one value for a column-wise table."""
        if self._from_rows:
            return objects([self.rows[int(p)].sheet for p in positions])
        return self._sheet

    def pages_at(self, positions: np.ndarray) -> np.ndarray | None:
        """The page of the rows at `positions`: None outside row-built (PDF) tables."""
        if self._from_rows:
            return objects([self.rows[int(p)].page for p in positions])
        return None

    @property
    def width(self) -> int:
        return len(self.columns)

    def locations(self, positions: np.ndarray):
        """`RawRow.location` of the rows at `positions` (an object or Arrow string array)."""
        if self._from_rows:
            return objects([self.rows[int(p)].location for p in positions])
        prefix = location(self._sheet, None, 0)[:-1]
        numbers = pc.cast(pa.array(self.row_numbers[positions]), pa.large_string())
        text = pa.large_string()
        joined = pc.binary_join_element_wise(pa.scalar(prefix, text), numbers, pa.scalar("", text))
        return pd.arrays.ArrowStringArray(pa.chunked_array([joined], type=pa.large_string()))

    def row(self, i: int) -> RawRow:
        """Row `i` (0-based position) as the force wrote it."""
        if self._from_rows:
            return self.rows[i]
        cells = [_cell(col, i) for col in self.columns]
        while cells and cells[-1] is None:
            cells.pop()
        return RawRow(cells, int(self.row_numbers[i]), self._sheet, None)


@dataclass
class RawDocument:
    """Everything a parser read from one file: tables, and the letter text around them."""

    format: str
    tables: list[RawTable] = field(default_factory=list)
    text: str = ""
    outside_tables: str | None = None  # a PDF's words outside its ruled tables (its own notes)
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
