"""A second request, declared as a pack in a temporary folder and ingested with no code change:
crimes on hospital grounds, with three fields (one vocabulary: the Home Office outcome; the
crime type and the hospital as written)."""

from collections import Counter
from pathlib import Path

import pytest

from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import load_pack  # noqa: E402
from tests.returns import write_csv, write_xlsx

REQ = load_pack("police-social-media")
MH = load_pack("mh-accommodation")

REQUEST = """\
id: hospital-crime
title: Crimes recorded on hospital grounds
question: How many crimes were recorded on hospital grounds, by type, outcome and hospital?
body_kind: police-force
schema:
  fields:
    - {name: crime_type, type: string, title: Crime type}
    - name: outcome
      type: string
      title: Outcome
      constraints: {required: true}
      foi: {vocabulary: vocab/outcomes.yaml, raw: outcome_raw, group: outcome_type}
    - {name: hospital, type: string, title: Hospital}
"""
OUTCOMES = """\
charged:
  group: positive
  phrasings: [charged, "type 1 charged/summonsed", "1: charged", charged or summonsed]
no_suspect:
  group: not_detected
  phrasings: [no suspect identified, "type 18 no suspect identified"]
victim_unsupportive:
  group: not_detected
  phrasings: ["type 16 named suspect - victim unsupportive", victim does not support]
"""
COLUMNS = """\
crime_type: [crime type, offence, offence group]
outcome_raw: [outcome, outcome description]
hospital: [hospital, hospital name]
date_raw: [financial year, date recorded]
case_count: [number of crimes, crimes]
"""


@pytest.fixture
def pack(tmp_path: Path, monkeypatch):
    root = tmp_path / "requests" / "hospital-crime"
    (root / "vocab").mkdir(parents=True)
    (root / "request.yaml").write_text(REQUEST, encoding="utf-8")
    (root / "vocab" / "outcomes.yaml").write_text(OUTCOMES, encoding="utf-8")
    (root / "columns.yaml").write_text(COLUMNS, encoding="utf-8")
    monkeypatch.setenv("FOI_REQUESTS_PATH", str(tmp_path / "requests"))
    return load_pack(root)


def test_a_list_of_crimes_is_read_as_the_packs_records(pack, tmp_path):
    inbox = tmp_path / "inbox"
    rows = [
        ["No.", "Financial Year", "Crime Type", "Outcome Description", "Hospital Name"],
        [1, "2019/2020", "VIOLENCE AGAINST THE PERSON", "Type 1 Charged/Summonsed", "Lister"],
        [2, "2019/2020", "THEFT", "Type 18 No Suspect Identified", "Watford General"],
        [3, "2020/2021", "THEFT", "Type 16 Named Suspect - Victim Unsupportive", "Lister"],
        [4, "2020/2021", "SEXUAL OFFENCES", "Type 3 Adult Caution", "Lister"],
        [None, None, "Grand Total", None, 4],
    ]
    path = write_csv(inbox / "Hertfordshire Constabulary" / "crimes.csv", rows)
    result = process_file(pack, path, inbox, "second")
    r = result.response
    assert (r["rows_loaded"], r["rows_rejected"], r["rows_skipped"]) == (3, 1, 2)
    c = result.cases
    assert set(c.columns) >= {"crime_type", "outcome", "outcome_raw", "outcome_type", "hospital"}
    assert "role" not in c.columns and "allegation_category" not in c.columns
    got = Counter(zip(c["outcome"].astype(str), c["outcome_type"].astype(str),
                      c["hospital"].astype(str), c["year"].astype(int), strict=True))  # fmt: skip
    assert got == Counter({
        ("charged", "positive", "Lister", 2019): 1,
        ("no_suspect", "not_detected", "Watford General", 2019): 1,
        ("victim_unsupportive", "not_detected", "Lister", 2020): 1,
    })  # fmt: skip
    [rejected] = result.rejected
    assert rejected["reasons"] == ["unknown outcome 'Type 3 Adult Caution'"]
    assert rejected["suggestions"]["outcome"]
    assert r["total_check"] == "ok"  # 4 stated: 3 loaded and 1 rejected may be the fourth


def test_a_table_of_counts_by_outcome_and_year(pack, tmp_path):
    inbox = tmp_path / "inbox"
    rows = [["Crime Outcome", "2019/20", "2020/21"], ["Charged", 28, 42],
            ["No suspect identified", 12, "-"], ["Total", 40, 42]]  # fmt: skip
    path = write_xlsx(inbox / "Durham Constabulary" / "counts.xlsx", {"Table": rows})
    result = process_file(pack, path, inbox, "second")
    c = result.cases
    got = Counter(zip(c["outcome"].astype(str), c["year"].astype(int), c["case_count"].astype(int),
                      strict=True))  # fmt: skip
    assert sorted(got) == [("charged", 2019, 28), ("charged", 2020, 42),
                           ("no_suspect", 2019, 12)]  # fmt: skip
    assert result.response["total_check"] == "ok"
    assert not result.rejected


def test_both_requests_in_one_warehouse_each_in_its_schema(pack, tmp_path, monkeypatch):
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.load import load_file

    inbox = tmp_path / "inbox"
    rows = [["Crime Outcome", "2019/20", "2020/21"], ["Charged", 28, 42]]
    path = write_xlsx(inbox / "Durham Constabulary" / "counts.xlsx", {"Table": rows})
    db = tmp_path / "both.duckdb"
    r = process_file(pack, path, inbox, "second")
    with connect(db, request=pack) as con:
        load_file(pack, con, r.response, r.cases, r.rejected, r.skipped)
    kent = [["Rank", "Date", "Outcome"], ["PC", "01/02/2012", "Dismissed"]]
    police = write_csv(inbox / "Kent Police" / "cases.csv", kent)
    p = process_file(REQ, police, inbox, "first")
    with connect(db, request=REQ) as con:
        load_file(REQ, con, p.response, p.cases, p.rejected, p.skipped)
    with connect(db, read_only=True, request=pack) as con:
        records = con.execute(
            "SELECT body_id, outcome, outcome_type, year, count_low FROM v_records ORDER BY year"
        ).fetchall()
        coverage = dict(con.execute("SELECT body_id, coverage FROM v_coverage").fetchall())
    assert records == [("durham", "charged", "positive", 2019, 28),
                       ("durham", "charged", "positive", 2020, 42)]  # fmt: skip
    assert coverage["durham"] == "data" and coverage["kent"] == "no_answer"
    with connect(db, request=REQ, read_only=True) as con:  # the police request, in its schema
        assert con.execute("SELECT force_id, outcome FROM cases").fetchall() == [
            ("kent", "dismissed")
        ]
        assert con.execute("SELECT count(*) FROM hospital_crime.cases").fetchone()[0] == 2


def test_the_flow_ingests_an_inbox_that_names_its_request(pack, tmp_path, prefect_harness):
    """`INBOX/request.yaml` names the pack; the Prefect flow loads into its schema; `foi query
    --request` reads it there."""
    from typer.testing import CliRunner

    from foi_ingest.cli import app
    from foi_ingest.flows.ingest import run_ingest

    inbox = tmp_path / "inbox"
    rows = [["Crime Outcome", "2019/20", "2020/21"], ["Charged", 28, 42], ["Total", 28, 42]]
    write_xlsx(inbox / "Durham Constabulary" / "counts.xlsx", {"Table": rows})
    (inbox / "request.yaml").write_text("request: hospital-crime\n", encoding="utf-8")
    db = tmp_path / "flow.duckdb"
    summary = run_ingest([str(inbox)], str(db))
    assert summary["statuses"] == {"disclosed": 1}
    out = CliRunner().invoke(
        app, ["query", "SELECT sum(count_low) AS n FROM v_records", "--db", str(db),
              "--request", "hospital-crime", "--format", "csv"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert out.output.split() == ["n", "70"]
    report = CliRunner().invoke(app, ["report", "--db", str(db), "--request", "hospital-crime"])
    assert report.exit_code == 0, report.output
    assert "Total: 70, from 1 bodies." in report.output
    assert "Durham Constabulary" in report.output and "2019" in report.output
    wrong = CliRunner().invoke(app, ["report", "--db", str(db), "--request", "no-such"])
    assert wrong.exit_code == 2 and "no request pack 'no-such'" in wrong.output


def test_the_validator_loop_works_for_the_second_request(pack, tmp_path, prefect_harness):
    """An unknown outcome is rejected; mapped once in the review workbook's 'Map once' sheet, it
    loads on the next run; the corrections file has the pack's own editable field."""
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from foi_ingest.cli import app
    from foi_ingest.flows.ingest import run_ingest

    inbox = tmp_path / "inbox"
    rows = [["Financial Year", "Crime Type", "Outcome", "Hospital"],
            ["2019/20", "THEFT", "Charged", "Lister"],
            ["2019/20", "THEFT", "Type 3 Adult Caution", "Lister"]]  # fmt: skip
    write_csv(inbox / "Hertfordshire Constabulary" / "crimes.csv", rows)
    db = tmp_path / "loop.duckdb"
    run_ingest([str(inbox)], str(db), request="hospital-crime")
    review = tmp_path / "review.xlsx"
    runner = CliRunner()
    out = runner.invoke(app, ["rejects", "export", str(review), "--db", str(db),
                              "--request", "hospital-crime"])  # fmt: skip
    assert out.exit_code == 0, out.output
    wb = load_workbook(review)
    header = [c.value for c in wb["Rejected rows"][1]]
    assert "outcome" in header and "role" not in header
    ws = wb["Map once"]
    assert [c.value for c in ws[2]][:3] == ["outcome", "hertfordshire", "Type 3 Adult Caution"]
    ws.cell(2, 6).value = "charged"  # a validator's choice, for this force
    wb.save(review)
    applied = runner.invoke(app, ["rejects", "apply", str(review), "--db", str(db),
                                  "--request", "hospital-crime", "--by", "Jo"])  # fmt: skip
    assert applied.exit_code == 0, applied.output
    with duckdb_connect(db) as con:
        con.execute("USE hospital_crime")
        assert con.execute("SELECT outcome, count(*) FROM cases GROUP BY 1").fetchall() == [
            ("charged", 2)
        ]
        assert (
            con.execute("SELECT count(*) FROM rejected_rows WHERE status = 'open'").fetchone()[0]
            == 0
        )
    mapped = (inbox / "_corrections" / "mappings.csv").read_text(encoding="utf-8")
    assert "outcome,hertfordshire,Type 3 Adult Caution,charged" in mapped


def duckdb_connect(db: Path):
    import duckdb

    return duckdb.connect(str(db), read_only=True)


def test_a_request_to_other_bodies_leaves_the_police_request_whole(tmp_path, monkeypatch):
    """Loading a request sent to NHS trusts into a warehouse that holds the police request must
    not touch the police request's list of bodies nor its views."""
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.load import load_file

    inbox = tmp_path / "inbox"
    db = tmp_path / "mixed.duckdb"
    kent = [["Rank", "Date", "Outcome"], ["PC", "01/02/2012", "Dismissed"]]
    p = process_file(REQ, write_csv(inbox / "Kent Police" / "cases.csv", kent), inbox, "first")
    with connect(db, request=REQ) as con:
        load_file(REQ, con, p.response, p.cases, p.rejected, p.skipped)
    rows = [["S117 aftercare"], ["Year", "Accommodation status", "Jan"], ["2019", "MA01", 7]]
    trust = "Camden and Islington NHS Foundation Trust"
    m = process_file(MH, write_xlsx(inbox / trust / "s117.xlsx", {"Q3": rows}), inbox, "second")
    assert m.response["rows_loaded"] == 1
    with connect(db, request=MH) as con:
        load_file(MH, con, m.response, m.cases, m.rejected, m.skipped)
    with connect(db, request=REQ, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM bodies").fetchone()[0] == 45
        assert con.execute("SELECT force_name, outcome FROM v_cases").fetchall() == [
            ("Kent Police", "dismissed")
        ]
        assert con.execute("SELECT cases_low FROM v_force_summary WHERE force_id = 'kent'"
                           ).fetchone() == (1,)  # fmt: skip
    with connect(db, read_only=True, request=MH) as con:
        assert con.execute("SELECT body_name, cohort, count_low FROM v_records").fetchall() == [
            (trust, "s117", 7)
        ]
