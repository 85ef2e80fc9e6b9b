"""Properties over generated inboxes (any seed): every file's rows add up, and loading the same
results again leaves the warehouse exactly as it was."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foi_ingest.flows.discover import discover
from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.sample.generator import all_forces_plan, write_inbox
from foi_ingest.warehouse.db import connect
from foi_ingest.warehouse.load import load_file

REQ = load_pack("police-social-media")

SNAPSHOT = """
    SELECT (SELECT list((force_id, source_location, case_count_low, outcome, year)
                        ORDER BY source_file, source_location, outcome, year) FROM cases),
           (SELECT list((source_file, status, rows_read) ORDER BY source_file) FROM responses),
           (SELECT count(*) FROM rejected_rows), (SELECT count(*) FROM skipped_rows)"""


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10**6))
def test_rows_add_up_and_reloading_is_a_no_op(tmp_path_factory, seed):
    root = tmp_path_factory.mktemp("prop")
    inbox = root / "inbox"
    write_inbox(inbox, seed=seed, plan=all_forces_plan(seed, cases_per_force=4)[::3])
    results = [process_file(REQ, f.path, f.inbox, "prop") for f in discover(REQ, [inbox])]
    for r in results:
        read = r.response["rows_read"]
        assert (
            read
            == r.response["rows_loaded"] + r.response["rows_rejected"] + r.response["rows_skipped"]
        ), r.response["source_file"]
    with connect(root / "foi.duckdb", request=REQ) as con:
        for r in results:
            load_file(REQ, con, r.response, r.cases, r.rejected, r.skipped)
        first = con.execute(SNAPSHOT).fetchall()
        for r in results:
            load_file(REQ, con, r.response, r.cases, r.rejected, r.skipped)
        assert con.execute(SNAPSHOT).fetchall() == first
