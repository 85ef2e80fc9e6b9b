"""The headline an editor would print, computed from the views.

Where a force suppressed small numbers, totals are ranges: the report says "at least N".
Shares are computed on the lower bounds, and every figure says how many forces it rests on.
"""

from typing import Any

import duckdb

TERRITORIAL = 43


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple:
    return con.execute(sql, params or []).fetchone() or ()


def headline(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """All headline figures as plain data (the `--json` output)."""
    low, high, first, last, n_forces = _one(
        con,
        """
        SELECT coalesce(sum(case_count_low), 0), coalesce(sum(case_count_high), 0),
               min(year), max(year),
               count(DISTINCT force_id) FILTER (WHERE country IN ('England', 'Wales'))
        FROM v_cases""",
    )
    others = [
        r[0]
        for r in con.execute("""
        SELECT DISTINCT force_name FROM v_cases WHERE country NOT IN ('England', 'Wales')
        ORDER BY 1""").fetchall()
    ]
    groups = dict(
        con.execute("""
        SELECT outcome_group, sum(case_count_low) FROM cases GROUP BY 1""").fetchall()
    )
    roles = dict(con.execute("SELECT role, sum(case_count_low) FROM cases GROUP BY 1").fetchall())
    ranked = [
        {"force_id": r[0], "force_name": r[1], "cases_low": r[2], "cases_high": r[3]}
        for r in con.execute("""
            SELECT force_id, force_name, cases_low, cases_high FROM v_force_summary
            WHERE cases_high > 0 ORDER BY cases_low DESC, cases_high DESC, force_name""").fetchall()
    ]
    coverage: dict[str, list[dict[str, Any]]] = {}
    for force_id, name, kind, sections in con.execute("""
            SELECT force_id, force_name, coverage, sections FROM v_coverage
            ORDER BY force_name""").fetchall():
        coverage.setdefault(kind, []).append(
            {"force_id": force_id, "force_name": name, "sections": list(sections or [])}
        )
    files = dict(con.execute("SELECT status, count(*) FROM responses GROUP BY 1").fetchall())
    open_rejects = _one(con, "SELECT count(*) FROM rejected_rows WHERE status = 'open'")[0]
    mismatches = [
        r[0]
        for r in con.execute(
            "SELECT source_file FROM responses WHERE total_check LIKE 'mismatch%' ORDER BY 1"
        ).fetchall()
    ]

    def share(group: str) -> float | None:
        return round(100 * groups.get(group, 0) / low, 1) if low else None

    return {
        "cases_low": int(low), "cases_high": int(high), "exact": low == high,
        "forces_with_data": int(n_forces), "territorial_forces": TERRITORIAL,
        "other_forces_with_data": others,
        "first_year": first, "last_year": last,
        "outcome_groups": {k: int(v) for k, v in groups.items()},
        "roles": {k: int(v) for k, v in roles.items()},
        "share_left_force": share("left_force"), "share_no_action": share("no_action"),
        "forces_ranked": ranked, "coverage": coverage, "files": files,
        "open_rejected_rows": int(open_rejects), "total_mismatches": mismatches,
    }  # fmt: skip


def render_text(h: dict[str, Any]) -> str:
    """The headline as sentences and a short table, for a terminal."""
    if not h["cases_high"]:
        return "No cases loaded yet: run `foi ingest INBOX` first."
    total = (
        f"{h['cases_low']}"
        if h["exact"]
        else f"At least {h['cases_low']} (up to {h['cases_high']})"
    )
    top = h["forces_ranked"][:3]
    top_text = ", ".join(f"{f['force_name']} ({f['cases_low']})" for f in top)
    years = f"between {h['first_year']} and {h['last_year']}" if h["first_year"] else ""
    others = h["other_forces_with_data"]
    also = f" (and {', '.join(others)})" if others else ""
    lines = [
        f"{'At least ' if not h['exact'] else ''}{h['cases_low']} cases were recorded by "
        f"{h['forces_with_data']} of the {h['territorial_forces']} forces of England and Wales"
        f"{also} {years}; "
        f"{h['share_left_force']}% ended with the officer dismissed, resigning or retiring; "
        f"{h['share_no_action']}% with no further action; {top_text} recorded the most.",
        f"Total: {total} cases.",
        "",
        "Cases by force:",
    ]
    for f in h["forces_ranked"]:
        bound = "" if f["cases_low"] == f["cases_high"] else f" (up to {f['cases_high']})"
        lines.append(f"  {f['force_name']:<40} {f['cases_low']:>6}{bound}")
    lines += ["", "Outcomes (lower bounds):"]
    for group, n in sorted(h["outcome_groups"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {group:<20} {n:>6}")
    lines += ["", "Coverage of forces:"]
    for kind in ("data", "nil_return", "refused", "needs_entry", "no_usable_data", "no_answer"):
        entries = h["coverage"].get(kind, [])
        if not entries:
            continue
        names = (
            ", ".join(
                e["force_name"]
                + (
                    f" (s.{', s.'.join(e['sections'])})"
                    if kind == "refused" and e["sections"]
                    else ""
                )
                for e in entries
            )
            if kind != "no_answer"
            else f"{len(entries)} forces"
        )
        lines.append(f"  {kind:<15} {len(entries):>3}: {names}")
    files = ", ".join(f"{k} {v}" for k, v in sorted(h["files"].items()))
    lines += [
        "",
        f"Files: {files}. Open rejected rows: {h['open_rejected_rows']} (see `foi rejects`).",
    ]
    if h["total_mismatches"]:
        lines.append(
            "Stated totals that do not match their rows: " + ", ".join(h["total_mismatches"])
        )
    return "\n".join(lines)
