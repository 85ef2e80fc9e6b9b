"""A file that takes longer than its time budget ends as `unparseable` with the budget named;
the run goes on with the other files."""

from foi_ingest.flows.ingest import run_ingest
from foi_ingest.sample.model import Inbox, Target
from foi_ingest.sample.pdfs import ruled_multipage
from tests.returns import police_db


def test_slow_file_is_stopped_and_the_run_goes_on(prefect_harness, tmp_path, monkeypatch):
    import random

    inbox_dir = tmp_path / "inbox"
    inbox_dir.mkdir()
    ruled_multipage(Inbox(inbox_dir, random.Random(1)), Target("kent", "Kent"), 6000)  # ~240 pages
    (inbox_dir / "Essex").mkdir()
    (inbox_dir / "Essex" / "quick.csv").write_text("Rank,Date,Outcome\nPC,2012,NFA\n")
    monkeypatch.setenv("FOI_LIMIT_FILE_SECONDS", "1")  # the PDF takes ~4 s
    db = tmp_path / "foi.duckdb"
    summary = run_ingest([str(inbox_dir)], str(db), max_workers=1)
    with police_db(db) as con:
        rows = dict(con.execute("SELECT force_id, status || ': ' || coalesce(status_reason, '') "
                                "FROM responses").fetchall())  # fmt: skip
    assert rows["essex"].startswith("disclosed")
    assert rows["kent"].startswith("unparseable: reading took longer than the time budget of 1 s")
    assert summary["failed"] == 0
