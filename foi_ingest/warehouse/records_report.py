"""The report every request has, from `v_figures` and `v_coverage` alone: figures with bounds,
by body and period, and who answered. Figures come from one breakdown of each return
(`v_figures`), never the sum of tables counting the same population.

What fits a request is declared in its pack (`headline:` in request.yaml), not coded here:
- `by`: fields stated once per table that split every figure (a trust's three cohorts are three
  populations, never added);
- `period: sum` (default): counts of events (crimes) add up over periods, so the report gives
  totals per body and per year; `period: latest`: a monthly snapshot of people (a caseload)
  does not add up over months, so the report gives each body's first and latest month.

A pack that declares a ranked headline (`headline.table`, `shares`: the police request) gets
that report instead (`warehouse/report.py`).
"""

from typing import Any

import duckdb

from foi_ingest.errors import ConfigError
from foi_ingest.packs import Request
from foi_ingest.schemas.record import dimensions
from foi_ingest.warehouse.report import at_least


def headline_spec(request: Request) -> tuple[list[str], str]:
    """(fields that split figures, 'sum' or 'latest') from the pack's `headline:`."""
    spec = request.spec.headline.model_dump(exclude_none=True)
    by = list(spec.get("by") or [])
    stated = {d.name for d in dimensions(request) if d.source == "title"}
    unknown = [b for b in by if b not in stated]
    mode = spec.get("period", "sum")
    if unknown or mode not in ("sum", "latest"):
        raise ConfigError(
            f"{request.root}/request.yaml: headline.by takes fields read from a table's title "
            f"({', '.join(sorted(stated)) or 'none declared'}), headline.period 'sum' or 'latest'"
        )
    return by, mode


def records_figures(request: Request, con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The figures of the generic report."""
    by, mode = headline_spec(request)
    split = "".join(f", {b}" for b in by)
    coverage = dict(con.execute("SELECT coverage, count(*) FROM v_coverage GROUP BY 1").fetchall())
    bodies = con.execute("SELECT count(DISTINCT body_id) FROM v_figures").fetchone()[0]
    out: dict[str, Any] = {
        "request": request.id, "title": request.title, "by": by, "period": mode,
        "bodies_with_data": int(bodies), "coverage": coverage,
    }  # fmt: skip
    if mode == "latest":
        rows = con.execute(
            f"SELECT body_name{split}, min(period_start), arg_min(count_low, period_start), "
            "arg_min(count_high, period_start), max(period_start), "
            "arg_max(count_low, period_start), arg_max(count_high, period_start) "
            f"FROM v_figures GROUP BY body_name{split} ORDER BY body_name{split}"
        ).fetchall()
        out["first_and_latest"] = [
            {"body": r[0], **dict(zip(by, r[1 : 1 + len(by)], strict=True)),
             "first": (str(r[-6]), int(r[-5]), int(r[-4])),
             "latest": (str(r[-3]), int(r[-2]), int(r[-1]))}
            for r in rows
        ]  # fmt: skip
        return out
    low, high = con.execute(
        "SELECT coalesce(sum(count_low), 0), coalesce(sum(count_high), 0) FROM v_figures"
    ).fetchone()
    top = con.execute(
        f"SELECT body_name{split}, sum(count_low), sum(count_high) FROM v_figures "
        f"GROUP BY body_name{split} ORDER BY {2 + len(by)} DESC, 1 LIMIT 10"
    ).fetchall()
    periods = con.execute(
        f"SELECT year{split}, sum(count_low), sum(count_high) FROM v_figures "
        f"GROUP BY year{split} ORDER BY 1 NULLS LAST{split}"
    ).fetchall()
    out.update(
        count_low=int(low), count_high=int(high),
        top_bodies=[(r[0], *r[1 : 1 + len(by)], int(r[-2]), int(r[-1])) for r in top],
        by_year=[(r[0], *r[1 : 1 + len(by)], int(r[-2]), int(r[-1])) for r in periods],
    )  # fmt: skip
    return out


def render_records(f: dict[str, Any]) -> str:
    """The generic report as text."""
    lines = [f"{f['title']} ({f['request']})"]
    if f["period"] == "latest":
        lines += [
            f"Monthly figures from {f['bodies_with_data']} bodies (one table per figure; "
            "months are not added up).",
            "",
            "First and latest month, by body" + "".join(f" and {b}" for b in f["by"]) + ":",
        ]
        for row in f["first_and_latest"]:
            split = "".join(f" {row[b]}" for b in f["by"])
            (d0, lo0, hi0), (d1, lo1, hi1) = row["first"], row["latest"]
            lines.append(
                f"  {row['body'][:40]:<40}{split:<6} {d0[:7]}: {at_least(lo0, hi0)}; "
                f"{d1[:7]}: {at_least(lo1, hi1)}"
            )
    else:
        n = len(f["by"])
        lines += [
            f"Total: {at_least(f['count_low'], f['count_high'])}, from {f['bodies_with_data']} "
            "bodies.",
            "",
            "By body:",
            *(f"  {r[0]:<40} {' '.join(map(str, r[1 : 1 + n]))} {at_least(r[-2], r[-1])}".rstrip()
              for r in f["top_bodies"]),
            "",
            "By year (a financial year under its first year):",
            *(f"  {r[0] if r[0] is not None else 'no year':<8} "
              f"{' '.join(map(str, r[1 : 1 + n]))} {at_least(r[-2], r[-1])}"
              for r in f["by_year"]),
        ]  # fmt: skip
    lines += ["", "Coverage: " + ", ".join(f"{k} {v}" for k, v in sorted(f["coverage"].items()))]
    return "\n".join(lines)
