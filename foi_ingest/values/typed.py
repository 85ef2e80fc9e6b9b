"""A cell read as the type its field declares (`type:` in the pack): integer, number with
decimals, yes/no, a day, or one of an enumeration.

A value that does not read as its type is never coerced or dropped: `read_typed` returns no value
and one line that says why, and the row goes to a person (with the closest allowed values, for an
enumeration).
"""

import difflib
import re
from dataclasses import dataclass

from foi_ingest.reasons import Code, Reason
from foi_ingest.values.dates import parse_period
from foi_ingest.values.text import norm

_NUMBER = re.compile(
    r"^(?P<sign>[-+])?\s*[£$€]?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)"
    r"\s*(?P<unit>%|[a-z][a-z .]{0,15})?$",
    re.IGNORECASE,
)
"""A number as returns write one: '0.5', '1,250', '£3.20', '2.5 WTE', '12 %'; a trailing unit
word is allowed (the field's unit is the pack's, not the cell's)."""
_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0"}


@dataclass(frozen=True)
class FieldType:
    """What a declared field's values must be."""

    kind: str  # integer, number, boolean, date, string
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def plain(self) -> bool:
        """Text kept as written: no parsing, no check."""
        return self.kind == "string" and not self.enum


def read_typed(
    text: str | None, field: FieldType, label: str
) -> tuple[object, str | None, list[str] | None]:
    """(value, problem, suggestions) for one cell: the value as its type, or None and why.
    An empty cell is no value and no problem. `label` names the column in the message."""
    if text is None or not str(text).strip():
        return None, None, None
    raw = str(text).strip()
    if field.kind in ("integer", "number"):
        m = _NUMBER.match(raw)
        if not m:
            return None, Reason(f"'{raw}' in column '{label}' is not a number",
                                Code.NOT_A_NUMBER, label, raw), None  # fmt: skip
        value = float(m["num"].replace(",", "")) * (-1 if m["sign"] == "-" else 1)
        if field.kind == "integer" and not value.is_integer():
            return None, Reason(f"'{raw}' in column '{label}' is not a whole number",
                                Code.NOT_WHOLE, label, raw), None  # fmt: skip
        for bound, bad, word in ((field.minimum, lambda v, b: v < b, "below"),
                                 (field.maximum, lambda v, b: v > b, "above")):  # fmt: skip
            if bound is not None and bad(value, bound):
                return None, Reason(f"'{raw}' in column '{label}' is {word} {bound:g}",
                                    Code.OUT_OF_BOUNDS, label, raw), None  # fmt: skip
        return (int(value) if field.kind == "integer" else value), None, None
    if field.kind == "boolean":
        key = norm(raw)
        if key in _YES:
            return True, None, None
        if key in _NO:
            return False, None, None
        return None, Reason(f"'{raw}' in column '{label}' is not yes or no",
                            Code.NOT_YES_NO, label, raw), ["yes", "no"]  # fmt: skip
    if field.kind == "date":
        try:
            period = parse_period(raw)
        except ValueError:
            period = None
        if period is None or period.start != period.end:
            return None, Reason(f"'{raw}' in column '{label}' is not a day (e.g. 2019-03-31)",
                                Code.NOT_A_DAY, label, raw), None  # fmt: skip
        return period.start, None, None
    if field.enum:
        by_key = {norm(v): v for v in field.enum}
        if norm(raw) in by_key:
            return by_key[norm(raw)], None, None
        near = difflib.get_close_matches(norm(raw), list(by_key), n=3, cutoff=0.5)
        allowed = ", ".join(field.enum)
        return (None, Reason(f"'{raw}' in column '{label}' is not one of {allowed}",
                             Code.NOT_ALLOWED, label, raw),
                [by_key[k] for k in near])  # fmt: skip
    return raw, None, None
