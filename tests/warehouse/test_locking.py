"""One writer at a time: a second writer waits or stops with a clear error; readers are told."""

import subprocess
import sys
import time

import pytest

from foi_ingest.errors import WarehouseError
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.warehouse.db import connect

REQ = load_pack("police-social-media")

HOLD = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
    "time.sleep(float(sys.argv[2]))"
)


def _hold(db, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_writer_waits_then_gets_in(tmp_path, capsys):
    db = tmp_path / "foi.duckdb"
    with connect(db, request=REQ):
        pass
    holder = _hold(db, 2)
    start = time.monotonic()
    with connect(db, request=REQ, wait_seconds=30) as con:
        assert con.execute("SELECT count(*) FROM forces").fetchone()[0] == 45
    assert time.monotonic() - start >= 1
    assert "waiting for another ingest" in capsys.readouterr().err
    holder.wait()


def test_second_writer_gives_up_with_the_lock_named_and_readers_are_told(tmp_path):
    db = tmp_path / "foi.duckdb"
    with connect(db, request=REQ):
        pass
    holder = _hold(db, 5)
    try:
        with (
            pytest.raises(WarehouseError, match="holds the lock"),
            connect(db, request=REQ, wait_seconds=0.5),
        ):
            pass
        with (
            pytest.raises(WarehouseError, match="being written by an ingest run"),
            connect(db, request=REQ, read_only=True),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
