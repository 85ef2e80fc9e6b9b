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
    CORRECTION,
    PROVENANCE,
    Dimension,
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
    columns: dict[str, pa.Column] = {
        "force_id": _text(pa.Check.isin(list(bodies(request)))),
        "year": _int(pa.Check.ge(1990), pa.Check.le(2035), nullable=True),
        "period_start": pa.Column(pa.DateTime, nullable=True),
        "period_end": pa.Column(pa.DateTime, nullable=True),
    }
    for d in dimensions(request):
        columns.update(_dimension_columns(request, d))
    columns.update(
        case_count=_int(pa.Check.ge(0), nullable=True),
        case_count_low=_int(pa.Check.ge(0)),
        case_count_high=_int(pa.Check.ge(0)),
        record_kind=_text(pa.Check.isin(["case", "count"])),
        source_file=_text(),
        source_sha256=_text(pa.Check.str_length(min_value=64, max_value=64)),
        source_sheet=_text(nullable=True),
        source_page=_int(nullable=True),
        source_row=_int(pa.Check.ge(1)),
        source_location=_text(),
        breakdown=_text(nullable=True),
        run_id=_text(),
        **{c: _text(nullable=True) for c in CORRECTION},
    )
    assert list(columns) == [c for c in record_columns(request)]  # one declaration, one order
    assert set(PROVENANCE) <= set(columns)
    checks = [
        pa.Check(_period_in_order, name="period_start is on or before period_end"),
        pa.Check(_count_in_bounds, name="case_count lies within its bounds (low <= count <= high)"),
        *(_group_check(request, d) for d in dimensions(request) if d.group),
    ]
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=False, name=SCHEMA_NAME)
