"""Killed mid-run with SIGKILL: the warehouse holds whole files only, and a re-run completes to
the same totals as a run that was never interrupted."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from foi_ingest.flows.ingest import run_ingest
from tests.returns import police_db

TOTALS = "SELECT force_id, sum(case_count_low), count(*) FROM cases GROUP BY 1 ORDER BY 1"


def _inbox(root: Path, files: int) -> None:
    rows = "\n".join(f"PC,0{1 + i % 9}/03/2012,Posted item {i},NFA" for i in range(40))
    for i in range(files):
        path = root / ("Kent", "Essex", "Durham", "Dorset")[i % 4] / f"return-{i:04d}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Rank,Date,Allegation,Outcome\n{rows}\n", encoding="utf-8")
        path.write_text(path.read_text() + f"DC,2013,unique {i},FWW\n", encoding="utf-8")


def test_sigkill_mid_run_leaves_whole_files_and_rerun_completes(prefect_harness, tmp_path):
    inbox = tmp_path / "inbox"
    _inbox(inbox, 120)
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "foi_ingest.cli", "ingest", str(inbox), "--db", str(db),
         "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    printed = 0
    for line in proc.stdout:
        if line.startswith("disclosed"):
            printed += 1
        if printed == 30:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with police_db(db) as con:
        loaded = con.execute("SELECT count(*) FROM responses").fetchone()[0]
        partial = con.execute("""
            SELECT count(*) FROM responses r
            WHERE rows_loaded <> (SELECT count(*) FROM cases c WHERE c.source_file = r.source_file)
        """).fetchone()[0]
    assert 30 <= loaded < 120  # what was committed before the kill, and not everything
    assert partial == 0  # no file half-loaded

    summary = run_ingest([str(inbox)], str(db))
    assert summary["unchanged"] == loaded and summary["new"] == 120 - loaded
    clean = tmp_path / "clean.duckdb"
    run_ingest([str(inbox)], str(clean))
    with (
        police_db(db) as a,
        police_db(clean) as b,
    ):
        assert a.execute(TOTALS).fetchall() == b.execute(TOTALS).fetchall()
