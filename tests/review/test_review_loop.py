"""The validator's loop on the sample inbox: export, decide, apply, rebuild, map once, orphans."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.flows.ingest import run_ingest
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.review.workbook import export_review, text_cell
from tests.returns import police_db

REQ = load_pack("police-social-media")

runner = CliRunner()
TOTALS = "SELECT force_id, outcome_group, sum(case_count_low) FROM cases GROUP BY ALL ORDER BY ALL"


def said(result) -> str:
    """What the command printed, with Rich's line wrapping undone."""
    return " ".join(result.output.split())


def _fill(path: Path, decide: dict[str, dict[str, str]]) -> None:
    """Fill the workbook as a validator would: by force, the columns to set."""
    wb = load_workbook(path)
    ws = wb["Rejected rows"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        force = row[header.index("force_id")].value
        for name, value in decide.get(force, {}).items():
            row[header.index(name)].value = value
    wb.save(path)


@pytest.fixture
def inbox_and_db(prefect_harness, sample_inbox, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    db = tmp_path / "foi.duckdb"
    run_ingest([str(inbox)], str(db))
    return inbox, db


def test_export_decide_apply_twice_and_rebuild(inbox_and_db, truth, tmp_path):
    inbox, db = inbox_and_db
    review = tmp_path / "review.xlsx"
    result = runner.invoke(app, ["rejects", "export", str(review), "--db", str(db)])
    assert result.exit_code == 0, result.output
    _fill(review, {
        "west-midlands": {"outcome": "written_warning", "decision": "correct", "note": "called"},
        "avon-and-somerset": {"year": 2012, "decision": "correct"},
        "northumbria": {"decision": "not a case"},
    })  # fmt: skip
    result = runner.invoke(app, ["rejects", "apply", str(review), "--db", str(db),
                                 "--by", "tester"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "This apply: 3 decisions recorded" in said(result)
    assert "2 corrected, 1 dismissed" in said(result)
    with police_db(db) as con:
        totals = dict(
            con.execute("SELECT force_id, sum(case_count_low) FROM cases GROUP BY 1").fetchall()
        )
        statuses = dict(
            con.execute("SELECT status, count(*) FROM rejected_rows GROUP BY 1").fetchall()
        )
        corrected = con.execute(
            "SELECT force_id, outcome, year, corrected_by, correction_note FROM cases "
            "WHERE corrected_by IS NOT NULL ORDER BY 1"
        ).fetchall()
        after = con.execute(TOTALS).fetchall()
        conservation = con.execute(
            "SELECT count(*) FROM responses WHERE rows_read <> rows_loaded + rows_rejected + "
            "rows_skipped"
        ).fetchone()[0]
    forces = truth["forces"]
    assert totals["west-midlands"] == forces["west-midlands"]["cases_low"] + 1
    assert totals["avon-and-somerset"] == forces["avon-and-somerset"]["cases_low"] + 1
    assert totals["northumbria"] == forces["northumbria"]["cases_low"]  # dismissed: not a case
    assert statuses == {"corrected": 2, "dismissed": 1}
    assert [(f, y, by) for f, _, y, by, _ in corrected] == [
        ("avon-and-somerset", 2012, "tester"),
        ("west-midlands", 2012, "tester"),
    ]
    assert corrected[1][1] == "written_warning" and corrected[1][4] == "called"
    assert conservation == 0
    assert (inbox / "_corrections" / "corrections.csv").read_text().count("\n") == 4

    on_file = (inbox / "_corrections" / "corrections.csv").read_bytes()
    again = runner.invoke(app, ["rejects", "apply", str(review), "--db", str(db)])
    assert "This apply: 0 decisions recorded, 0 changed, 0 cleared" in said(again)
    assert (inbox / "_corrections" / "corrections.csv").read_bytes() == on_file
    with police_db(db) as con:
        assert con.execute(TOTALS).fetchall() == after

    db.unlink()
    run_ingest([str(inbox)], str(db))  # rebuild from the inbox and its decision files
    with police_db(db) as con:
        assert con.execute(TOTALS).fetchall() == after


def test_a_correction_that_still_fails_is_reported_and_stays_open(inbox_and_db, tmp_path):
    inbox, db = inbox_and_db
    review = tmp_path / "review.xlsx"
    with police_db(db) as con:
        export_review(REQ, con, review, force="avon-and-somerset")
    _fill(review, {"avon-and-somerset": {"year": "twenty twelve", "decision": "correct"}})
    result = runner.invoke(app, ["rejects", "apply", str(review), "--db", str(db)])
    assert "1 still failing" in said(result) and "correction does not pass" in said(result)
    assert result.exit_code == 1  # a decision that does not take effect fails the command
    with police_db(db) as con:
        status, reasons = con.execute(
            "SELECT status, reasons FROM rejected_rows WHERE force_id = 'avon-and-somerset'"
        ).fetchone()
    assert status == "open" and any("not a number or date" in r for r in reasons)


def test_map_once_applies_to_every_row_with_that_phrasing(inbox_and_db, truth, tmp_path):
    inbox, db = inbox_and_db
    review = tmp_path / "review.xlsx"
    with police_db(db) as con:
        export_review(REQ, con, review)
    wb = load_workbook(review)
    ws = wb["Map once"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows[0][:4] == ["outcome", "west-midlands", "Reprimand", 1]
    ws["F2"], ws["G2"] = "written_warning", "all forces"
    wb.save(review)
    result = runner.invoke(app, ["rejects", "apply", str(review), "--db", str(db)])
    assert "1 mappings" in said(result), result.output
    with police_db(db) as con:
        n, raw = con.execute(
            "SELECT count(*), any_value(outcome_raw) FROM cases "
            "WHERE force_id = 'west-midlands' AND outcome_raw = 'Reprimand'"
        ).fetchone()
        still = con.execute(
            "SELECT count(*) FROM rejected_rows WHERE force_id = 'west-midlands'"
        ).fetchone()[0]
    assert (n, raw, still) == (1, "Reprimand", 0)
    assert "Reprimand" in (inbox / "_corrections" / "mappings.csv").read_text()


def test_a_correction_for_a_changed_file_is_orphaned_not_misapplied(inbox_and_db, tmp_path):
    inbox, db = inbox_and_db
    review = tmp_path / "review.xlsx"
    with police_db(db) as con:
        export_review(REQ, con, review, force="avon-and-somerset")
    _fill(review, {"avon-and-somerset": {"year": 2012, "decision": "correct"}})
    runner.invoke(app, ["rejects", "apply", str(review), "--db", str(db)])
    csv_file = inbox / "Avon & Somerset" / "social_media_cases.csv"
    csv_file.write_bytes(
        csv_file.read_bytes().replace(b"\r\nTotal", b"\r\nPC,2013,New,NFA\r\nTotal")
    )
    run_ingest([str(inbox)], str(db))
    with police_db(db) as con:
        unapplied = con.execute(
            "SELECT source_location, code FROM police_social_media.unapplied_decisions"
        ).fetchall()
        open_rows = con.execute(
            "SELECT count(*) FROM rejected_rows WHERE status = 'open' AND "
            "force_id = 'avon-and-somerset'"
        ).fetchone()[0]
        corrected = con.execute(
            "SELECT count(*) FROM cases WHERE corrected_by IS NOT NULL"
        ).fetchone()[0]
    assert [code for _, code in unapplied] == ["file_changed"]
    assert (open_rows, corrected) == (1, 0)
    listed = runner.invoke(app, ["rejects", "--db", str(db)])
    assert "1 decisions on file did not take effect" in said(listed)
    as_json = runner.invoke(app, ["rejects", "--db", str(db), "--json"])
    (stale,) = json.loads(as_json.output)["not_applied"]
    assert stale["code"] == "file_changed" and "has changed" in stale["message"]


def test_text_that_looks_like_a_formula_stays_text(prefect_harness, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "Kent").mkdir(parents=True)
    (inbox / "Kent" / "kent.csv").write_text(
        'Rank,Date,Allegation,Outcome\nPC,2012,"=HYPERLINK(""http://x"",""click"")",@SUM(A1)\n'
        "DC,2012,+44 posted,-1\n",
        encoding="utf-8",
    )
    db = tmp_path / "foi.duckdb"
    run_ingest([str(inbox)], str(db))
    review = tmp_path / "review.xlsx"
    with police_db(db) as con:
        assert export_review(REQ, con, review) == 2
    ws = load_workbook(review)["Rejected rows"]
    texts = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    risky = [c for c in texts if "=HYPERLINK" in c.value or "@SUM" in c.value]
    assert risky and all(c.data_type == "s" for c in risky)
    wb = Workbook()
    for i, value in enumerate(["=1+1", "+44", "-1", "@SUM(A1)"], start=1):
        text_cell(wb.active.cell(i, 1), value)
    wb.save(tmp_path / "cells.xlsx")
    cells = [c.value for c in load_workbook(tmp_path / "cells.xlsx").active["A"]]
    assert cells == ["=1+1", "+44", "-1", "@SUM(A1)"]
    with zipfile.ZipFile(tmp_path / "cells.xlsx") as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
    with zipfile.ZipFile(review) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet


def _enter(path: Path, source_file: str, entries: dict[int, dict[str, object]]) -> None:
    """Type figures into 'Enter from letters' for one letter, by entry number."""
    from foi_ingest.review.workbook import LETTERS

    wb = load_workbook(path)
    ws = wb[LETTERS]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("source_file")].value != source_file:
            continue
        for name, value in entries.get(int(row[header.index("entry")].value), {}).items():
            row[header.index(name)].value = value
    wb.save(path)


def test_figures_entered_from_a_prose_letter_load_with_who_entered_them(inbox_and_db, tmp_path):
    """The sample's prose letter: 'two received final written warnings and one management
    advice' (2012). Entered by a validator, the figures load as counts at 'letter entry N',
    survive a rebuild, and a cleared entry row removes its figure; a wrong code is refused."""
    inbox, db = inbox_and_db
    with police_db(db) as con:
        letters = con.execute(
            "SELECT source_file, letter_text FROM responses WHERE status = 'needs_entry'"
        ).fetchall()
    assert len(letters) == 1 and "final written warnings" in letters[0][1]
    letter = letters[0][0]
    listed = runner.invoke(app, ["rejects", "--db", str(db)])
    assert "1 letters answer in prose" in said(listed)
    review = tmp_path / "review.xlsx"
    assert runner.invoke(app, ["rejects", "export", str(review), "--db", str(db)]).exit_code == 0
    fww = {"year": 2012, "role": "police_officer", "outcome": "final_written_warning"}
    _enter(review, letter, {
        1: {**fww, "case_count": 2, "note": "para 3"},
        2: {**fww, "outcome": "management_advice", "case_count": 1},
        3: {**fww, "outcome": "sacked", "case_count": 1},
    })  # fmt: skip
    result = runner.invoke(app, ["rejects", "apply", str(review), "--db", str(db),
                                 "--by", "tester"])  # fmt: skip
    assert result.exit_code == 1, result.output  # entry 3 does not load: kept, and said
    assert "letter entry 3: 'sacked' is not a outcome code (kept on file" in said(result)
    assert "2 figures entered from letters, 1 still failing" in said(result)
    query = (
        "SELECT source_location, year, role, outcome, case_count, record_kind, corrected_by, "
        "correction_note FROM cases WHERE source_file = ? ORDER BY source_row"
    )
    expected = [
        ("letter entry 1", 2012, "police_officer", "final_written_warning", 2, "count", "tester",
         "para 3"),
        ("letter entry 2", 2012, "police_officer", "management_advice", 1, "count", "tester",
         None),
    ]  # fmt: skip
    with police_db(db) as con:
        assert con.execute(query, [letter]).fetchall() == expected
        status, reason, read, loaded, rejected, skipped = con.execute(
            "SELECT status, status_reason, rows_read, rows_loaded, rows_rejected, rows_skipped "
            "FROM responses WHERE source_file = ?", [letter]
        ).fetchone()  # fmt: skip
    assert status == "disclosed" and reason.startswith("figures entered from the letter by tester")
    assert (read, loaded, rejected, skipped) == (3, 2, 1, 0)
    listed = json.loads(runner.invoke(app, ["rejects", "--db", str(db), "--json"]).output)
    (failing,) = [r for r in listed["rejected"] if r["source_file"] == letter]
    assert failing["location"] == "letter entry 3"
    assert failing["reasons"] == ["correction does not pass: 'sacked' is not a outcome code"]
    rebuilt = tmp_path / "rebuilt.duckdb"
    run_ingest([str(inbox)], str(rebuilt))
    with police_db(rebuilt) as con:
        assert con.execute(query, [letter]).fetchall() == expected
    again = tmp_path / "again.xlsx"
    assert runner.invoke(app, ["rejects", "export", str(again), "--db", str(db)]).exit_code == 0
    # emptying an entry's cells is no way to remove it: it is refused, and the entry stays
    _enter(again, letter, {2: dict.fromkeys(("year", "role", "outcome", "case_count"))})
    result = runner.invoke(app, ["rejects", "apply", str(again), "--db", str(db)])
    assert result.exit_code == 1 and "choose 'clear' in its action column" in said(result)
    with police_db(db) as con:
        assert con.execute(query, [letter]).fetchall() == expected
    third = tmp_path / "third.xlsx"
    assert runner.invoke(app, ["rejects", "export", str(third), "--db", str(db)]).exit_code == 0
    _enter(third, letter, {2: {"action": "clear"}, 3: {"outcome": "dismissed"}})
    result = runner.invoke(app, ["rejects", "apply", str(third), "--db", str(db), "--by", "tester"])
    assert result.exit_code == 0, result.output
    assert "1 changed, 1 cleared" in said(result)
    with police_db(db) as con:
        assert con.execute(query, [letter]).fetchall() == [
            expected[0],
            ("letter entry 3", 2012, "police_officer", "dismissed", 1, "count", "tester", None),
        ]


def test_rejects_shows_files_whose_stated_total_disagrees(inbox_and_db, truth):
    """A stated total that the rows do not give is as loud as a rejected row."""
    _, db = inbox_and_db
    mismatched = [f for f, v in truth["file_status"].items() if v.get("total_check") == "mismatch"]
    assert mismatched
    listed = said(runner.invoke(app, ["rejects", "--db", str(db)]))
    assert f"{len(mismatched)} files disagree with themselves" in listed
    assert "stated total" in listed
