"""The headline an editor would print, computed from the warehouse, optionally for a period.

Where a force suppressed small numbers, totals are ranges: the report says "at least N".
Shares are computed on the lower bounds, and every figure says how many forces it rests on.
With a period window, a record counts in the lower bound only if its whole period lies inside
the window; one that partly overlaps, or has no known period, counts in the upper bound only
(see `cases_in` in warehouse/sql/900_views.sql).
"""

import datetime as dt
from typing import Any

import duckdb

TERRITORIAL = 43
_LOW = "sum(case_count_low) FILTER (WHERE window_fit = 'inside')"
_HIGH = "sum(case_count_high) FILTER (WHERE window_fit IN ('inside', 'partial', 'unknown'))"


def headline(
    con: duckdb.DuckDBPyConnection, d_from: dt.date | None = None, d_to: dt.date | None = None
) -> dict[str, Any]:
    """All headline figures as plain data (the `--json` output)."""
    window = [d_from, d_to]
    w = "WITH w AS (SELECT * FROM cases_in(?::DATE, ?::DATE) WHERE window_fit <> 'outside') "
    low, high, first, last = con.execute(
        f"{w}SELECT coalesce({_LOW}, 0), coalesce({_HIGH}, 0), min(year), max(year) FROM w",
        window,
    ).fetchone()
    ranked = [
        {
            "force_id": r[0],
            "force_name": r[1],
            "country": r[2],
            "cases_low": int(r[3]),
            "cases_high": int(r[4]),
        }
        for r in con.execute(
            w
            + f"""
            SELECT force_id, force_name, country, coalesce({_LOW}, 0) AS lo,
                   coalesce({_HIGH}, 0) AS hi
            FROM w GROUP BY ALL HAVING hi > 0 ORDER BY lo DESC, hi DESC, force_name""",
            window,
        ).fetchall()
    ]
    # forces the lower bound rests on (a force with only partial or unknown periods is not one)
    territorial = [f for f in ranked if f["country"] in ("England", "Wales") and f["cases_low"]]

    def by(column: str) -> dict[str, dict[str, int]]:
        rows = con.execute(
            f"{w}SELECT {column}, coalesce({_LOW}, 0), coalesce({_HIGH}, 0), "
            "count(DISTINCT force_id) FROM w GROUP BY 1 ORDER BY 1 NULLS LAST",
            window,
        ).fetchall()
        return {
            str(k): {"cases_low": int(lo), "cases_high": int(hi), "forces": int(n)}
            for k, lo, hi, n in rows
        }

    groups = by("outcome_group")
    coverage: dict[str, list[dict[str, Any]]] = {}
    for force_id, name, kind, sections in con.execute(
        "SELECT force_id, force_name, coverage, sections FROM v_coverage ORDER BY force_name"
    ).fetchall():
        coverage.setdefault(kind, []).append(
            {"force_id": force_id, "force_name": name, "sections": list(sections or [])}
        )
    files = dict(con.execute("SELECT status, count(*) FROM responses GROUP BY 1").fetchall())
    open_rejects = con.execute(
        "SELECT count(*) FROM rejected_rows WHERE status = 'open'"
    ).fetchone()[0]
    mismatches = [
        r[0]
        for r in con.execute(
            "SELECT source_file FROM responses WHERE total_check LIKE 'mismatch%' ORDER BY 1"
        ).fetchall()
    ]

    def share(group: str) -> float | None:
        return round(100 * groups.get(group, {}).get("cases_low", 0) / low, 1) if low else None

    return {
        "window": {"from": str(d_from) if d_from else None, "to": str(d_to) if d_to else None},
        "cases_low": int(low),
        "cases_high": int(high),
        "exact": low == high,
        "forces_with_data": len(territorial),
        "territorial_forces": TERRITORIAL,
        "other_forces_with_data": [
            f["force_name"]
            for f in ranked
            if f["country"] not in ("England", "Wales") and f["cases_low"]
        ],
        "first_year": first,
        "last_year": last,
        "outcome_groups": groups,
        "roles": by("role"),
        "years": by("year"),
        "share_left_force": share("left_force"),
        "share_no_action": share("no_action"),
        "forces_ranked": ranked,
        "coverage": coverage,
        "files": files,
        "open_rejected_rows": int(open_rejects),
        "total_mismatches": mismatches,
    }


def sentence(h: dict[str, Any]) -> str:
    """The one sentence an editor prints."""
    if not h["cases_high"]:
        return "No cases loaded for this period: run `foi ingest INBOX` first, or widen it."
    top = ", ".join(f"{f['force_name']} ({f['cases_low']})" for f in h["forces_ranked"][:3])
    others = h["other_forces_with_data"]
    also = f" (and {', '.join(others)})" if others else ""
    w = h["window"]
    if w["from"] or w["to"]:
        when = f"between {w['from'] or 'the start'} and {w['to'] or 'today'}"
    else:
        when = f"between {h['first_year']} and {h['last_year']}" if h["first_year"] else ""
    least = "" if h["exact"] else "At least "
    return (
        f"{least}{h['cases_low']} cases were recorded by {h['forces_with_data']} of the "
        f"{h['territorial_forces']} forces of England and Wales{also} {when}; "
        f"{h['share_left_force']}% ended with the officer dismissed, resigning or retiring; "
        f"{h['share_no_action']}% with no further action; {top} recorded the most."
    )


def _total(h: dict[str, Any]) -> str:
    if h["exact"]:
        return f"{h['cases_low']}"
    return f"at least {h['cases_low']} (up to {h['cases_high']})"


COVERAGE_ORDER = ("data", "nil_return", "refused", "needs_entry", "no_usable_data", "no_answer")


def coverage_lines(h: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(kind, number of forces, who) for each kind of answer."""
    out = []
    for kind in COVERAGE_ORDER:
        entries = h["coverage"].get(kind, [])
        if not entries:
            continue
        if kind == "no_answer":
            who = f"{len(entries)} forces"
        else:
            who = ", ".join(
                e["force_name"]
                + (
                    f" (s.{', s.'.join(e['sections'])})"
                    if kind == "refused" and e["sections"]
                    else ""
                )
                for e in entries
            )
        out.append((kind, len(entries), who))
    return out


def render_text(h: dict[str, Any]) -> str:
    """The headline as sentences and short tables, for a terminal."""
    if not h["cases_high"]:
        return sentence(h)
    n = len(h["forces_ranked"])
    lines = [
        sentence(h),
        f"Total: {_total(h)} cases, from {n} forces.",
        "",
        f"Cases by force ({n} forces):",
    ]
    for f in h["forces_ranked"]:
        bound = "" if f["cases_low"] == f["cases_high"] else f" (up to {f['cases_high']})"
        lines.append(f"  {f['force_name']:<40} {f['cases_low']:>6}{bound}")
    lines += ["", f"Outcomes (lower bounds, {n} forces):"]
    for group, v in sorted(h["outcome_groups"].items(), key=lambda kv: -kv[1]["cases_low"]):
        lines.append(f"  {group:<20} {v['cases_low']:>6}  ({v['forces']} forces)")
    lines += ["", "Coverage of forces:"]
    lines += [f"  {kind:<15} {count:>3}: {who}" for kind, count, who in coverage_lines(h)]
    files = ", ".join(f"{k} {v}" for k, v in sorted(h["files"].items()))
    lines += [
        "",
        f"Files: {files}. Open rejected rows: {h['open_rejected_rows']} (see `foi rejects`).",
    ]
    if h["total_mismatches"]:
        lines.append(
            "Stated totals that disagree with their rows: " + ", ".join(h["total_mismatches"])
        )
    return "\n".join(lines)


def render_markdown(h: dict[str, Any]) -> str:
    """The same report as markdown (also published as a Prefect artifact after each run)."""
    n = len(h["forces_ranked"])
    lines = [
        "# Misuse of social media by police officers and staff",
        "",
        sentence(h),
        "",
        f"**Total:** {_total(h)} cases, from {n} forces.",
        "",
        f"## Cases by force ({n} forces)",
        "",
        "| force | cases | up to |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {f['force_name']} | {f['cases_low']} | {f['cases_high']} |" for f in h["forces_ranked"]
    ]
    lines += [
        "",
        f"## Outcomes ({n} forces)",
        "",
        "| outcome group | cases | forces |",
        "|---|---:|---:|",
    ]
    lines += [f"| {g} | {v['cases_low']} | {v['forces']} |" for g, v in h["outcome_groups"].items()]
    lines += ["", "## Coverage", "", "| answer | forces | who |", "|---|---:|---|"]
    lines += [f"| {k} | {c} | {w} |" for k, c, w in coverage_lines(h)]
    return "\n".join(lines) + "\n"
