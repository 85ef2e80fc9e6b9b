"""The `foi` command line: query is read-only, report writes HTML, export escapes formulas."""

import json

import duckdb
import pytest
from typer.testing import CliRunner

from foi_ingest.cli import app
from tests.returns import police_db

runner = CliRunner()


def test_query_formats_and_cannot_write(ingested):
    db, _ = ingested
    result = runner.invoke(
        app, ["query", "SELECT count(*) AS n FROM responses", "--db", str(db), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    n = json.loads(result.output)[0]["n"]
    for sql in ("DELETE FROM cases", "DROP TABLE cases", "CREATE TABLE x (a INT)"):
        bad = runner.invoke(app, ["query", sql, "--db", str(db)])
        assert bad.exit_code == 1 and "read-only" in bad.output
    again = runner.invoke(
        app, ["query", "SELECT count(*) AS n FROM responses", "--db", str(db), "--format", "csv"]
    )
    assert again.output.splitlines() == ["n", str(n)]


def test_report_html_has_the_headline_and_three_charts(ingested, tmp_path, truth):
    db, _ = ingested
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", str(db), "--html", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text()
    assert f"At least {truth['cases_low']} cases were recorded" in text
    assert text.count("<svg") == 3


def test_export_parquet_by_force_and_csv_escapes_formulas(ingested, tmp_path, truth):
    db, _ = ingested
    out = tmp_path / "parquet"
    assert runner.invoke(app, ["export", str(out), "--db", str(db)]).exit_code == 0
    partitions = {p.name.split("=")[1] for p in (out / "cases").iterdir()}
    assert partitions == {f for f, t in truth["forces"].items() if t["cases_high"]}
    with duckdb.connect() as mem:
        low = mem.execute(
            f"SELECT sum(case_count_low) FROM read_parquet('{out}/cases/**/*.parquet', "
            "hive_partitioning = true)"
        ).fetchone()[0]
    assert low == truth["cases_low"]
    csv_out = tmp_path / "csv"
    assert (
        runner.invoke(app, ["export", str(csv_out), "--db", str(db), "--format", "csv"]).exit_code
        == 0
    )
    assert (csv_out / "v_coverage.csv").read_text().count("\n") == 46  # header + 45 forces
    header = (csv_out / "cases.csv").read_text().splitlines()[0].split(",")
    assert len(header) == len(set(header)) == 26  # the request's columns (and breakdown), once


def test_export_writes_a_datapackage_describing_its_files(ingested, tmp_path):
    """`datapackage.json` (Frictionless): every file written, its columns and types, the
    request's fields with their vocabularies as allowed values; the data keep to them."""
    import csv
    import json

    db, _ = ingested
    out = tmp_path / "csv"
    assert (
        runner.invoke(app, ["export", str(out), "--db", str(db), "--format", "csv"]).exit_code == 0
    )
    package = json.loads((out / "datapackage.json").read_text())
    assert package["name"] == "police-social-media"
    resources = {r["name"]: r for r in package["resources"]}
    assert {"cases", "v-records", "v-coverage", "responses"} <= set(resources)
    for r in resources.values():
        assert (out / r["path"]).is_file()
    fields = {f["name"]: f for f in resources["cases"]["schema"]["fields"]}
    assert (
        fields["case_count_low"]["type"] == "integer" and fields["period_start"]["type"] == "date"
    )
    with (out / "cases.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [f["name"] for f in resources["cases"]["schema"]["fields"]]
    with police_db(db) as con:
        assert len(rows) == con.execute("SELECT count(*) FROM cases").fetchone()[0]
    for name in ("role", "outcome", "outcome_group", "allegation_category"):
        if "constraints" in fields[name]:
            assert {r[name] for r in rows} <= set(fields[name]["constraints"]["enum"]), name
    assert "dismissed" in fields["outcome"]["constraints"]["enum"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_never_turn_return_text_into_formulas(prefect_harness, tmp_path, fmt):
    from foi_ingest.flows.ingest import run_ingest

    inbox = tmp_path / "inbox"
    (inbox / "Kent").mkdir(parents=True)
    (inbox / "Kent" / "kent.csv").write_text(
        'Rank,Date,Allegation,Outcome\nPC,2012,"=HYPERLINK(""http://x"")",NFA\n', encoding="utf-8"
    )
    db = tmp_path / "foi.duckdb"
    run_ingest([str(inbox)], str(db))
    out = tmp_path / "out"
    assert runner.invoke(app, ["export", str(out), "--db", str(db), "--format", fmt]).exit_code == 0
    if fmt == "csv":
        assert "'=HYPERLINK" in (out / "cases.csv").read_text()
    else:
        from openpyxl import load_workbook

        ws = load_workbook(out / "cases.xlsx").active
        cells = [c for row in ws.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
        assert cells and all(c.data_type == "s" for c in cells)
