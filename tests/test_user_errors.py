"""Every user error is one line saying what to do, exit code 2, no traceback (issue 19)."""

import shutil

import pytest
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.flows.recipe import run_here
from foi_ingest.review.workbook import LETTERS
from tests.returns import ingest_and_export

runner = CliRunner()


def one_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return " ".join(" ".join(lines).split())


@pytest.mark.parametrize("command", [["report"], ["rejects"], ["export", "out"],
                                     ["rejects", "export", "r.xlsx"]])  # fmt: skip
def test_a_missing_warehouse_is_one_line(tmp_path, command):
    db = str(tmp_path / "none.duckdb")
    text = one_line(runner.invoke(app, [*command, "--db", db]))
    assert f"no warehouse at {db}: run `foi ingest INBOX --db {db}` first" in text


def test_an_inverted_window_is_refused(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "Kent Police").mkdir(parents=True)
    (inbox / "Kent Police" / "k.csv").write_text("Rank,Date,Outcome\nPC,2012,Dismissed\n")
    db = tmp_path / "w.duckdb"
    run_here([str(inbox)], str(db))
    result = runner.invoke(
        app, ["report", "--db", str(db), "--from", "2012-12-31", "--to", "2011-01-01"]
    )
    assert "--from 2012-12-31 is after --to 2011-01-01" in one_line(result)
    assert "None%" not in result.output


def test_a_decimal_where_a_count_was_expected_is_kept_and_said(tmp_path, sample_inbox):
    """A letter entry of 2.5 cases: not a traceback; the entry is kept on file and reported as
    failing (apply exits 1 with the reason)."""
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    db, book, wb = ingest_and_export(inbox, tmp_path)
    ws = wb[LETTERS]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("case_count") + 1).value = 2.5
    wb.save(book)
    result = runner.invoke(app, ["rejects", "apply", str(book), "--db", str(db)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "not a whole number or date" in " ".join(result.output.split())


def test_an_unknown_field_in_a_packs_report_declaration_is_one_line(tmp_path, monkeypatch):
    pack = tmp_path / "packs" / "odd-report"
    (pack / "vocab").mkdir(parents=True)
    (pack / "request.yaml").write_text(
        "id: odd-report\ntitle: t\nquestion: q\nbody_kind: police-force\nschema:\n  fields:\n"
        "    - {name: outcome, type: string, title: Outcome, foi: {vocabulary: vocab/o.yaml}}\n"
        "headline: {by: [hospital], period: sum}\n",
        encoding="utf-8",
    )
    (pack / "vocab" / "o.yaml").write_text("dismissed: {phrasings: [dismissed]}\n")
    monkeypatch.setenv("FOI_REQUESTS_PATH", str(pack.parent))
    inbox = tmp_path / "inbox"
    (inbox / "Kent Police").mkdir(parents=True)
    (inbox / "Kent Police" / "k.csv").write_text("Outcome,Year\nDismissed,2012\n")
    db = tmp_path / "w.duckdb"
    for command in (["ingest", str(inbox), "--db", str(db)], ["report", "--db", str(db)]):
        text = one_line(runner.invoke(app, [*command, "--request", "odd-report"]))
        assert "headline.by.0: 'hospital' is not a field of the request" in text
        assert "request.yaml:8:" in text.replace(" ", "")  # the line that says it
    assert not db.exists()  # refused before anything was written


def test_a_warehouse_of_another_request_says_which_it_holds(tmp_path):
    from foi_ingest.packs import load_pack
    from foi_ingest.warehouse.db import connect

    db = tmp_path / "w.duckdb"
    inbox = tmp_path / "inbox"
    (inbox / "Durham Constabulary").mkdir(parents=True)
    (inbox / "Durham Constabulary" / "c.csv").write_text("Crime Outcome,2019/20\nCharged,3\n")
    run_here([str(inbox)], str(db), request=load_pack("hospital-crime"))
    with connect(db, request=load_pack("hospital-crime"), read_only=True):
        pass
    text = one_line(runner.invoke(app, ["report", "--db", str(db), "--request",
                                        "police-social-media"]))  # fmt: skip
    assert "holds nothing of request 'police-social-media' (it holds hospital-crime" in text
