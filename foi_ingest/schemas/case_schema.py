"""The record schema (pandera) of the active request: one row per record, a case or an aggregate
count of cases, built from the request pack's declared fields (`schemas/record.py`).

Allowed values come from the pack's vocabularies, so the YAML is the one source of truth. Every
check is named and says what is wrong in words a validator understands.
"""

from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from foi_ingest.packs import Request
from foi_ingest.schemas import vocab
from foi_ingest.schemas.bodies import bodies
from foi_ingest.schemas.record import (
    BODY,
    CORRECTION,
    GENERIC,
    MEASURE,
    PERIOD,
    PROVENANCE,
    Dimension,
    Generic,
    dimensions,
    record_columns,
)

_DTYPES = {"integer": pd.Int64Dtype(), "number": pd.Float64Dtype(),
           "boolean": pd.BooleanDtype(), "date": pa.DateTime}  # fmt: skip
"""The dtype of a declared field of each type (`type:` in the pack); string fields have none."""

SCHEMA_NAME = "CaseSchema"
"""The name pandera gives a failure of a check across columns (`validate` reads it)."""


def _text(*checks: pa.Check, nullable: bool = False) -> pa.Column:
    """Text columns carry no dtype check: a large return's columns arrive as categoricals
    (codes into their distinct values), a small one's as strings; the checks hold for both."""
    return pa.Column(checks=list(checks), nullable=nullable)


def _int(*checks: pa.Check, nullable: bool = False) -> pa.Column:
    return pa.Column(pd.Int64Dtype(), checks=list(checks), nullable=nullable)


def _generic(g: Generic, checks: list[pa.Check]) -> pa.Column:
    if g.kind == "integer":
        return _int(*checks, nullable=not g.required)
    if g.kind == "date":
        return pa.Column(pa.DateTime, checks=checks, nullable=not g.required)
    return _text(*checks, nullable=not g.required)


def _dimension_columns(request: Request, d: Dimension) -> dict[str, pa.Column]:
    if d.free_text and d.kind.kind in _DTYPES:  # typed: absent where the return has none
        bounds = [pa.Check.ge(d.kind.minimum)] if d.kind.minimum is not None else []
        bounds += [pa.Check.le(d.kind.maximum)] if d.kind.maximum is not None else []
        return {d.name: pa.Column(_DTYPES[d.kind.kind], checks=bounds, nullable=True)}
    if d.free_text:
        enum = [pa.Check.isin(list(d.kind.enum))] if d.kind.enum else []
        return {d.name: _text(*enum, nullable=True)}  # as written; absent where the return has none
    if d.vocabulary:
        codes = list(vocab.vocabulary(request, d.name, d.vocabulary).codes)
    else:
        codes = list(vocab.keyword_codes(request, str(d.keywords)))
    out = {d.name: _text(pa.Check.isin(codes), nullable=not d.required)}
    if d.raw:
        out[d.raw] = _text(nullable=True)
    if d.group:
        groups = vocab.vocabulary_of(request, d.name).groups
        out[d.group] = _text(pa.Check.isin(list(dict.fromkeys(groups.values()))))
    return out


def _group_check(request: Request, d: Dimension) -> pa.Check:
    """Each record's group column holds the group of its code."""

    def matches(df: pd.DataFrame) -> pd.Series:
        groups = vocab.vocabulary_of(request, d.name).groups
        code, group = df[d.name], df[str(d.group)]
        if not (isinstance(code.dtype, pd.CategoricalDtype)
                and isinstance(group.dtype, pd.CategoricalDtype)):  # fmt: skip
            return code.map(groups) == group
        # categoricals (as mapping gives them): compare codes, one lookup per distinct code;
        # a missing code or group (code -1) never matches, as NaN == NaN is False
        at = {text: i for i, text in enumerate(group.cat.categories)}
        wanted = np.array([at.get(groups.get(o), -2) for o in code.cat.categories] + [-2])
        same = wanted[code.cat.codes.to_numpy()] == group.cat.codes.to_numpy()
        return pd.Series(same, index=df.index)

    return pa.Check(matches, name=f"{d.group} is the group of the {d.name}")


def _period_in_order(df: pd.DataFrame) -> pd.Series:
    start, end = df["period_start"], df["period_end"]
    return start.isna() | end.isna() | (start <= end)


def _count_in_bounds(df: pd.DataFrame) -> pd.Series:
    count, low, high = df["case_count"], df["case_count_low"], df["case_count_high"]
    exact = count.isna() | ((count == low) & (count == high))
    return (low <= high).fillna(False) & exact.fillna(False)


def case_schema(request: Request) -> pa.DataFrameSchema:
    """The pandera schema of a record of the active request (built once per pack)."""
    return _case_schema(request)


@cache
def _case_schema(request: Request) -> pa.DataFrameSchema:
    checks = {
        "force_id": [pa.Check.isin(list(bodies(request)))],
        "year": [pa.Check.ge(1990), pa.Check.le(2035)],
        "case_count": [pa.Check.ge(0)],
        "case_count_low": [pa.Check.ge(0)],
        "case_count_high": [pa.Check.ge(0)],
        "record_kind": [pa.Check.isin(["case", "count"])],
        "source_sha256": [pa.Check.str_length(min_value=64, max_value=64)],
        "source_row": [pa.Check.ge(1)],
    }  # the checks of the generic columns; their types and NULL-ability: record.GENERIC
    generic = {g.name: _generic(g, checks.get(g.name, [])) for g in GENERIC}
    columns: dict[str, pa.Column] = {c: generic[c] for c in (*BODY, *PERIOD)}
    for d in dimensions(request):
        columns.update(_dimension_columns(request, d))
    columns.update({c: generic[c] for c in (*MEASURE, *PROVENANCE, *CORRECTION)})
    assert list(columns) == [c for c in record_columns(request)]  # one declaration, one order
    assert set(PROVENANCE) <= set(columns)
    checks = [
        pa.Check(_period_in_order, name="period_start is on or before period_end"),
        pa.Check(_count_in_bounds, name="case_count lies within its bounds (low <= count <= high)"),
        *(_group_check(request, d) for d in dimensions(request) if d.group),
    ]
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=False, name=SCHEMA_NAME)
