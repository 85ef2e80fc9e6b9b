"""Parsing on threads, processes or a Dask LocalCluster gives the same warehouse."""

import duckdb
import pytest

from foi_ingest.flows.ingest import run_ingest

SNAPSHOT = (
    "SELECT force_id, outcome_group, role, year, sum(case_count_low), sum(case_count_high), "
    "count(*) FROM cases GROUP BY ALL ORDER BY ALL"
)


@pytest.mark.parametrize("runner", ["process", "dask"])
def test_same_warehouse_on_every_task_runner(runner, ingested, sample_inbox, tmp_path):
    db, _ = ingested
    other = tmp_path / f"{runner}.duckdb"
    summary = run_ingest([str(sample_inbox)], str(other), max_workers=2, task_runner=runner)
    assert summary["failed"] == 0
    with (
        duckdb.connect(str(db), read_only=True) as a,
        duckdb.connect(str(other), read_only=True) as b,
    ):
        assert b.execute(SNAPSHOT).fetchall() == a.execute(SNAPSHOT).fetchall()
        statuses = "SELECT source_file, status, rows_read, rows_loaded FROM responses ORDER BY 1"
        assert b.execute(statuses).fetchall() == a.execute(statuses).fetchall()
