"""The fidelity scorecard on an all-forces inbox: 100% on every line, and it can fail."""

import duckdb

from foi_ingest.flows.ingest import run_ingest
from foi_ingest.sample.fidelity import scorecard
from foi_ingest.sample.generator import all_forces_plan, write_inbox


def test_all_forces_inbox_scores_100_percent_and_a_lost_case_shows(prefect_harness, tmp_path):
    inbox = tmp_path / "inbox"
    truth = write_inbox(inbox, seed=11, plan=all_forces_plan(11, cases_per_force=15))
    assert len(truth["forces"]) >= 44  # 43 territorial + BTP (+ the unknown folder's none)
    db = tmp_path / "fidelity.duckdb"
    run_ingest([str(inbox)], str(db))
    with duckdb.connect(str(db)) as con:
        lines = scorecard(con, truth)
        assert [(label, right) for label, right, _ in lines] == [
            (label, total) for label, _, total in lines
        ]
        con.execute("USE police_social_media")  # the request's own schema
        con.execute("DELETE FROM cases WHERE rowid = (SELECT min(rowid) FROM cases)")
        worse = scorecard(con, truth)
    assert any(right < total for _, right, total in worse)
