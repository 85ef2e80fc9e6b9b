"""Work on distinct cell values, not on every cell.

A return of a million rows repeats a few dozen ranks and outcomes and a few thousand dates, so
every per-cell rule (cleaning, phrasing lookup, date and count parsing) runs once per distinct
value and its result is spread back over the column with one array take. The rules stay plain
scalar functions, written and tested one value at a time.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from foi_ingest.parsers.base import RawTable, objects
from foi_ingest.schemas.text import clean_cell


def distinct(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """(code per element, distinct values) with `values == uniques[codes]`.

    Text columns go through pandas' hash table; mixed columns (Excel numbers, dates, text) are
    keyed by type as well, so the cells 1, 1.0 and True stay apart as a person would read them.
    """
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.int64), []
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        codes, found = pd.factorize(values, use_na_sentinel=True)
        uniques: list[Any] = list(found)
        if (codes < 0).any():
            codes = np.where(codes < 0, len(uniques), codes)
            uniques.append(None)
        return codes.astype(np.int64, copy=False), uniques
    memo: dict[tuple[type, Any], int] = {}
    codes = np.empty(n, dtype=np.int64)
    uniques = []
    for i, value in enumerate(values):
        key = (type(value), value)
        code = memo.get(key)
        if code is None:
            code = memo[key] = len(uniques)
            uniques.append(value)
        codes[i] = code
    return codes, uniques


def per_distinct(values: np.ndarray, fn: Callable[[Any], Any]) -> np.ndarray:
    """`fn` applied to every element, computed once per distinct value."""
    codes, uniques = distinct(values)
    return objects([fn(u) for u in uniques])[codes]


def per_distinct_split(
    values: np.ndarray, fn: Callable[[Any], tuple], parts: int
) -> list[np.ndarray]:
    """Like `per_distinct` for an `fn` that returns a tuple: one array per tuple position."""
    codes, uniques = distinct(values)
    found = [fn(u) for u in uniques]
    return [objects([r[j] for r in found])[codes] for j in range(parts)]


def clean_columns(table: RawTable) -> list[np.ndarray]:
    """Every column as a person reads it (`clean_cell`: stripped, inner spaces collapsed; '' for
    an empty cell). Computed once per table and kept on it."""
    if table.clean_cache is None:
        table.clean_cache = [per_distinct(col, clean_cell) for col in table.columns]
    return table.clean_cache
