"""Real FOI returns from ../shared/real-returns, where that folder exists.

Each file ingests without an internal error and keeps the conservation identity. Figures a
careful reader counts in a file go in EXPECTED (file name -> cases loaded) after reading it.
"""

from pathlib import Path

import pytest

from foi_ingest.flows.pipeline import process_file

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-returns"
EXPECTED: dict[str, int] = {}

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"no real returns at {REAL} (shared/real-returns is absent)"
)


def _files() -> list[Path]:
    if not REAL.is_dir():
        return []
    return sorted(p for p in REAL.rglob("*") if p.is_file() and p.name != "SOURCES.md")


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_real_return_is_read_and_rows_add_up(path: Path):
    result = process_file(path, REAL, "real")
    r = result.response
    assert "internal error" not in (r["status_reason"] or "")
    assert r["rows_read"] == r["rows_loaded"] + r["rows_rejected"] + r["rows_skipped"]
    if path.name in EXPECTED:
        assert int(result.cases["case_count_low"].sum()) == EXPECTED[path.name]
