"""Validation: pandera, lazily, over a typed frame; every failing record with every reason."""

from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd
import pandera.errors as pa_errors

from foi_ingest.packs.pack import Request
from foi_ingest.parsers.cells import Coded, coded
from foi_ingest.reasons import Code, Reason
from foi_ingest.schemas.case_schema import SCHEMA_NAME, case_schema
from foi_ingest.schemas.record import DATE_COLUMNS, INT_COLUMNS, record_columns, typed_columns

_DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}
"""The pandas dtype of a declared field of each type (dates: datetime64)."""


def _declared(values: list[Any], kind: str) -> Any:
    """A declared field's values (Python objects, None for missing) as its typed array."""
    if kind == "date":
        return pd.to_datetime(pd.Series(values, dtype=object)).to_numpy(dtype="datetime64[s]")
    return pd.array(values, dtype=_DTYPES[kind])


def to_frame(request: Request, records: list[dict[str, Any]]) -> pd.DataFrame:
    """Records as a typed frame with a unique RangeIndex and a `_key` (source row) column."""
    columns = record_columns(request)
    df = pd.DataFrame.from_records(records, columns=[*columns, "_key"])
    for col in INT_COLUMNS:
        df[col] = pd.array(df[col].tolist(), dtype="Int64")
    for col in DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col])
    declared = typed_columns(request)
    for col, kind in declared.items():
        df[col] = _declared(df[col].tolist(), kind)
    for col in columns:
        if col not in INT_COLUMNS and col not in DATE_COLUMNS and col not in declared:
            df[col] = df[col].astype("string")  # a typed column: pandera compares dtypes only
    return df.reset_index(drop=True)


def typed_frame(request: Request, columns: dict[str, Any], n: int) -> pd.DataFrame:
    """A typed cases frame (with `_key`) from column arrays or constants, built column-wise.

    Integer columns come as float arrays (NaN for missing), dates as datetime64, text as coded
    columns, object arrays or one constant; the dtypes are those `to_frame` gives, so both
    validate the same.
    """
    data: dict[str, Any] = {}
    declared = typed_columns(request)
    for col in [*record_columns(request), "_key"]:
        value = columns.get(col)
        if col in declared:
            values = list(value) if isinstance(value, Coded | np.ndarray) else [value] * n
            data[col] = _declared(values, declared[col])
        elif col == "_key":
            data[col] = np.asarray(value, dtype=np.int64)
        elif col in INT_COLUMNS:
            if not isinstance(value, np.ndarray):
                value = np.full(n, np.nan if value is None else value, dtype=float)
            data[col] = _int64(value.astype(float, copy=False))
        elif col in DATE_COLUMNS:
            data[col] = np.asarray(value, dtype="datetime64[s]")
        elif isinstance(value, Coded):
            data[col] = value.categorical()
        elif isinstance(value, np.ndarray):
            data[col] = coded(value).categorical()
        elif isinstance(value, pd.api.extensions.ExtensionArray):
            data[col] = value
        else:
            data[col] = Coded.constant(value, n).categorical()
    return pd.DataFrame(data, index=pd.RangeIndex(n), copy=False)  # arrays are new already


def _int64(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole floats (NaN for missing) as nullable Int64, built directly: pandas' general
    conversion costs ~10x more on a million rows. A fraction is an error, never truncated."""
    missing = np.isnan(values)
    whole = np.where(missing, 0.0, values)
    ints = whole.astype(np.int64)
    if not np.array_equal(ints, whole):
        raise TypeError("a count or year that is not a whole number reached the typed frame")
    return pd.arrays.IntegerArray(ints, missing)


def validate(request: Request, df: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, list[str]]]:
    """(valid records, {source-row key: reasons}) — a row with one failing record fails whole."""
    if df.empty:
        return df, {}
    schema = case_schema(request)
    row_checks = {c.name for c in schema.checks}  # across columns: one reason per row
    try:
        schema.validate(df.drop(columns="_key"), lazy=True)
        return df, {}
    except pa_errors.SchemaErrors as exc:
        failures = exc.failure_cases
    reasons: dict[int, list[str]] = defaultdict(list)
    for rec in failures.to_dict("records"):
        index = rec.get("index")
        column = rec.get("column")
        check = rec.get("check")
        value = rec.get("failure_case")
        if index is None or pd.isna(index):
            raise ValueError(f"schema problem not tied to a row: {column} {check} {value}")
        key = int(df.at[int(index), "_key"])
        if check in row_checks or column == SCHEMA_NAME:
            # a check across columns: pandera lists every column's value
            text = Reason(str(check), Code.SCHEMA_CHECK)
        else:
            where = f"{column}: " if column else ""
            text = Reason(f"{where}{check} (value {value!r})", Code.SCHEMA_CHECK, column, value)
        if text not in reasons[key]:
            reasons[key].append(text)
    valid = df[~df["_key"].isin(list(reasons))]
    return valid.reset_index(drop=True), dict(reasons)
