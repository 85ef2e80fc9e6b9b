"""What a return says about its own figures, checked against the records read from it.

Two checks, both reported on the response and never changing a record:

- **Stated totals.** Each total row is compared with the rows it closes: the block since the
  previous total, within the section above it ('2018 Total' after the 2018 rows), else
  everything above it (a grand total under sub-totals). A total that no block gives is a
  mismatch; one below what its rows add up to is named as such (a count of distinct people,
  or a slip), and its rows load as written.
- **Breakdowns.** A letter often counts the same crimes several ways (by hospital, by crime
  group, by outcome) under the same periods. Those tables are breakdowns of one population: the
  response's stated total counts one of them, never their sum, and where two breakdowns give
  different totals for a period the response carries the disagreement for a validator.
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from foi_ingest.mapping.table import stated_total
from foi_ingest.packs import Request
from foi_ingest.parsers.layout import TableLayout
from foi_ingest.reasons import Code, noted
from foi_ingest.schemas.record import dimensions


@dataclass
class _Span:
    """The records of one table: its data-row keys and its records' bounds."""

    layout: TableLayout
    keys: range

    def records(self, valid: pd.DataFrame) -> pd.DataFrame:
        if not self.keys:
            return valid[:0]
        return valid[valid["_key"].between(self.keys.start, self.keys.stop - 1)]


def _spans(tables: list[TableLayout]) -> list[_Span]:
    out, key = [], 0
    for lay in tables:
        out.append(_Span(lay, range(key, key + len(lay.data_pos))))
        key += len(lay.data_pos)
    return out


def _bounds(frame: pd.DataFrame) -> tuple[int, int]:
    if frame.empty:
        return 0, 0
    return int(frame["case_count_low"].sum()), int(frame["case_count_high"].sum())


def _population(request: Request, span: _Span, valid: pd.DataFrame) -> tuple | None:
    """What a count table counts: the periods it puts across the top, and the fields it states
    once for the whole table (a cohort named in its title). Tables that share both are
    breakdowns of one population; Q1 and Q2 of a return, over the same months, are not."""
    lay = span.layout
    periods = frozenset(c.period for c in lay.columns if c.kind == "year" and c.period)
    if lay.kind != "counts" or not periods:
        return None
    mine = span.records(valid)
    stated = [d.name for d in dimensions(request) if d.source == "title"]
    once = tuple(str(mine[name].iloc[0]) for name in stated) if not mine.empty else ()
    return periods, once


def check_totals(
    request: Request,
    tables: list[TableLayout],
    valid: pd.DataFrame,
    rejected_keys: set[int],
    response: dict,
) -> None:
    """Set the response's `stated_total` and `total_check`, and warn where breakdowns disagree."""
    checks: list[str] = []
    stated_by_group: dict[object, int] = {}
    for n, span in enumerate(_spans(tables)):
        lay = span.layout
        if not lay.totals:
            continue
        mine = span.records(valid)
        n_rejected = sum(1 for k in rejected_keys if k in span.keys)
        stated = None  # block totals add up; a grand total under them replaces their sum
        for total, since, cumulative in _blocks(lay, span, mine):
            problem = _compare(total, since, cumulative, lay, n_rejected)
            if problem:
                checks.append(f"{lay.table.name}: {problem}")
            closes_block = since[0] <= total <= since[1] and since != cumulative
            stated = (stated or 0) + total if closes_block else total
        if stated is not None:
            group = _population(request, span, valid) or n
            stated_by_group[group] = max(stated_by_group.get(group, 0), stated)
    if checks or stated_by_group:
        response["stated_total"] = sum(stated_by_group.values())
        response["total_check"] = ("mismatch: " + "; ".join(checks)) if checks else "ok"
    response["warnings"] += noted(
        Code.BREAKDOWNS_DISAGREE, breakdown_disagreements(request, tables, valid)
    )
    response["warnings"] += noted(
        Code.WHOLE_PERIOD_DISAGREES, whole_period_disagreements(request, valid)
    )
    response["warnings"] += noted(Code.PERIOD_SHAPE, period_mismatch(request, valid))


def _blocks(lay: TableLayout, span: _Span, mine: pd.DataFrame):
    """(stated total, bounds of the block since the previous total, bounds of every row above)
    for each total row of a table."""
    keys = mine["_key"].to_numpy(dtype=np.int64) - span.keys.start
    positions = lay.data_pos[keys] if len(keys) else np.zeros(0, dtype=np.int64)
    sections = lay.data_sections[keys] if len(keys) else np.zeros(0, dtype=object)
    previous = -1
    for row, pos in zip(lay.totals, lay.total_pos, strict=True):
        total = stated_total(row.cells, lay.columns)
        if total is None:
            continue
        if not len(positions):
            yield total, (0, 0), (0, 0)
            continue
        since = (positions > previous) & (positions < pos)
        before = np.flatnonzero(positions < pos)
        if len(before):  # a sub-total under a section row ('2010', ..., '2010 Total') closes it
            since &= sections == sections[before[-1]]
        block, above = mine[since], mine[positions < pos]
        previous = pos
        yield total, _bounds(block), _bounds(above)


def _compare(
    total: int,
    block: tuple[int, int],
    above: tuple[int, int],
    lay: TableLayout,
    n_rejected: int,
) -> str | None:
    # a rejected case row is one case not loaded; a rejected count row could hold any number
    slack = n_rejected if lay.kind == "cases" else (float("inf") if n_rejected else 0)
    for low, high in (block, above):
        if low <= total <= high + slack:
            return None
    low, high = block
    got = _pair(low, high)
    if total < low:
        return (
            f"the return states {total}, less than its rows give ({got}): a count of distinct "
            "people rather than a sum, or a slip; the rows are loaded as written"
        )
    return f"the return states {total}, its rows give {got}"


def breakdown_disagreements(
    request: Request, tables: list[TableLayout], valid: pd.DataFrame
) -> list[str]:
    """Per period, tables counting the same population whose totals cannot agree."""
    groups: dict[tuple, list[_Span]] = defaultdict(list)
    for span in _spans(tables):
        population = _population(request, span, valid)
        if population:
            groups[population].append(span)
    out = []
    for spans in groups.values():
        if len(spans) < 2:
            continue
        by_period: dict[object, list[tuple[str, int, int]]] = defaultdict(list)
        for span in spans:
            mine = span.records(valid)
            name = str(mine["breakdown"].iloc[0]) if not mine.empty else span.layout.table.name
            sums = mine.groupby("period_start")[["case_count_low", "case_count_high"]].sum()
            for start, (low, high) in sums.iterrows():
                by_period[start].append((name, int(low), int(high)))
        for start, found in sorted(by_period.items()):
            if max(f[1] for f in found) > min(f[2] for f in found):
                said = "; ".join(f"'{n}' gives {_pair(lo, hi)}" for n, lo, hi in found)
                when = pd.Timestamp(start).date()
                out.append(
                    f"breakdowns of one population disagree for the period from {when}: {said}"
                )
    return out


def whole_period_disagreements(request: Request, valid: pd.DataFrame) -> list[str]:
    """A breakdown with no period (outcome by hospital over the whole request) against the
    dated ones (crimes by year): they count one population, so their totals must agree."""
    if valid.empty or "breakdown" not in valid:
        return []
    once = [d.name for d in dimensions(request) if d.source == "title"]
    frame = valid.assign(_dated=valid["period_start"].notna())
    parts = frame.groupby(once, dropna=False, observed=True) if once else [((), frame)]
    out = []
    for _, part in parts:
        if part["_dated"].all() or not part["_dated"].any():
            continue
        sums = part.groupby(["_dated", "breakdown"], observed=True)[
            ["case_count_low", "case_count_high"]
        ].sum()
        undated, dated = sums.loc[False], sums.loc[True]
        for name, (low, high) in undated.iterrows():
            for other, (d_low, d_high) in dated.iterrows():
                if low > d_high or d_low > high:
                    out.append(
                        f"breakdowns of one population disagree over the whole period: "
                        f"'{name}' gives {_pair(low, high)}, '{other}' gives {_pair(d_low, d_high)}"
                    )
    return out


def _pair(low: int, high: int) -> str:
    return f"{int(low)}" if low == high else f"{int(low)}-{int(high)}"


_UNITS = {
    "financial-year": ((4, 1), (3, 31), "financial years (April to March)"),
    "calendar-year": ((1, 1), (12, 31), "calendar years"),
}


def period_mismatch(request: Request, valid: pd.DataFrame) -> list[str]:
    """Periods of another shape than the request asked for (`period.unit` in the pack): calendar
    years sent where financial years were asked. The records keep the periods as given; the
    response says so, once."""
    unit = request.spec.period.unit
    if unit not in _UNITS or valid.empty:
        return []
    start, end, asked = _UNITS[unit]
    # the distinct periods (a few), not every record (a list of cases has one per row)
    periods = valid[["period_start", "period_end"]].dropna().drop_duplicates()
    years = [(a, b) for a, b in periods.itertuples(index=False, name=None) if (b - a).days >= 360]
    other = {
        k
        for k, (a_spec, b_spec, _) in _UNITS.items()
        if k != unit
        for a, b in years
        if (a.month, a.day) == a_spec and (b.month, b.day) == b_spec
    }
    if not other:
        return []
    given = sorted(
        {a.year for a, b in years if (a.month, a.day) != start or (b.month, b.day) != end}
    )
    names = " and ".join(_UNITS[k][2] for k in sorted(other))
    return [
        f"periods given as {names} ({', '.join(map(str, given))}) where the request asked for "
        f"{asked}; the records keep the periods as given"
    ]
