"""Each documented view's figures on the sample inbox, against the generator's truth."""

from collections import Counter

from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.schemas.bodies import bodies
from foi_ingest.warehouse.report import headline

REQ = load_pack("police-social-media")


def test_force_summary_matches_truth_per_force_and_group(con, truth):
    rows = con.execute(
        "SELECT force_id, cases_low, cases_high, left_force, formal_warning, advice, no_action, "
        "ongoing, other FROM v_force_summary WHERE cases_high > 0"
    ).fetchall()
    groups = ["left_force", "formal_warning", "advice", "no_action", "ongoing", "other"]
    got = {r[0]: (r[1], r[2], dict(zip(groups, r[3:], strict=True))) for r in rows}
    want = {
        f: (t["cases_low"], t["cases_high"], {g: t["outcome_groups"].get(g, 0) for g in groups})
        for f, t in truth["forces"].items()
        if t["cases_high"]
    }
    assert got == want


def test_outcomes_and_years_match_truth(con, truth):
    groups = Counter()
    for group, low in con.execute("SELECT outcome_group, cases_low FROM v_outcomes").fetchall():
        groups[group] += low
    assert dict(groups) == truth["outcome_groups"]
    years = {str(y): low for y, low, _, _ in con.execute("SELECT * FROM v_by_year").fetchall()}
    assert years == truth["years"]


def test_coverage_lists_every_force_and_what_it_sent(con, truth):
    coverage = dict(con.execute("SELECT force_id, coverage FROM v_coverage").fetchall())
    assert set(coverage) == set(bodies(REQ))
    expected_kind = {
        "disclosed": "data",
        "nil_return": "nil_return",
        "refused": "refused",
        "needs_entry": "needs_entry",
        "unparseable": "no_usable_data",
    }
    for force_id, t in truth["forces"].items():
        assert coverage[force_id] == expected_kind[t["status"]], force_id
    assert sum(v == "no_answer" for v in coverage.values()) == len(bodies(REQ)) - len(
        truth["forces"]
    )
    sections = con.execute("SELECT sections FROM v_coverage WHERE force_id = 'kent'").fetchone()[0]
    assert list(sections) == ["12"]


def test_headline_view_and_report_agree_with_truth(con, truth):
    low, high, left, no_action, n_forces = con.execute(
        "SELECT cases_low, cases_high, pct_left_force, pct_no_action, "
        "territorial_forces_with_data FROM v_headline"
    ).fetchone()
    assert (low, high) == (truth["cases_low"], truth["cases_high"])
    assert left == round(100 * truth["outcome_groups"]["left_force"] / truth["cases_low"], 1)
    assert no_action == round(100 * truth["outcome_groups"]["no_action"] / truth["cases_low"], 1)
    territorial = [
        f
        for f, t in truth["forces"].items()
        if t["cases_low"] and bodies(REQ)[f].country in ("England", "Wales")
    ]
    assert n_forces == len(territorial)
    h = headline(REQ, con)
    assert (h["cases_low"], h["shares"]["left_force"], h["bodies_with_data"]) == (
        low,
        left,
        n_forces,
    )
