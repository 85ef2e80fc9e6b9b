"""The case schema's cross-column checks, on both shapes a frame arrives in: categoricals (from
column-wise mapping) and plain strings (`to_frame`, used for corrected records)."""

import numpy as np
import pytest

from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.schemas import vocab
from foi_ingest.schemas.bodies import bodies
from foi_ingest.schemas.validate import to_frame, typed_frame, validate

REQ = load_pack("police-social-media")


def _records() -> list[dict]:
    groups = vocab.vocabulary_of(REQ, "outcome").groups
    outcome, group = next(iter(groups.items()))
    other = next(g for g in set(groups.values()) if g != group)
    role = next(iter(vocab.vocabulary_of(REQ, "role").codes))
    category = next(iter(vocab.keyword_codes(REQ, "vocab/allegations.yaml")))
    base = dict(
        force_id=next(iter(bodies(REQ))), year=2012, period_start=None, period_end=None,
        role=role, rank_raw="PC", allegation_raw="Posted on Facebook",
        allegation_category=category, outcome=outcome,
        outcome_raw="as written", outcome_group=group, case_count=1, case_count_low=1,
        case_count_high=1, record_kind="case", source_file="Kent/a.csv", source_sha256="0" * 64,
        source_sheet=None, source_page=None, source_row=2, source_location="row 2",
        run_id="r", corrected_by=None, corrected_at=None, correction_note=None,
    )  # fmt: skip
    return [
        {**base, "_key": 10},
        {**base, "_key": 11, "outcome_group": other},  # the wrong group for the outcome
        {**base, "_key": 12},
    ]


@pytest.mark.parametrize("shape", ["categorical", "string"])
def test_an_outcome_group_that_is_not_the_outcomes_group_rejects_that_row_only(shape):
    records = _records()
    if shape == "string":
        frame = to_frame(REQ, records)
    else:
        columns = {k: np.array([r[k] for r in records], dtype=object) for k in records[0]}
        for k in ("year", "case_count", "case_count_low", "case_count_high"):
            columns[k] = columns[k].astype(float)
        columns["period_start"] = columns["period_end"] = np.array([None] * 3, "datetime64[s]")
        frame = typed_frame(REQ, columns, len(records))
        assert str(frame["outcome_group"].dtype) == "category"
    valid, reasons = validate(REQ, frame)
    assert list(valid["_key"]) == [10, 12]
    assert list(reasons) == [11]
    assert reasons[11] == ["outcome_group is the group of the outcome"]
