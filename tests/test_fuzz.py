"""Fuzzing the parsers with mutated returns: every outcome is records or a documented status with
a reason, rows always add up, and nothing escapes as an exception."""

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import load_pack  # noqa: E402

REQ = load_pack("police-social-media")

DOCUMENTED = {"disclosed", "refused", "nil_return", "needs_entry", "unparseable"}
SOURCES = [
    "Greater Manchester Police/FOI 1234-14 response.xlsx",
    "West Midlands/wmp_foi_response.csv",
    "Met Police/MPS response letter.pdf",
    "Merseyside/outcomes by year.xlsx",
    "TVP/TVP response.pdf",
    "Avon & Somerset/social_media_cases.csv",
]

mutation = st.one_of(
    st.tuples(
        st.just("flip"),
        st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=20),
    ),
    st.tuples(st.just("truncate"), st.floats(0.0, 1.0)),
    st.tuples(
        st.just("insert"), st.tuples(st.integers(0, 10**7), st.binary(min_size=1, max_size=64))
    ),
)


def _mutate(data: bytes, how) -> bytes:
    kind, arg = how
    if kind == "flip":
        out = bytearray(data)
        for pos, value in arg:
            out[pos % len(out)] = value
        return bytes(out)
    if kind == "truncate":
        return data[: int(len(data) * arg)]
    pos, blob = arg
    pos %= len(data)
    return data[:pos] + blob + data[pos:]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(source=st.sampled_from(SOURCES), how=mutation)
def test_mutated_returns_end_as_documented(sample_inbox: Path, tmp_path_factory, source, how):
    inbox = tmp_path_factory.mktemp("fuzz")
    target = inbox / source
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_mutate((sample_inbox / source).read_bytes(), how))
    result = process_file(REQ, target, inbox, "fuzz")
    r = result.response
    assert r["status"] in DOCUMENTED
    assert r["status"] == "disclosed" or r["status_reason"]
    assert r["rows_read"] == r["rows_loaded"] + r["rows_rejected"] + r["rows_skipped"]
    assert len(result.cases) >= r["rows_loaded"]
    shutil.rmtree(inbox)
