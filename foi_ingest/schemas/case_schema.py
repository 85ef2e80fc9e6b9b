"""The shared case schema (pandera): one row per record, a case or an aggregate count of cases.

Allowed values come from the vocabulary files, so the YAML is the one source of truth. Every check
is named and says what is wrong in words a validator understands.
"""

from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from foi_ingest.schemas import vocab
from foi_ingest.schemas.forces import forces

Text = Any
"""Text columns carry no dtype check: a large return's columns arrive as categoricals (codes into
their distinct values), a small one's as strings; the checks below hold for both."""

CASE_COLUMNS = [
    "force_id", "year", "period_start", "period_end", "role", "rank_raw", "allegation_raw",
    "allegation_category", "outcome", "outcome_raw", "outcome_group", "case_count",
    "case_count_low", "case_count_high", "record_kind", "source_file", "source_sha256",
    "source_sheet", "source_page", "source_row", "source_location", "run_id", "corrected_by",
    "corrected_at", "correction_note",
]  # fmt: skip


class CaseSchema(pa.DataFrameModel):
    force_id: Series[Text] = pa.Field(isin=list(forces()))
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1990, le=2035)
    period_start: Series[pa.DateTime] = pa.Field(nullable=True)
    period_end: Series[pa.DateTime] = pa.Field(nullable=True)
    role: Series[Text] = pa.Field(isin=list(vocab.roles().codes))
    rank_raw: Series[Text] = pa.Field(nullable=True)
    allegation_raw: Series[Text] = pa.Field(nullable=True)
    allegation_category: Series[Text] = pa.Field(isin=list(vocab.allegation_codes()))
    outcome: Series[Text] = pa.Field(isin=list(vocab.outcomes().codes))
    outcome_raw: Series[Text] = pa.Field(nullable=True)
    outcome_group: Series[Text] = pa.Field(isin=list(vocab.OUTCOME_GROUPS))
    case_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    case_count_low: Series[pd.Int64Dtype] = pa.Field(ge=0)
    case_count_high: Series[pd.Int64Dtype] = pa.Field(ge=0)
    record_kind: Series[Text] = pa.Field(isin=["case", "count"])
    source_file: Series[Text]
    source_sha256: Series[Text] = pa.Field(str_length={"min_value": 64, "max_value": 64})
    source_sheet: Series[Text] = pa.Field(nullable=True)
    source_page: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    source_row: Series[pd.Int64Dtype] = pa.Field(ge=1)
    source_location: Series[Text]
    run_id: Series[Text]
    corrected_by: Series[Text] = pa.Field(nullable=True)
    corrected_at: Series[Text] = pa.Field(nullable=True)
    correction_note: Series[Text] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = False

    @pa.dataframe_check(name="period_start is on or before period_end")
    def period_in_order(cls, df: pd.DataFrame) -> Series[bool]:
        return (
            df["period_start"].isna()
            | df["period_end"].isna()
            | (df["period_start"] <= df["period_end"])
        )

    @pa.dataframe_check(name="case_count lies within its bounds (low <= count <= high)")
    def count_in_bounds(cls, df: pd.DataFrame) -> Series[bool]:
        exact = df["case_count"].isna() | (
            (df["case_count"] == df["case_count_low"]) & (df["case_count"] == df["case_count_high"])
        )
        return (df["case_count_low"] <= df["case_count_high"]).fillna(False) & exact.fillna(False)

    @pa.dataframe_check(name="outcome_group is the group of the outcome")
    def group_matches(cls, df: pd.DataFrame) -> Series[bool]:
        groups = vocab.outcomes().groups
        outcome, group = df["outcome"], df["outcome_group"]
        if not (isinstance(outcome.dtype, pd.CategoricalDtype)
                and isinstance(group.dtype, pd.CategoricalDtype)):  # fmt: skip
            return outcome.map(groups) == group
        # categoricals (as mapping gives them): compare codes, one lookup per distinct outcome;
        # a missing outcome or group (code -1) never matches, as NaN == NaN is False
        at = {text: i for i, text in enumerate(group.cat.categories)}
        wanted = np.array([at.get(groups.get(o), -2) for o in outcome.cat.categories] + [-2])
        same = wanted[outcome.cat.codes.to_numpy()] == group.cat.codes.to_numpy()
        return pd.Series(same, index=df.index)
