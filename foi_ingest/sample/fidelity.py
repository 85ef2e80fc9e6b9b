"""Fidelity: how faithfully a warehouse reproduces an inbox's truth, as a scorecard."""

from collections import defaultdict
from typing import Any

import duckdb


def _by(con: duckdb.DuckDBPyConnection, column: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    rows = con.execute(
        f"SELECT force_id, {column}, sum(case_count_low) FROM cases GROUP BY ALL"
    ).fetchall()
    for force_id, key, low in rows:
        out[force_id][str(key)] = int(low)
    return out


def _agreement(got: dict[str, dict[str, int]], want: dict[str, dict[str, int]]) -> tuple[int, int]:
    cells = {(f, k) for f, d in want.items() for k in d} | {
        (f, k) for f, d in got.items() for k in d
    }
    same = sum(got.get(f, {}).get(k) == want.get(f, {}).get(k) for f, k in cells)
    return same, len(cells)


def scorecard(con: duckdb.DuckDBPyConnection, truth: dict[str, Any]) -> list[tuple[str, int, int]]:
    """Lines of (what, right, out of); 100% on every line is the goal. Read in the sample
    request's own schema."""
    from foi_ingest.packs import load_pack
    from foi_ingest.sample.model import REQUEST

    con.execute(f"USE {load_pack(REQUEST).schema_name}")
    forces = truth["forces"]
    with_data = {f: t for f, t in forces.items() if t["cases_high"]}
    totals = dict(
        (f, (int(lo), int(hi)))
        for f, lo, hi in con.execute(
            "SELECT force_id, sum(case_count_low), sum(case_count_high) FROM cases GROUP BY 1"
        ).fetchall()
    )
    exact = sum(totals.get(f) == (t["cases_low"], t["cases_high"]) for f, t in with_data.items())
    low = sum(lo for lo, _ in totals.values())
    lines = [
        ("total cases (lower bound) vs truth", min(low, truth["cases_low"]), truth["cases_low"]),
        ("forces whose total is exact", exact, len(with_data)),
    ]
    for column, key, label in (
        ("outcome_group", "outcome_groups", "force x outcome_group counts agree"),
        ("role", "roles", "force x role counts agree"),
        ("year", "years", "force x year counts agree"),
    ):
        same, n = _agreement(_by(con, column), {f: t[key] for f, t in with_data.items()})
        lines.append((label, same, n))
    rejected = dict(
        con.execute("SELECT source_file, count(*) FROM rejected_rows GROUP BY 1").fetchall()
    )
    want_rejected = {f: v["rows_rejected"] for f, v in truth["file_status"].items()}
    caught = sum(min(rejected.get(f, 0), n) for f, n in want_rejected.items())
    wrongly = sum(max(rejected.get(f, 0) - want_rejected.get(f, 0), 0) for f in rejected)
    lines.append(("invalid rows caught", caught, sum(want_rejected.values())))
    valid_rows = truth["cases_low"]
    lines.append(("valid rows not wrongly rejected", valid_rows - wrongly, valid_rows))
    statuses = dict(con.execute("SELECT source_file, status FROM responses").fetchall())
    right = sum(statuses.get(f) == v["status"] for f, v in truth["file_status"].items())
    lines.append(("response statuses right", right, len(truth["file_status"])))
    return lines


def render(lines: list[tuple[str, int, int]]) -> str:
    width = max(len(label) for label, _, _ in lines)
    out = []
    for label, right, total in lines:
        pct = 100.0 * right / total if total else 100.0
        out.append(f"{label:<{width}}  {right:>6} / {total:<6} {pct:6.1f}%")
    return "\n".join(out)
