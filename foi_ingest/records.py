"""The rows one file gives the warehouse besides its records, declared once.

A file's result is its `responses` row, its rejected rows and its skipped rows (its records are
a typed frame: `schemas/record.py`). Each is declared here as a TypedDict: the keys the pipeline
fills, the columns the loader writes (`*_COLUMNS`, in the order of the SQL tables), and what a
type checker holds every reader to. Keys starting with '_' travel with a row inside one run and
are never stored.
"""

from typing import Any, TypedDict


class Response(TypedDict):
    """One file: how its body was told, what it is, and how its rows ended."""

    source_file: str  # path inside the inbox
    source_sha256: str
    force_id: str | None  # the body's id in its reference list
    force_reason: str | None  # how the body was told (folder, file name, letterhead)
    format: str | None
    status: str  # statuses.Status (set before the row is stored)
    status_reason: str | None
    sections: list[str]  # FOIA sections cited
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_skipped: int
    records_loaded: int
    stated_total: int | None
    total_check: str | None
    warnings: list[str]
    letter_text: str | None
    duplicate_of: str | None
    parser_version: str
    run_id: str
    config_fingerprint: str | None


class RejectedRow(TypedDict):
    """A source row (or one 'N x phrase' part of it) that gave no record, with what a validator
    needs to decide it."""

    source_file: str
    source_sha256: str
    force_id: str | None
    source_sheet: str | None
    source_page: int | None
    source_row: int
    source_location: str
    raw: dict[str, str]  # header label -> cell text, as the body wrote it
    reasons: list[str]
    suggestions: dict[str, list[str]]  # field -> closest codes
    run_id: str
    fields: dict[str, Any]  # what could be mapped
    context: dict[str, str | None]  # the rows either side
    status: str  # statuses.RowStatus
    decided_by: str | None
    decision_note: str | None
    _row_key: int  # the row's key among the file's data rows (a row counts once)
    _part: int | None  # the part of an 'N x phrase' cell, or None for the whole row
    _breakdown: str | None  # the table it came from, for the record a correction makes


class SkippedRow(TypedDict):
    """A row that is no record, and why: a title, a header, a total, a note, ..."""

    source_file: str
    source_location: str
    source_row: int
    kind: str  # statuses.SkipKind
    text: str


class UnappliedDecision(TypedDict):
    """A validator's decision on file that did not take effect, and why, so `foi rejects` lists
    it and `foi rejects apply` fails until a person sees to it."""

    source_file: str
    source_sha256: str  # of the file the decision was made on
    source_location: str
    decision: str  # correct | not_a_case | enter
    code: str  # UnappliedCode
    message: str
    run_id: str


class UnappliedCode:
    """Why a decision on file did not take effect."""

    FILE_CHANGED = "file_changed"  # the file's content changed since the decision
    NO_ROW = "no_row"  # the file has no rejected row at that place any more
    NO_FILE = "no_file"  # no file of that name in the warehouse (renamed, removed, regenerated)
    NOT_A_LETTER = "not_a_letter"  # figures entered for a file that is no letter to enter


def _stored(row: type) -> tuple[str, ...]:
    return tuple(k for k in row.__annotations__ if not k.startswith("_"))


RESPONSE_COLUMNS = _stored(Response)
REJECTED_COLUMNS = _stored(RejectedRow)
SKIPPED_COLUMNS = _stored(SkippedRow)
UNAPPLIED_COLUMNS = _stored(UnappliedDecision)

Decision = dict[str, str]
"""A validator's decision as corrections.csv holds it (`review/decisions.py` names its
columns, which follow the request pack's editable fields: a dict, not a fixed type)."""
