"""A warehouse written by an older version is refused with the one command that upgrades it;
`foi upgrade` moves the pre-pack request's rows into its own schema, once, keeping every row,
and leaves `main` with the run log and the schema log only."""

from importlib import resources

import duckdb
import pytest
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.errors import WarehouseError
from foi_ingest.packs import load_pack
from foi_ingest.warehouse.db import connect

REQ = load_pack("police-social-media")
runner = CliRunner()

OLD_CASE = (
    "INSERT INTO cases VALUES ('kent', 2012, NULL, NULL, 'pcso', 'PCSO', 'Posted on Facebook', "
    "'other', 'dismissed', 'Dismissed', 'left_force', 1, 1, 1, 'case', 'Kent/a.csv', "
    f"'{'0' * 64}', NULL, NULL, 2, 'row 2', 'old-run')"
)
OLD_RUN = (
    "INSERT INTO ingestion_runs (run_id, started_at, inbox, status) "
    "VALUES ('old-run', now(), '/in', 'done')"
)


def _pre_pack(db) -> None:
    """What version 0.1 wrote: the police request's tables in main, with main.forces."""
    first = resources.files("foi_ingest.warehouse") / "sql" / "legacy" / "001_tables.sql"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE schema_version (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
        con.execute(first.read_text())
        con.execute("INSERT INTO schema_version VALUES ('001_tables.sql', now())")
        con.execute(OLD_CASE)
        con.execute(OLD_RUN)


def test_an_older_warehouse_is_refused_until_upgraded_and_the_upgrade_keeps_every_row(tmp_path):
    db = tmp_path / "old.duckdb"
    _pre_pack(db)
    for read_only in (False, True):
        with (
            pytest.raises(WarehouseError, match=f"run `foi upgrade --db {db}` once"),
            connect(db, request=REQ, read_only=read_only),
        ):
            pass
    out = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "cases 1," in out.output and "dropped from main: forces" in out.output
    with duckdb.connect(str(db), read_only=True) as con:
        applied = [
            r[0] for r in con.execute("SELECT name FROM schema_version ORDER BY 1").fetchall()
        ]
        main = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        ).fetchall()}  # fmt: skip
        main_views = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
        ).fetchone()[0]
        columns = {r[0] for r in con.execute("DESCRIBE police_social_media.cases").fetchall()}
        moved = con.execute("SELECT source_file, outcome FROM police_social_media.cases").fetchall()
        run = con.execute("SELECT request FROM main.ingestion_runs").fetchall()
    assert applied == ["001_tables.sql", "003_review.sql", "004_runs_request.sql",
                       "upgrade/requests_in_schemas"]  # fmt: skip
    assert main == {"schema_version", "ingestion_runs"} and main_views == 0
    assert {"corrected_by", "corrected_at", "correction_note"} <= columns
    assert moved == [("Kent/a.csv", "dismissed")]
    assert run == [("police-social-media",)]  # the runs before packs were that request's
    again = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert again.exit_code == 0 and "up to date" in " ".join(again.output.split())
    with connect(db, request=REQ, read_only=True) as con:  # plain names, in the request's schema
        assert con.execute("SELECT count(*) FROM v_records").fetchone()[0] == 1
        assert con.execute("SELECT force_name FROM v_cases").fetchall() == [("Kent Police",)]


def test_a_fresh_warehouse_holds_no_request_outside_its_schema(tmp_path):
    db = tmp_path / "new.duckdb"
    with connect(db, request=load_pack("hospital-crime")):
        pass
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL"
        ).fetchall()
    assert [t for t in tables if t[0] == "main"] == [("main", "ingestion_runs"),
                                                     ("main", "schema_version")]  # fmt: skip
    assert {t[0] for t in tables} == {"main", "hospital_crime"}
