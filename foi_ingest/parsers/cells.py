"""Work on distinct cell values, not on every cell.

A return of a million rows repeats a few dozen ranks and outcomes and a few thousand dates, so
every per-cell rule (cleaning, phrasing lookup, date and count parsing) runs once per distinct
value. A column is held `Coded`: one small integer per row pointing into its distinct values.
Applying a rule maps the distinct values and keeps the codes; taking rows takes codes; the
result becomes a pandas categorical, without a Python string per row. The rules themselves stay
plain scalar functions, written and tested one value at a time.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from foi_ingest.parsers.base import RawTable, objects
from foi_ingest.values.text import clean_cell


@dataclass
class Coded:
    """`values[codes]`, kept apart: a column as codes into its distinct values."""

    codes: np.ndarray  # int64, one per row
    values: np.ndarray  # object, the distinct values (a value may repeat after a mapping)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> Any:
        return self.values[self.codes[i]]

    @classmethod
    def constant(cls, value: Any, n: int) -> "Coded":
        return cls(np.zeros(n, dtype=np.int64), objects([value]))

    def take(self, rows: np.ndarray) -> "Coded":
        return Coded(self.codes[rows], self.values)

    def map(self, fn: Callable[[Any], Any]) -> "Coded":
        """`fn` of every row, computed once per distinct value."""
        return Coded(self.codes, objects([fn(v) for v in self.values]))

    def split(self, fn: Callable[[Any], tuple], parts: int) -> list["Coded"]:
        """Like `map` for an `fn` returning a tuple: one Coded per tuple position."""
        found = [fn(v) for v in self.values]
        return [Coded(self.codes, objects([r[j] for r in found])) for j in range(parts)]

    def test(self, fn: Callable[[Any], object]) -> np.ndarray:
        """A boolean per row: `fn` of its value, computed once per distinct value."""
        return np.array([bool(fn(v)) for v in self.values], dtype=bool)[self.codes]

    def array(self) -> np.ndarray:
        """One object per row (shared between equal rows)."""
        return self.values[self.codes]

    def numbers(self) -> np.ndarray:
        """The values as floats per row (NaN for None)."""
        found = np.array([np.nan if v is None else v for v in self.values], dtype=float)
        return found[self.codes] if len(found) else np.zeros(len(self.codes))

    def categorical(self) -> pd.Categorical:
        """A pandas categorical of the text values: the codes as they are, no string per row
        (DuckDB reads it as text; pandera's checks read it like strings)."""
        text = objects([None if v is None else str(v) for v in self.values])
        remap, categories = pd.factorize(text, use_na_sentinel=True)
        return pd.Categorical.from_codes(remap[self.codes], categories=categories)

    @staticmethod
    def concat(parts: Sequence["Coded"]) -> "Coded":
        if not parts:
            return Coded(np.zeros(0, dtype=np.int64), objects([]))
        offsets = np.cumsum([0, *(len(p.values) for p in parts[:-1])])
        codes = np.concatenate([p.codes + off for p, off in zip(parts, offsets, strict=True)])
        return Coded(codes, np.concatenate([p.values for p in parts]))


def coded(values: "np.ndarray | pa.Array | pa.ChunkedArray | Coded") -> Coded:
    """A column as codes into its distinct values, None included.

    Arrow text columns (CSV) are dictionary-encoded by Arrow; other object columns go through
    pandas' hash table when all text, else are keyed by type as well, so the Excel cells 1, 1.0
    and True stay apart as a person would read them.
    """
    if isinstance(values, Coded):
        return values
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        encoded = values.dictionary_encode()
        found = encoded.dictionary.to_pylist()
        codes = encoded.indices.fill_null(len(found)).to_numpy(zero_copy_only=False)
        return Coded(codes.astype(np.int64), objects([*found, None]))
    n = len(values)
    if n == 0:
        return Coded(np.zeros(0, dtype=np.int64), objects([]))
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        distinct_values = [*uniques, None]
        codes = np.where(codes < 0, len(uniques), codes)
        return Coded(codes.astype(np.int64, copy=False), objects(distinct_values))
    memo: dict[tuple[type, Any], int] = {}
    codes = np.empty(n, dtype=np.int64)
    uniques_list: list[Any] = []
    for i, value in enumerate(values):
        key = (type(value), value)
        code = memo.get(key)
        if code is None:
            code = memo[key] = len(uniques_list)
            uniques_list.append(value)
        codes[i] = code
    return Coded(codes, objects(uniques_list))


def raw_columns(table: RawTable) -> list[Coded]:
    """Every column of `table` coded, cells as read. Computed once per table and kept on it."""
    if table.coded_cache is None:
        table.coded_cache = [coded(col) for col in table.columns]
    return table.coded_cache


def clean_columns(table: RawTable) -> list[Coded]:
    """Every column as a person reads it (`clean_cell`: stripped, inner spaces collapsed; '' for
    an empty cell). Computed once per table and kept on it."""
    if table.clean_cache is None:
        table.clean_cache = [col.map(clean_cell) for col in raw_columns(table)]
    return table.clean_cache
