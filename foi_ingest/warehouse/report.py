"""The headline an editor would print, computed from the warehouse, optionally for a period, as
the request pack declares it (`headline:` in request.yaml: what a record counts, which bodies
the "N of M" counts, the field tabulated under it, the shares said in words, the ranking).
Nothing here names a request's fields.

Where a body suppressed small numbers, totals are ranges: the report says "at least N".
Shares are computed on the lower bounds, and every figure says how many bodies it rests on.
With a period window, a record counts in the lower bound only if its whole period lies inside
the window; one that partly overlaps, or has no known period, counts in the upper bound only
(see `cases_in` in warehouse/sql/request/900_views.sql).
"""

import datetime as dt
from typing import Any

import duckdb

from foi_ingest.errors import ConfigError
from foi_ingest.packs import Request
from foi_ingest.schemas.bodies import body_noun
from foi_ingest.schemas.record import dimensions

_LOW = "sum(case_count_low) FILTER (WHERE window_fit = 'inside')"
_HIGH = "sum(case_count_high) FILTER (WHERE window_fit IN ('inside', 'partial', 'unknown'))"


def spec(request: Request) -> dict[str, Any]:
    """The active pack's ranked headline (`headline.table`), checked against its fields."""
    declared = request.spec.headline.model_dump(exclude_none=True)
    fields = {c for d in dimensions(request) for c in d.columns}
    named = [declared.get("table", {}).get("field"), *(s.get("field") for s in
             declared.get("shares", []))]  # fmt: skip
    unknown = [f for f in named if f not in fields]
    if unknown:
        raise ConfigError(
            f"{request.root}/request.yaml: headline names {unknown}, not fields of the request "
            f"({', '.join(sorted(fields))})"
        )
    return declared


def ranked_headline(request: Request) -> bool:
    """Whether the active pack declares a ranked headline (a table and shares), rather than the
    generic report of `records_report`."""
    return request.spec.headline.table is not None


def headline(
    request: Request,
    con: duckdb.DuckDBPyConnection,
    d_from: dt.date | None = None,
    d_to: dt.date | None = None,
) -> dict[str, Any]:
    """All headline figures as plain data (the `--json` output)."""
    s = spec(request)
    scope = s["scope"]
    window = [d_from, d_to]
    w = "WITH w AS (SELECT * FROM cases_in(?::DATE, ?::DATE) WHERE window_fit <> 'outside') "
    low, high, first, last = con.execute(
        f"{w}SELECT coalesce({_LOW}, 0), coalesce({_HIGH}, 0), min(year), max(year) FROM w",
        window,
    ).fetchone()
    ranked = [
        {"body_id": r[0], "body_name": r[1], "scope": r[2], "cases_low": int(r[3]),
         "cases_high": int(r[4])}
        for r in con.execute(
            w
            + f"""
            SELECT force_id, force_name, {scope["field"]}, coalesce({_LOW}, 0) AS lo,
                   coalesce({_HIGH}, 0) AS hi
            FROM w GROUP BY ALL HAVING hi > 0 ORDER BY lo DESC, hi DESC, force_name""",
            window,
        ).fetchall()
    ]  # fmt: skip
    # bodies the lower bound rests on (one with only partial or unknown periods is not one)
    in_scope = [b for b in ranked if b["scope"] in scope["values"] and b["cases_low"]]

    def by(column: str) -> dict[str, dict[str, int]]:
        rows = con.execute(
            f"{w}SELECT {column}, coalesce({_LOW}, 0), coalesce({_HIGH}, 0), "
            "count(DISTINCT force_id) FROM w GROUP BY 1 ORDER BY 1 NULLS LAST",
            window,
        ).fetchall()
        return {
            str(k): {"cases_low": int(lo), "cases_high": int(hi), "bodies": int(n)}
            for k, lo, hi, n in rows
        }

    coverage: dict[str, list[dict[str, Any]]] = {}
    for body_id, name, kind, sections in con.execute(
        "SELECT force_id, force_name, coverage, sections FROM v_coverage ORDER BY force_name"
    ).fetchall():
        coverage.setdefault(kind, []).append(
            {"body_id": body_id, "body_name": name, "sections": list(sections or [])}
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
    breakdowns = {
        c: by(c) for d in dimensions(request) if d.vocabulary for c in (d.name, d.group) if c
    }
    breakdowns["year"] = by("year")

    def share(field: str, value: str) -> float | None:
        found = breakdowns[field].get(value, {}).get("cases_low", 0)
        return round(100 * found / low, 1) if low else None

    return {
        "window": {"from": str(d_from) if d_from else None, "to": str(d_to) if d_to else None},
        "cases_low": int(low),
        "cases_high": int(high),
        "exact": low == high,
        "bodies_with_data": len(in_scope),
        "bodies_in_scope": scope["of"],
        "other_bodies_with_data": [
            b["body_name"] for b in ranked if b["scope"] not in scope["values"] and b["cases_low"]
        ],
        "first_year": first,
        "last_year": last,
        "table": breakdowns[s["table"]["field"]],
        "breakdowns": breakdowns,
        "shares": {x["name"]: share(x["field"], x["value"]) for x in s.get("shares", [])},
        "bodies_ranked": ranked,
        "coverage": coverage,
        "files": files,
        "open_rejected_rows": int(open_rejects),
        "total_mismatches": mismatches,
    }


def sentence(request: Request, h: dict[str, Any]) -> str:
    """The one sentence an editor prints."""
    s = spec(request)
    if not h["cases_high"]:
        return (
            f"No {s['counted']} loaded for this period: run `foi ingest INBOX` first, or widen it."
        )
    top = ", ".join(
        f"{b['body_name']} ({b['cases_low']})" for b in h["bodies_ranked"][: s.get("ranking", 3)]
    )
    others = h["other_bodies_with_data"]
    also = f" (and {', '.join(others)})" if others else ""
    w = h["window"]
    if w["from"] or w["to"]:
        when = f"between {w['from'] or 'the start'} and {w['to'] or 'today'}"
    else:
        when = f"between {h['first_year']} and {h['last_year']}" if h["first_year"] else ""
    least = "" if h["exact"] else "At least "
    shares = "".join(f"{h['shares'][x['name']]}% {x['says']}; " for x in s.get("shares", []))
    return (
        f"{least}{h['cases_low']} {s['counted']} were recorded by {h['bodies_with_data']} of the "
        f"{h['bodies_in_scope']} {s['scope']['says']}{also} {when}; {shares}"
        f"{top} recorded the most."
    )


def at_least(low: int, high: int) -> str:
    """A figure with its bounds as the reports write it: '522', or 'at least 522 (up to 592)'."""
    return f"{low}" if low == high else f"at least {low} (up to {high})"


def total(h: dict[str, Any]) -> str:
    return at_least(h["cases_low"], h["cases_high"])


COVERAGE_ORDER = ("data", "nil_return", "refused", "needs_entry", "no_usable_data", "no_answer")


def coverage_lines(request: Request, h: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(kind, number of bodies, who) for each kind of answer."""
    out = []
    for kind in COVERAGE_ORDER:
        entries = h["coverage"].get(kind, [])
        if not entries:
            continue
        if kind == "no_answer":
            who = f"{len(entries)} {body_noun(request)}s"
        else:
            who = ", ".join(
                e["body_name"]
                + (
                    f" (s.{', s.'.join(e['sections'])})"
                    if kind == "refused" and e["sections"]
                    else ""
                )
                for e in entries
            )
        out.append((kind, len(entries), who))
    return out


def render_text(request: Request, h: dict[str, Any]) -> str:
    """The headline as sentences and short tables, for a terminal."""
    if not h["cases_high"]:
        return sentence(request, h)
    s, noun = spec(request), body_noun(request)
    n = len(h["bodies_ranked"])
    counted = s["counted"]
    lines = [
        sentence(request, h),
        f"Total: {total(h)} {counted}, from {n} {noun}s.",
        "",
        f"{counted.capitalize()} by {noun} ({n} {noun}s):",
    ]
    for b in h["bodies_ranked"]:
        bound = "" if b["cases_low"] == b["cases_high"] else f" (up to {b['cases_high']})"
        lines.append(f"  {b['body_name']:<40} {b['cases_low']:>6}{bound}")
    lines += ["", f"{s['table']['title']} (lower bounds, {n} {noun}s):"]
    for group, v in sorted(h["table"].items(), key=lambda kv: -kv[1]["cases_low"]):
        lines.append(f"  {group:<20} {v['cases_low']:>6}  ({v['bodies']} {noun}s)")
    lines += ["", f"Coverage of {noun}s:"]
    lines += [f"  {kind:<15} {count:>3}: {who}" for kind, count, who in coverage_lines(request, h)]
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


def render_markdown(request: Request, h: dict[str, Any]) -> str:
    """The same report as markdown (also published as a Prefect artifact after each run)."""
    s, noun = spec(request), body_noun(request)
    n = len(h["bodies_ranked"])
    counted = s["counted"]
    lines = [
        f"# {s['title']}",
        "",
        sentence(request, h),
        "",
        f"**Total:** {total(h)} {counted}, from {n} {noun}s.",
        "",
        f"## {counted.capitalize()} by {noun} ({n} {noun}s)",
        "",
        f"| {noun} | {counted} | up to |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {b['body_name']} | {b['cases_low']} | {b['cases_high']} |" for b in h["bodies_ranked"]
    ]
    lines += [
        "",
        f"## {s['table']['title']} ({n} {noun}s)",
        "",
        f"| {s['table']['label']} | {counted} | {noun}s |",
        "|---|---:|---:|",
    ]
    lines += [f"| {g} | {v['cases_low']} | {v['bodies']} |" for g, v in h["table"].items()]
    lines += ["", "## Coverage", "", f"| answer | {noun}s | who |", "|---|---:|---|"]
    lines += [f"| {k} | {c} | {w} |" for k, c, w in coverage_lines(request, h)]
    return "\n".join(lines) + "\n"
