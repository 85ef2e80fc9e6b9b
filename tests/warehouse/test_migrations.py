"""A warehouse written by an older version is migrated in place, in order."""

from importlib import resources

import duckdb

from foi_ingest.warehouse.db import connect


def test_an_older_warehouse_gains_new_columns_and_views(tmp_path):
    db = tmp_path / "old.duckdb"
    first = (resources.files("foi_ingest.warehouse") / "sql" / "001_tables.sql").read_text()
    with duckdb.connect(str(db)) as con:  # what version 0.1 wrote: tables only
        con.execute("CREATE TABLE schema_version (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
        con.execute(first)
        con.execute("INSERT INTO schema_version VALUES ('001_tables.sql', now())")
    with connect(db) as con:
        applied = [
            r[0] for r in con.execute("SELECT name FROM schema_version ORDER BY 1").fetchall()
        ]
        columns = {r[0] for r in con.execute("DESCRIBE cases").fetchall()}
        views = {
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
    assert applied == ["001_tables.sql", "003_review.sql", "900_views.sql"]
    assert {"corrected_by", "corrected_at", "correction_note"} <= columns
    assert {
        "v_cases",
        "v_force_summary",
        "v_coverage",
        "v_outcomes",
        "v_by_year",
        "v_headline",
    } <= views
    with connect(db) as con:  # opening again applies nothing twice
        assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 3
