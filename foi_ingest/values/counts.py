"""Reading a count cell of an aggregate return, including suppressed small numbers.

Forces hide small numbers ('<5', '*', 'fewer than 5', '1-4'). Such a cell has no exact count;
it has bounds. By default the mark hides 1 to 4 (forces print a zero as 0); where the return's
own note says the mark also hides zeros, the low bound is 0.
"""

import re
from dataclasses import dataclass

from foi_ingest.values.text import clean_cell

_LESS_THAN = re.compile(r"^(?:<|less than|fewer than|under)\s*(\d+)$", re.I)
_AT_MOST = re.compile(r"^(?:<=|≤)\s*(\d+)$")
_RANGE = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$")
_MARKS = {"*", "**", "x", "~", "<5*", "c", "suppressed"}
_ZERO = {"0", "-", "nil", "none", "zero"}


class CountProblem(ValueError):
    """A count cell that is neither a number nor a known suppression mark."""


@dataclass(frozen=True)
class Count:
    exact: int | None
    low: int
    high: int

    @property
    def suppressed(self) -> bool:
        return self.exact is None


def parse_count(value: object, *, suppression_hides_zero: bool = False) -> Count | None:
    """A count or its bounds; None for an empty cell; CountProblem when unreadable."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value) < 0 or not float(value).is_integer():
            raise CountProblem(f"count '{value}' is not a whole number of cases")
        return Count(int(value), int(value), int(value))
    text = clean_cell(value).lower()
    if not text:
        return None
    low_default = 0 if suppression_hides_zero else 1
    if text in _ZERO:
        return Count(0, 0, 0)
    if text.replace(",", "").isascii() and text.replace(",", "").isdigit():
        n = int(text.replace(",", ""))
        return Count(n, n, n)
    if text in _MARKS:
        return Count(None, low_default, 4)
    m = _LESS_THAN.match(text)
    if m:
        return Count(None, low_default, int(m.group(1)) - 1)
    m = _AT_MOST.match(text)
    if m:
        return Count(None, low_default, int(m.group(1)))
    m = _RANGE.match(text)
    if m:
        return Count(None, int(m.group(1)), int(m.group(2)))
    raise CountProblem(f"count '{clean_cell(value)}' is not a number or a suppression mark")
