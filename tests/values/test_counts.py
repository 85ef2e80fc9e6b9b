"""Count cells, including the suppression marks forces use for small numbers."""

import pytest

from foi_ingest.values.counts import CountProblem, parse_count


@pytest.mark.parametrize(
    ("cell", "exact", "low", "high"),
    [
        (7, 7, 7, 7),
        ("12", 12, 12, 12),
        ("1,204", 1204, 1204, 1204),
        ("0", 0, 0, 0),
        ("<5", None, 1, 4),
        ("*", None, 1, 4),
        ("fewer than 5", None, 1, 4),
        ("1-4", None, 1, 4),
        ("less than 10", None, 1, 9),
    ],
)
def test_counts_and_bounds(cell, exact, low, high):
    count = parse_count(cell)
    assert (count.exact, count.low, count.high) == (exact, low, high)


def test_a_note_saying_the_mark_may_hide_zero_lowers_the_bound_to_zero():
    assert parse_count("*", suppression_hides_zero=True).low == 0
    assert parse_count("<5", suppression_hides_zero=True).low == 0


@pytest.mark.parametrize("cell", ["several", "2.5", -1])
def test_unreadable_counts_raise(cell):
    with pytest.raises(CountProblem):
        parse_count(cell)
