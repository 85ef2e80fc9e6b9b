"""A warehouse written by an older version is migrated in place, in order; the default
request's tables move into its own schema and stay reachable by their old names."""

from importlib import resources

import duckdb

from foi_ingest.packs import DEFAULT_REQUEST, load_pack  # noqa: E402
from foi_ingest.warehouse.db import connect

REQ = load_pack(DEFAULT_REQUEST)

OLD_CASE = (
    "INSERT INTO cases VALUES ('kent', 2012, NULL, NULL, 'pcso', 'PCSO', 'Posted on Facebook', "
    "'other', 'dismissed', 'Dismissed', 'left_force', 1, 1, 1, 'case', 'Kent/a.csv', "
    f"'{'0' * 64}', NULL, NULL, 2, 'row 2', 'old-run')"
)


def test_an_older_warehouse_gains_new_columns_and_views(tmp_path):
    db = tmp_path / "old.duckdb"
    first = (resources.files("foi_ingest.warehouse") / "sql" / "001_tables.sql").read_text()
    with duckdb.connect(str(db)) as con:  # what version 0.1 wrote: tables only, in main
        con.execute("CREATE TABLE schema_version (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
        con.execute(first)
        con.execute("INSERT INTO schema_version VALUES ('001_tables.sql', now())")
        con.execute(OLD_CASE)
    with connect(db, request=REQ) as con:
        applied = [
            r[0] for r in con.execute("SELECT name FROM schema_version ORDER BY 1").fetchall()
        ]
        columns = {r[0] for r in con.execute("DESCRIBE police_social_media.cases").fetchall()}
        views = {
            (r[0], r[1])
            for r in con.execute(
                "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
        moved = con.execute("SELECT source_file, outcome FROM police_social_media.cases").fetchall()
        by_old_name = con.execute("SELECT source_file FROM main.cases").fetchall()
    assert applied == ["001_tables.sql", "003_review.sql", "004_runs_request.sql"]
    assert {"corrected_by", "corrected_at", "correction_note"} <= columns
    wanted = {"v_cases", "v_force_summary", "v_coverage", "v_outcomes", "v_by_year", "v_headline",
              "v_records"}  # fmt: skip
    assert {("police_social_media", v) for v in wanted} <= views
    assert {("main", v) for v in wanted | {"cases", "responses"}} <= views
    assert moved == [("Kent/a.csv", "dismissed")] and by_old_name == [("Kent/a.csv",)]
    with connect(db, request=REQ) as con:  # opening again applies and moves nothing twice
        assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    with connect(
        db, request=REQ, read_only=True
    ) as con:  # readers see the request's tables by plain names
        assert con.execute("SELECT count(*) FROM v_records").fetchone()[0] == 1
