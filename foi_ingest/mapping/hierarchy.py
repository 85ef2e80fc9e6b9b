"""Rows that break down the row above them: a code, then the body's own wordings under it.

Some returns list a national code on a row of its own ('CH02') and, under it, the local
descriptions their system records for that code ('Living in refuge', 'Refuge'), whose figures
add up to the code's row. Loading both would count those people twice, and the local wordings
are not the request's codes (one of them may even read as another code's description). The code
row is the record; the rows under it are its parts, skipped as such.

It is told by the figures, never by the wording alone: a row holding only a code of a declared
field (an identifier with a digit in it: 'CH02'; 'Dismissed' is a label), followed by rows
that write no code, whose counts add up to the code row's in every count
column (within the bounds of suppressed cells), and exactly in at least one column where every
figure is written out (a row's own total columns included); the longest such run is taken.
Anything else is read row by row as usual.
"""

from dataclasses import dataclass, field

import numpy as np

from foi_ingest.packs.pack import Request
from foi_ingest.parsers.header import ACROSS
from foi_ingest.parsers.layout import TableLayout
from foi_ingest.schemas import vocab
from foi_ingest.schemas.record import vocabulary_dimensions
from foi_ingest.values.counts import CountProblem, parse_count
from foi_ingest.values.text import clean_cell, norm

COUNT_KINDS = (*ACROSS, "total")
"""Columns whose figures are compared (a row's own total columns count as evidence too)."""


@dataclass
class Parts:
    """The rows found to be parts of a code row above them (positions in the table)."""

    positions: list[int] = field(default_factory=list)
    parents: dict[int, int] = field(default_factory=dict)  # part position -> its code row


def _bounds(value: object) -> tuple[int, int] | None:
    try:
        count = parse_count(value)
    except CountProblem:
        return None
    return (0, 0) if count is None else (count.low, count.high)


def _label_column(request: Request, layout: TableLayout) -> tuple[int, vocab.Vocabulary] | None:
    raws = {str(d.raw): d for d in vocabulary_dimensions(request) if d.raw}
    for i, col in enumerate(layout.columns):
        if col.kind == "field" and col.value in raws:
            return i, vocab.vocabulary_of(request, raws[col.value].name)
    return None


def find_parts(request: Request, layout: TableLayout) -> Parts:
    """The rows of a count table that are parts of the code row above them."""
    out = Parts()
    found = _label_column(request, layout)
    if layout.kind != "counts" or found is None or not len(layout.data_pos):
        return out
    at, vocabulary = found
    # a code written alone is an identifier ('CH02', 'MA04'): one with a digit in it; a word
    # that is also a code ('Dismissed') is an ordinary label, whatever follows it
    codes = {norm(c) for c in vocabulary.codes if any(ch.isdigit() for ch in c)}
    counted = [i for i, c in enumerate(layout.columns) if c.kind in COUNT_KINDS]
    if not counted:
        return out
    positions = [int(p) for p in layout.data_pos]

    def label(pos: int) -> str:
        cells = layout.table.row(pos).cells
        return norm(clean_cell(cells[at])) if at < len(cells) else ""

    def writes_code(text: str) -> bool:
        return bool(text) and text.split()[0] in codes

    k = 0
    while k < len(positions):
        if label(positions[k]) not in codes:
            k += 1
            continue
        j = k + 1
        while j < len(positions) and label(positions[j]) and not writes_code(label(positions[j])):
            j += 1
        # the longest run of rows under the code that adds up to it (rows after it, such as a
        # group with no code of its own, are read as usual)
        run = positions[k + 1 : j]
        size = max((n for n in range(1, len(run) + 1)
                    if _adds_up(layout, positions[k], run[:n], counted)), default=0)  # fmt: skip
        parts = run[:size]
        out.positions += parts
        out.parents.update({p: positions[k] for p in parts})
        k += 1 + size
    return out


def _adds_up(layout: TableLayout, parent: int, parts: list[int], counted: list[int]) -> bool:
    def cells(pos: int) -> list[object]:
        row = layout.table.row(pos).cells
        return [row[i] if i < len(row) else None for i in counted]

    top = [_bounds(v) for v in cells(parent)]
    below = [[_bounds(v) for v in cells(p)] for p in parts]
    if any(b is None for b in top) or any(b is None for row in below for b in row):
        return False
    exact = [
        j for j, (t_lo, t_hi) in enumerate(top)  # type: ignore[misc]
        if t_lo == t_hi > 0 and all(row[j][0] == row[j][1] for row in below)  # type: ignore[index]
    ]  # fmt: skip
    if not exact:  # bounds alone ('<5' over '<5') prove nothing: one exact sum must agree
        return False
    low = np.sum([[b[0] for b in row] for row in below], axis=0)  # type: ignore[index]
    high = np.sum([[b[1] for b in row] for row in below], axis=0)  # type: ignore[index]
    return all(
        lo <= t_hi and t_lo <= hi
        for (t_lo, t_hi), lo, hi in zip(top, low, high, strict=True)  # type: ignore[misc]
    )
