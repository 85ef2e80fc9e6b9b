"""The words the warehouse uses for what became of a file, a rejected row and a skipped row.

String enums: each value is the text stored in DuckDB and shown to people, so queries and saved
files keep working; code names them instead of spelling them.
"""

from enum import StrEnum


class Status(StrEnum):
    """`responses.status`: what a file is (README, 'What a return becomes')."""

    DISCLOSED = "disclosed"
    COVER_LETTER = "cover_letter"
    REFUSED = "refused"
    NIL_RETURN = "nil_return"
    NEEDS_ENTRY = "needs_entry"
    UNPARSEABLE = "unparseable"
    UNKNOWN_BODY = "unknown_body"
    DUPLICATE = "duplicate"
    UNKNOWN_FORCE = "unknown_body"
    """The former name of `UNKNOWN_BODY` (stored as 'unknown_force' before 2026-12; rows of that
    value are renamed when a request's tables are opened for writing)."""


class RowStatus(StrEnum):
    """`rejected_rows.status`: open until a validator decides."""

    OPEN = "open"
    CORRECTED = "corrected"
    DISMISSED = "dismissed"


class SkipKind(StrEnum):
    """`skipped_rows.kind`: why a row holds no record."""

    TITLE = "title"
    HEADER = "header"
    BLANK = "blank"
    TOTAL = "total"
    FOOTNOTE = "footnote"
    SECTION = "section"
    NOTES = "notes"
    HIDDEN = "hidden"
    FOREIGN = "foreign table"
    PART = "part of the code row above"  # its figures add up to that row (mapping/hierarchy.py)
    NO_COUNTS = "table without counts"  # a lookup or glossary, where the request asks for counts
    ALL_ZERO = "all counts zero"
    EXCLUDED = "excluded by override"
