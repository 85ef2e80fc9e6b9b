"""A run reads what it is given and removes only what it was told to cover (issue 19).

On a copy of the sample inbox: the whole inbox, then one file, then one body's folder, then a
file deleted from the inbox; each leaves exactly the records it should. Figures are the
warehouse's own after the whole-inbox run (the sample's truth is asserted elsewhere), so each
step is compared with what it must keep.
"""

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.flows.discover import inbox_of, scope_of
from foi_ingest.flows.ingest import run_ingest
from foi_ingest.flows.recipe import run_here
from foi_ingest.packs import load_pack  # noqa: E402
from tests.returns import police_db

REQ = load_pack("police-social-media")

BY_FILE = "SELECT source_file, count(*), sum(case_count_low) FROM cases GROUP BY 1 ORDER BY 1"


def _state(db: Path) -> tuple[list[tuple], int]:
    with police_db(db) as con:
        return con.execute(BY_FILE).fetchall(), con.execute(
            "SELECT count(*) FROM responses"
        ).fetchone()[0]


@pytest.fixture
def whole(prefect_harness, sample_inbox, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    db = tmp_path / "w.duckdb"
    run_ingest([str(inbox)], str(db))
    return inbox, db, *_state(db)


def test_ingesting_one_file_keeps_every_other_body(whole):
    inbox, db, records, responses = whole
    essex = next((inbox / "Essex Police").iterdir())
    summary = run_here([str(essex)], str(db))
    assert (summary["removed"], summary["retired"]) == (0, [])
    assert _state(db) == (records, responses)
    # changed, it is re-read alone, under the relative path a whole-inbox run gives it
    essex.write_bytes(essex.read_bytes())  # same bytes: unchanged, not re-read
    result = CliRunner().invoke(app, ["ingest", str(essex), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "0 removed" in result.output and "1 unchanged" in result.output
    assert _state(db) == (records, responses)


def test_ingesting_one_changed_file_rereads_it_alone(whole):
    inbox, db, records, responses = whole
    avon = inbox / "Avon & Somerset" / "social_media_cases.csv"
    rel = "Avon & Somerset/social_media_cases.csv"
    before = dict((f, (n, low)) for f, n, low in records)
    avon.write_bytes(avon.read_bytes().replace(b"\r\nTotal", b"\r\nPC,2013,New,NFA\r\nTotal"))
    summary = run_here([str(avon)], str(db))
    assert (summary["changed"], summary["removed"]) == (1, 0)
    after, n_responses = _state(db)
    assert n_responses == responses
    changed = {f: (n, low) for f, n, low in after}
    assert changed[rel] == (before[rel][0] + 1, before[rel][1] + 1)
    assert {f: v for f, v in changed.items() if f != rel} == {
        f: v for f, v in before.items() if f != rel
    }


def test_ingesting_one_body_folder_retires_only_what_left_it(whole):
    inbox, db, records, responses = whole
    folder = inbox / "Greater Manchester Police"
    gmp = sorted(p.name for p in folder.iterdir())
    assert len(gmp) == 2, "the sample has a GMP folder with a copy"
    summary = run_here([str(folder)], str(db))  # a folder given whole, nothing gone: no change
    assert (summary["removed"], summary["unchanged"]) == (0, len(gmp))
    assert _state(db) == (records, responses)
    gone = folder / gmp[0]
    gone.unlink()
    summary = run_ingest([str(folder)], str(db))  # the flow scopes the same way
    assert summary["removed"] == 1
    assert summary["retired"] == [
        {"file": f"Greater Manchester Police/{gmp[0]}",
         "why": "no longer in the folder Greater Manchester Police this run "
         "read"}
    ]  # fmt: skip
    after, n_responses = _state(db)
    assert n_responses == responses - 1
    assert after == [r for r in records if r[0] != f"Greater Manchester Police/{gmp[0]}"]


def test_a_file_deleted_from_the_inbox_is_retired_by_a_whole_inbox_run(whole):
    inbox, db, records, responses = whole
    victim = inbox / "Durham Constabulary"
    deleted = sorted(victim.iterdir())[0]
    rel = f"Durham Constabulary/{deleted.name}"
    deleted.unlink()
    summary = run_here([str(inbox / "Essex Police")], str(db))  # another folder: not retired
    assert summary["removed"] == 0 and _state(db)[1] == responses
    summary = run_ingest([str(inbox)], str(db))
    assert summary["removed"] == 1 and summary["retired"][0]["file"] == rel
    assert "inbox" in summary["retired"][0]["why"]
    after, n_responses = _state(db)
    assert n_responses == responses - 1
    assert after == [r for r in records if r[0] != rel]


def test_a_path_is_placed_in_its_inbox_by_markers_or_earlier_runs(tmp_path):
    inbox = tmp_path / "box"
    (inbox / "Kent Police").mkdir(parents=True)
    (inbox / "Kent Police" / "a.csv").write_text("x\n")
    (inbox / "Odd name").mkdir()
    (inbox / "Odd name" / "b.csv").write_text("x\n")
    # no marker, no earlier run: a body-named folder's inbox is its parent; a file's, its
    # grandparent; any other folder is an inbox itself
    assert inbox_of(REQ, inbox / "Kent Police") == inbox.resolve()
    assert inbox_of(REQ, inbox / "Kent Police" / "a.csv") == inbox.resolve()
    assert inbox_of(REQ, inbox / "Odd name") == (inbox / "Odd name").resolve()
    # an earlier run's inbox, or a marker only an inbox holds, decides
    assert inbox_of(REQ, inbox / "Odd name", known=[inbox]) == inbox.resolve()
    (inbox / "request.yaml").write_text("request: police-social-media\n")
    assert inbox_of(REQ, inbox / "Odd name") == inbox.resolve()
    scope = scope_of(REQ, inbox / "Odd name")
    assert scope.covers("Odd name/b.csv") and not scope.covers("Kent Police/a.csv")
    assert not scope.covers("Odd name2/c.csv")  # a prefix of a name is not its folder
    assert scope_of(REQ, inbox / "Kent Police" / "a.csv").covers("Kent Police/a.csv")
