"""Layout property suite (issue 12): returns composed from layout choices drawn independently of
each other and of `foi_ingest.sample` (`tests/layouts.py`), written as real xlsx, CSV and PDF
files, must give exactly the records they hold, and every row must add up.

    make test                                            # bounded (profile 'default': 25 each)
    .venv/bin/python -m pytest tests/test_layout_properties.py --hypothesis-profile=long  # 500
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import load_pack  # noqa: E402
from tests.flows.test_unseen_returns import check_invariants
from tests.layouts import (
    LETTERHEAD,
    NOTES,
    case_records,
    case_returns,
    count_records,
    count_returns,
    write_return,
)

REQ = load_pack("police-social-media")

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@settings(**SETTINGS)
@given(spec=case_returns(), title=st.lists(st.sampled_from(LETTERHEAD), max_size=15),
       notes=st.lists(st.sampled_from(NOTES), max_size=3))  # fmt: skip
def test_case_tables_give_exactly_their_cases(tmp_path_factory, spec, title, notes):
    tmp = tmp_path_factory.mktemp("cases")
    result = process_file(REQ, write_return(tmp, spec, title, notes), tmp, "prop")
    check_invariants(result)
    assert not result.rejected, [r["reasons"] for r in result.rejected]
    assert case_records(result) == spec["expected"]
    if spec["total_row"]:
        assert result.response["total_check"] == "ok"


@settings(**SETTINGS)
@given(spec=count_returns(), title=st.lists(st.sampled_from(LETTERHEAD), max_size=15))
def test_count_tables_give_exactly_their_cells(tmp_path_factory, spec, title):
    tmp = tmp_path_factory.mktemp("counts")
    result = process_file(REQ, write_return(tmp, spec, title, spec["notes"]), tmp, "prop")
    check_invariants(result)
    assert not result.rejected, [r["reasons"] for r in result.rejected]
    assert count_records(result, spec) == spec["expected"]
    if spec["total_row"]:
        assert result.response["total_check"] == "ok"
