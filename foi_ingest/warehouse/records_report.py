"""The report every request has, from `v_figures` and `v_coverage` alone: totals with bounds,
the bodies that recorded the most, totals by period, and who answered. Figures come from one
breakdown of each return (`v_figures`), never the sum of tables counting the same population.
A request whose pack declares its own headline views (the police request's `v_headline`) gets
that report instead (`warehouse/report.py`)."""

from typing import Any

import duckdb

from foi_ingest.packs import current


def has_own_headline(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the request's schema holds the police-style headline views."""
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_headline' "
        "AND schema_name = current_schema()"
    ).fetchone()[0])  # fmt: skip


def records_figures(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The figures of the generic report."""
    low, high, bodies = con.execute(
        "SELECT coalesce(sum(count_low), 0), coalesce(sum(count_high), 0), "
        "count(DISTINCT body_id) FROM v_figures"
    ).fetchone()
    top = con.execute(
        "SELECT body_name, sum(count_low), sum(count_high) FROM v_figures GROUP BY 1 "
        "ORDER BY 2 DESC, 1 LIMIT 10"
    ).fetchall()
    periods = con.execute(
        "SELECT year, sum(count_low), sum(count_high) FROM v_figures GROUP BY 1 "
        "ORDER BY 1 NULLS LAST"
    ).fetchall()
    coverage = dict(con.execute("SELECT coverage, count(*) FROM v_coverage GROUP BY 1").fetchall())
    return {
        "request": current().id, "title": current().title, "count_low": int(low),
        "count_high": int(high), "bodies_with_data": int(bodies),
        "top_bodies": [(n, int(lo), int(hi)) for n, lo, hi in top],
        "by_year": [(y, int(lo), int(hi)) for y, lo, hi in periods], "coverage": coverage,
    }  # fmt: skip


def render_records(f: dict[str, Any]) -> str:
    """The generic report as text."""

    def pair(low: int, high: int) -> str:
        return f"{low}" if low == high else f"at least {low} (up to {high})"

    lines = [
        f"{f['title']} ({f['request']})",
        f"Total: {pair(f['count_low'], f['count_high'])}, from {f['bodies_with_data']} bodies.",
        "",
        "By body:",
        *(f"  {name:<40} {pair(lo, hi)}" for name, lo, hi in f["top_bodies"]),
        "",
        "By year (a financial year under its first year):",
        *(
            f"  {year if year is not None else 'unknown':<8} {pair(lo, hi)}"
            for year, lo, hi in f["by_year"]
        ),  # fmt: skip
        "",
        "Coverage: " + ", ".join(f"{k} {v}" for k, v in sorted(f["coverage"].items())),
    ]
    return "\n".join(lines)
