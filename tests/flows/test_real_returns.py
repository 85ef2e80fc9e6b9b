"""Real FOI returns from ../shared/real-returns, where that folder exists (skipped cleanly where
it is absent).

They answer two other mass requests (crimes on hospital grounds; mental-health trusts'
accommodation status), so for this project's police social-media request nothing in them is a
case: each must be read without an internal error, keep the conservation identity, load no
record, and say why ("no table of this request's fields"), even when a file is put in a police
force's folder by mistake. Figures are those counted in SOURCES.md.
"""

import shutil
from functools import cache
from pathlib import Path

import pytest

from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.statuses import SkipKind
from tests.flows.test_unseen_returns import check_invariants

REQ = load_pack("police-social-media")

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-returns"
FOREIGN_REASON = "no table of this request's fields"

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"no real returns at {REAL} (shared/real-returns is absent)"
)


TRUTH_FILES = ("truth.json", "answers.json")
"""A set with a truth file of its own (housing-support, mh-accommodation-more) is the answer to
its own request, read by that request's pack in its own tests; this file covers the six loose
returns of the first two sets."""


def _files() -> list[Path]:
    if not REAL.is_dir():
        return []
    own_truth = {p.parent for name in TRUTH_FILES for p in REAL.glob(f"*/{name}")}
    return sorted(
        p for p in REAL.rglob("*")
        if p.is_file() and p.name != "SOURCES.md" and not own_truth & set(p.parents)
    )  # fmt: skip


@cache
def _read(path: Path):
    return process_file(REQ, path, REAL, "real")  # the 61-page PDF takes ~18 s: read it once


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_real_return_of_another_request_loads_nothing_and_says_why(path: Path, tmp_path: Path):
    result = _read(path)
    check_invariants(result)
    r = result.response
    assert "internal error" not in (r["status_reason"] or "")
    assert len(result.cases) == 0 and r["rows_loaded"] == 0 and not result.rejected
    if path.suffix == ".pdf":  # police forces answering the hospital-crime request
        assert r["status"] == "unparseable" and FOREIGN_REASON in r["status_reason"]
    else:  # NHS trusts are not police forces
        assert r["status"] == "unknown_body"
        police = tmp_path / "Kent Police"
        police.mkdir()
        shutil.copy(path, police / path.name)
        moved = process_file(REQ, police / path.name, tmp_path, "real")
        check_invariants(moved)
        assert len(moved.cases) == 0 and not moved.rejected
        assert moved.response["status"] == "unparseable"


def test_hertfordshire_case_list_is_skipped_row_by_row_as_another_requests_table():
    """4,492 numbered crime rows (SOURCES.md), each skipped as a foreign table's row."""
    result = _read(REAL / "hospital-crime-foi-hertfordshire" / "Hertfordshire.pdf")
    kinds = [s["kind"] for s in result.skipped]
    assert kinds.count(SkipKind.FOREIGN) == 4492
    assert "Outcome Description" in result.response["status_reason"]
