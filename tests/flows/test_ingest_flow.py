"""The whole path through the Prefect flow, asserted against the generator's truth."""

import re
import shutil
from collections import defaultdict

import pytest

from foi_ingest.flows.ingest import run_ingest
from tests.returns import police_db


def _sum_by(con, column: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for force_id, key, low in con.execute(
        f"SELECT force_id, {column}, sum(case_count_low) FROM cases GROUP BY ALL"
    ).fetchall():
        out[force_id][str(key)] = int(low)
    return out


def test_every_force_total_matches_truth(con, truth):
    got = {
        f: (int(lo), int(hi))
        for f, lo, hi in con.execute(
            "SELECT force_id, sum(case_count_low), sum(case_count_high) FROM cases GROUP BY 1"
        ).fetchall()
    }
    want = {
        f: (t["cases_low"], t["cases_high"]) for f, t in truth["forces"].items() if t["cases_high"]
    }
    assert got == want
    assert sum(lo for lo, _ in got.values()) == truth["cases_low"]


def test_outcome_groups_roles_and_years_per_force_match_truth(con, truth):
    for column, key in (("outcome_group", "outcome_groups"), ("role", "roles"), ("year", "years")):
        got = _sum_by(con, column)
        want = {f: t[key] for f, t in truth["forces"].items() if t["cases_high"]}
        assert dict(got) == want, column


def test_each_file_has_the_status_and_rejections_a_reader_expects(con, truth):
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT source_file, status, rows_rejected, sections FROM responses"
        ).fetchall()
    }
    assert set(rows) == set(truth["file_status"])
    for rel, want in truth["file_status"].items():
        status, rejected, sections = rows[rel]
        assert (status, rejected) == (want["status"], want["rows_rejected"]), rel
        if "sections" in want:
            assert list(sections) == want["sections"], rel


def test_stated_totals_are_checked_and_a_mismatch_is_flagged(con, truth):
    checks = dict(
        con.execute(
            "SELECT source_file, total_check FROM responses WHERE total_check IS NOT NULL"
        ).fetchall()
    )
    want = {f: v["total_check"] for f, v in truth["file_status"].items() if "total_check" in v}
    assert want and {f: (checks.get(f) or "")[: len(w)] for f, w in want.items()} == want


def test_rows_read_equal_loaded_plus_rejected_plus_skipped_for_every_file(con):
    rows = con.execute("""
        SELECT r.source_file, r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_skipped,
               (SELECT count(DISTINCT source_location) FROM cases c
                 WHERE c.source_file = r.source_file),
               (SELECT count(*) FROM rejected_rows j WHERE j.source_file = r.source_file
                  AND j.status <> 'corrected'),
               (SELECT count(*) FROM skipped_rows s WHERE s.source_file = r.source_file)
        FROM responses r""").fetchall()
    assert rows
    for rel, read, loaded, rejected, skipped, n_cases, n_rej, n_skip in rows:
        assert read == loaded + rejected + skipped, rel
        assert (loaded, rejected, skipped) == (n_cases, n_rej, n_skip), rel


def test_every_record_knows_its_file_hash_and_cell(con):
    missing = con.execute("""
        SELECT count(*) FROM cases WHERE source_file IS NULL OR length(source_sha256) <> 64
           OR source_row IS NULL
           OR (source_sheet IS NULL AND source_page IS NULL
               AND source_file NOT LIKE '%.csv' AND source_file NOT LIKE '%.txt')
    """).fetchone()[0]
    assert missing == 0
    sheet, row = con.execute("""
        SELECT source_sheet, source_row FROM cases WHERE force_id = 'northumbria'
        ORDER BY source_row LIMIT 1""").fetchone()
    assert (sheet, row) == ("FOI", 5)  # title, 2 header rows, the '2011' section row


def test_unknown_format_and_unknown_force_are_recorded_and_the_run_goes_on(con, ingested, truth):
    _, summary = ingested
    reasons = dict(
        con.execute(
            "SELECT source_file, status_reason FROM responses WHERE status IN "
            "('unparseable', 'unknown_body')"
        ).fetchall()
    )
    assert "legacy Office file" in reasons["Lancashire Constabulary/response.doc"]
    assert "empty file" in reasons["Cheshire/cheshire_foi.csv"]
    assert "force not recognised from folder 'misc'" in reasons["misc/response from police.csv"]
    assert summary["failed"] == 0
    assert summary["statuses"]["disclosed"] == sum(
        v["status"] == "disclosed" for v in truth["file_status"].values()
    )


def test_unknown_phrasing_is_rejected_with_suggestions_not_guessed(con):
    reasons, suggestions = con.execute(
        "SELECT reasons, suggestions FROM rejected_rows WHERE force_id = 'west-midlands'"
    ).fetchone()
    assert reasons == ["unknown outcome 'Reprimand'"]
    assert '"outcome": [' in suggestions


def test_reingesting_is_a_no_op(ingested, sample_inbox, tmp_path):
    db, _ = ingested
    copy = tmp_path / "foi.duckdb"
    shutil.copyfile(db, copy)
    snapshot = (
        "SELECT force_id, sum(case_count_low), count(*), list(source_location ORDER BY "
        "source_location) FROM cases GROUP BY 1 ORDER BY 1"
    )
    with police_db(copy) as c:
        before = c.execute(snapshot).fetchall()
        responses = c.execute("SELECT source_file, status FROM responses ORDER BY 1").fetchall()
    again = run_ingest([str(sample_inbox)], str(copy))
    assert (again["new"], again["changed"], again["removed"]) == (0, 0, 0)
    assert again["unchanged"] == again["files_seen"] == len(responses)
    with police_db(copy) as c:
        assert c.execute(snapshot).fetchall() == before
        assert (
            c.execute("SELECT source_file, status FROM responses ORDER BY 1").fetchall()
            == responses
        )


def test_a_changed_file_replaces_its_old_rows_and_a_removed_file_is_forgotten(
    ingested, sample_inbox, tmp_path
):
    from openpyxl import load_workbook

    db, _ = ingested
    copy = tmp_path / "foi.duckdb"
    shutil.copyfile(db, copy)
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_inbox, inbox)
    durham = inbox / "Durham Constabulary" / "durham_response.xlsx"
    wb = load_workbook(durham)
    wb.active.delete_rows(wb.active.max_row)  # the force sends a corrected file: one case fewer
    wb.save(durham)
    (inbox / "Dorset" / "Dorset Police FOI 2014-0077.pdf").unlink()
    with police_db(copy) as c:
        durham_before = c.execute(
            "SELECT count(*) FROM cases WHERE force_id = 'durham'"
        ).fetchone()[0]
    summary = run_ingest([str(inbox)], str(copy))
    assert (summary["changed"], summary["removed"], summary["new"]) == (1, 1, 0)
    with police_db(copy) as c:
        durham_after = c.execute("SELECT count(*) FROM cases WHERE force_id = 'durham'").fetchone()[
            0
        ]
        dorset = c.execute("SELECT count(*) FROM responses WHERE force_id = 'dorset'").fetchone()[0]
    assert (durham_after, dorset) == (durham_before - 1, 0)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("missing", "inbox not found: "),
        ("empty", "the inbox holds no files: "),
        ("{{ $FOI_INBOX }}", "registered without FOI_INBOX set"),
    ],
)
def test_a_wrong_inbox_fails_the_run_with_what_to_fix(prefect_harness, tmp_path, given, message):
    """A mistyped or unfilled path never ends as a run that completes having loaded nothing."""
    from foi_ingest.flows.discover import InboxError
    from foi_ingest.flows.ingest import run_ingest

    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "request.yaml").write_text("request: police-social-media\n")
    path = given if "{{" in given else str(tmp_path / given)
    with pytest.raises(InboxError, match=re.escape(message)):
        run_ingest([path], str(tmp_path / "w.duckdb"))
    assert not (tmp_path / "w.duckdb").exists()  # failed before the warehouse was opened
