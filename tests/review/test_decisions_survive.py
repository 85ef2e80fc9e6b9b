"""Decisions survive regeneration, and what does not take effect is said (issue 19): `foi sample
--force-overwrite` keeps `_corrections/`; decisions that match no file or row are listed by
`foi rejects` with why and make `apply` exit non-zero; a mapping to a code of another field is
refused with exit 1; the apply summary counts this apply."""

import json

from openpyxl import load_workbook
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.flows.recipe import run_here
from foi_ingest.review.workbook import MAPS, ROWS
from tests.returns import ingest_and_export

runner = CliRunner()


def said(result) -> str:
    return " ".join(result.output.split())


def test_sample_force_overwrite_keeps_decisions_and_lists_the_orphans(tmp_path):
    inbox = tmp_path / "inbox"
    assert runner.invoke(app, ["sample", str(inbox), "--seed", "7"]).exit_code == 0
    db, book, wb = ingest_and_export(inbox, tmp_path)
    ws = wb[ROWS]
    header = [c.value for c in ws[1]]
    row = ws[2]
    row[header.index("decision")].value = "not a case"
    wb.save(book)
    first = runner.invoke(app, ["rejects", "apply", str(book), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "This apply: 1 decisions recorded" in said(first) and "1 dismissed" in said(first)
    decided_file = row[0].value
    kept = (inbox / "_corrections" / "corrections.csv").read_bytes()
    # the sample written again, with another seed: other files, other bytes
    again = runner.invoke(app, ["sample", str(inbox), "--seed", "8", "--force-overwrite"])
    assert again.exit_code == 0, again.output
    assert (inbox / "_corrections" / "corrections.csv").read_bytes() == kept
    run_here([str(inbox)], str(db))
    listed = json.loads(runner.invoke(app, ["rejects", "--db", str(db), "--json"]).output)
    (orphan,) = listed["not_applied"]
    assert orphan["source_file"] == decided_file
    assert orphan["code"] in ("file_changed", "no_file", "no_row")
    summary = runner.invoke(app, ["rejects", "--db", str(db), "--summary", "--json"])
    assert f"not_applied:{orphan['code']}" in {r["code"] for r in json.loads(summary.output)}
    # an apply of a workbook with no edits records nothing, and fails while the orphan stands
    book2 = tmp_path / "r2.xlsx"
    assert runner.invoke(app, ["rejects", "export", str(book2), "--db", str(db)]).exit_code == 0
    stale = runner.invoke(app, ["rejects", "apply", str(book2), "--db", str(db)])
    assert stale.exit_code == 1
    assert "This apply: 0 decisions recorded" in said(stale)
    assert "On file: 1 decisions not applied" in said(stale)
    # cleared in the sheet 'Not applied', it is gone and apply succeeds
    wb = load_workbook(book2)
    ws = wb["Not applied"]
    ws.cell(2, [c.value for c in ws[1]].index("action") + 1).value = "clear"
    wb.save(book2)
    cleared = runner.invoke(app, ["rejects", "apply", str(book2), "--db", str(db)])
    assert cleared.exit_code == 0, cleared.output
    assert "1 cleared" in said(cleared) and "On file: 0 decisions not applied" in said(cleared)


def test_a_mapping_to_another_fields_code_is_refused_with_exit_1(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "Kent Police").mkdir(parents=True)
    (inbox / "Kent Police" / "kent.csv").write_text(
        "Rank,Date,Allegation,Outcome\nPC,2012,posted abuse,Reprimand\n", encoding="utf-8"
    )
    db = tmp_path / "w.duckdb"
    run_here([str(inbox)], str(db))
    book = tmp_path / "r.xlsx"
    assert runner.invoke(app, ["rejects", "export", str(book), "--db", str(db)]).exit_code == 0
    wb = load_workbook(book)
    ws = wb[MAPS]
    ws["F2"] = "police_officer"  # a role code chosen for an outcome
    wb.save(book)
    result = runner.invoke(app, ["rejects", "apply", str(book), "--db", str(db)])
    assert result.exit_code == 1
    assert "mapping 'Reprimand' -> 'police_officer': not a outcome code" in said(result)
    assert not (inbox / "_corrections" / "mappings.csv").exists()
