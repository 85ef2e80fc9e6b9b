"""Why a row was rejected, and what a file's response warns of, as data: one enumeration of
codes, and each reason a record (code, field, value, message).

A `Reason` is also its message (a `str`), so a reason reads the same everywhere a person sees
it, while the warehouse keeps its parts (`rejected_rows.problems`) and `foi rejects --summary`
groups by code, with no pattern matching over prose.
"""

from enum import StrEnum
from typing import Any


class Code(StrEnum):
    """Every reason a row can be rejected for. Add a code here, never a message pattern."""

    UNKNOWN_PHRASING = "unknown_phrasing"
    """A value no phrasing of the field's vocabulary means (with the closest codes)."""
    UNKNOWN_PART = "unknown_part"
    """One part of an 'N x phrase' cell is an unknown phrasing."""
    ZERO_PARTS = "zero_parts"
    """Every count written inside the cell is zero."""
    COUNTS_IN_TWO_FIELDS = "counts_in_two_fields"
    """Counts written inside the cells of two fields: which goes with which?"""
    UNKNOWN_LABEL = "unknown_label"
    """A row label that is a value of no field of the request."""
    NO_FIELD_VALUE = "no_field_value"
    """A row with no value in any of the request's fields."""
    NO_ROW_LABEL = "no_row_label"
    """Numbers with no row label: nothing says what they count."""
    NOT_NAMED_BY_TABLE = "not_named_by_table"
    """The table does not say which category of a field stated once per table it counts."""
    BAD_DATE = "bad_date"
    """A date or period that cannot be read (impossible, no year, unknown words)."""
    DATE_AFTER_ANSWER = "date_after_answer"
    """A date or period after the response was written."""
    MONTH_WITHOUT_YEAR = "month_without_year"
    """A month column on a row that gives no calendar year."""
    BAD_COUNT = "bad_count"
    """A count cell that cannot be read as a count."""
    UNREAD_COLUMN = "unread_column"
    """Numbers under a header that is neither a period nor a value of the request."""
    EXCEL_ERROR = "excel_error"
    """An Excel error value (#N/A, #REF!)."""
    NOT_A_NUMBER = "not_a_number"
    """A number field's cell that is not a number."""
    NOT_WHOLE = "not_whole"
    """An integer field's cell with decimals."""
    OUT_OF_BOUNDS = "out_of_bounds"
    """A number below the field's minimum or above its maximum."""
    NOT_YES_NO = "not_yes_no"
    """A yes/no field's cell that is neither."""
    NOT_A_DAY = "not_a_day"
    """A date field's cell that is not one day."""
    NOT_ALLOWED = "not_allowed"
    """A value outside the field's enumeration (with the closest allowed values)."""
    SCHEMA_CHECK = "schema_check"
    """A record that fails a check of the request's schema."""
    CORRECTION_FAILS = "correction_fails"
    """A validator's correction or entered figure that does not pass the schema."""
    # what a file's response warns of (responses.warnings, responses.warning_problems)
    READER_NOTE = "reader_note"
    """What the reader noted of the file (a sheet it could not read whole, a page left out)."""
    HIDDEN_SHEET = "hidden_sheet"
    """A hidden sheet with rows, not read."""
    AUTOFILL_SLIP = "autofill_slip"
    """'<N' marks rising along a row: an autofill slip in Excel, read as written."""
    DERIVED_COLUMN = "derived_column"
    """A column read as a derived figure (a percentage, a rate), not as counts."""
    FOREIGN_TABLE = "foreign_table"
    """A table of another question, not read."""
    BREAKDOWNS_DISAGREE = "breakdowns_disagree"
    """Two tables counting one population give different totals."""
    WHOLE_PERIOD_DISAGREES = "whole_period_disagrees"
    """A figure for a whole period differs from the sum of its parts."""
    PERIOD_SHAPE = "period_shape"
    """Periods of another shape than asked (calendar years for financial years)."""


class Reason(str):
    """One reason a row was rejected: its message, with its code, field and value."""

    code: Code
    field: str | None
    value: str | None

    def __new__(
        cls, message: str, code: Code, field: str | None = None, value: object = None
    ) -> "Reason":
        made = super().__new__(cls, message)
        made.code = code
        made.field = field
        made.value = None if value is None else str(value)
        return made

    def __getnewargs__(self) -> tuple[Any, ...]:  # type: ignore[override]  (pickled to workers)
        return (str(self), self.code, self.field, self.value)

    def record(self) -> dict[str, str | None]:
        return {"code": str(self.code), "field": self.field, "value": self.value,
                "message": str(self)}  # fmt: skip


def noted(code: Code, messages: list[str], prefix: str = "") -> list[Reason]:
    """Messages of one kind as reasons of `code` (a reason keeps its own code), each with an
    optional prefix (the table it is about)."""
    out = []
    for m in messages:
        kind, field, value = (
            (m.code, m.field, m.value) if isinstance(m, Reason) else (code, None, None)
        )
        out.append(Reason(f"{prefix}{m}", kind, field, value))
    return out


def records(reasons: list[str]) -> list[dict[str, str | None]]:
    """Each reason as a record; a message made without a code is a bug, named as such."""
    out = []
    for r in reasons:
        if not isinstance(r, Reason):
            raise TypeError(f"a rejection reason without a code: {r!r} (use reasons.Reason)")
        out.append(r.record())
    return out
