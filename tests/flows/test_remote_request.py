"""The request travels with the work: a Dask worker whose environment names another request (and
cannot find the run's pack on its search path) maps returns with the run's pack, because the
flow hands every parse task the `Request` value."""

import duckdb
import pytest

from tests.packs.test_second_request import COLUMNS, OUTCOMES, REQUEST
from tests.returns import write_csv, write_xlsx


@pytest.fixture
def outside_pack(tmp_path):
    """A pack found by its folder only: on no search path of any worker."""
    root = tmp_path / "elsewhere" / "hospital-crime"
    (root / "vocab").mkdir(parents=True)
    (root / "request.yaml").write_text(REQUEST, encoding="utf-8")
    (root / "vocab" / "outcomes.yaml").write_text(OUTCOMES, encoding="utf-8")
    (root / "columns.yaml").write_text(COLUMNS, encoding="utf-8")
    return root


def test_a_worker_without_the_request_in_its_environment_reads_the_runs_pack(
    outside_pack, tmp_path, prefect_harness, monkeypatch
):
    from distributed import Client, LocalCluster
    from prefect.settings import PREFECT_API_URL

    from foi_ingest.flows.ingest import run_ingest

    inbox = tmp_path / "inbox"
    counts = [["Crime Outcome", "2019/20", "2020/21"], ["Charged", 28, 42],
              ["No suspect identified", 12, "-"], ["Total", 40, 42]]  # fmt: skip
    write_xlsx(inbox / "Durham Constabulary" / "counts.xlsx", {"Table": counts})
    crimes = [["Financial Year", "Crime Type", "Outcome", "Hospital"],
              ["2019/20", "THEFT", "Charged", "Lister"],
              ["2020/21", "THEFT", "Type 18 No Suspect Identified", "Watford General"]]  # fmt: skip
    write_csv(inbox / "Hertfordshire Constabulary" / "crimes.csv", crimes)
    monkeypatch.delenv("FOI_REQUEST", raising=False)
    worker_env = {"FOI_REQUEST": "police-social-media", "FOI_REQUESTS_PATH": str(tmp_path)}
    if PREFECT_API_URL.value():
        worker_env["PREFECT_API_URL"] = PREFECT_API_URL.value()
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None, env=worker_env) as cluster:  # fmt: skip
        with Client(cluster) as client:
            seen = client.run(lambda: __import__("os").environ.get("FOI_REQUEST"))
            assert list(seen.values()) == ["police-social-media"]  # the worker's own setting
        db = tmp_path / "w.duckdb"
        summary = run_ingest([str(inbox)], str(db), task_runner="dask",
                             dask_address=cluster.scheduler_address,
                             request=str(outside_pack))  # fmt: skip
    assert summary["failed"] == 0 and summary["statuses"] == {"disclosed": 2}
    with duckdb.connect(str(db), read_only=True) as con:
        figures = con.execute(
            "SELECT body_id, outcome, year, sum(count_low)::INT FROM hospital_crime.v_records "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        police = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'police_social_media'"
        ).fetchone()[0]
    assert figures == [
        ("durham", "charged", 2019, 28), ("durham", "charged", 2020, 42),
        ("durham", "no_suspect", 2019, 12),
        ("hertfordshire", "charged", 2019, 1), ("hertfordshire", "no_suspect", 2020, 1),
    ]  # fmt: skip
    assert police == 0  # nothing was read as the worker's request
