"""The project's error types. Exceptions stop a *file*; a row's problem is data (a rejected row)."""

from foi_ingest.statuses import Status


class IngestError(Exception):
    """Base of every error the pipeline reports on a `responses` row."""

    status = Status.UNPARSEABLE


class UnsupportedFormat(IngestError):
    """No parser accepts the file's content."""


class EmptyFile(IngestError):
    """The file has no bytes, or no rows beyond a header."""


class LayoutError(IngestError):
    """The file was read but no table, letter or count could be found in it."""


class ConfigError(IngestError):
    """A per-force override or a vocabulary file is invalid; the message says what to fix."""


class WarehouseError(IngestError):
    """A DuckDB problem, mapped to one type at the warehouse boundary."""


class UserError(Exception):
    """A command was given something it cannot use (an inverted date window, a value of the
    wrong type): the CLI prints the message, one line saying what to do, and exits with 2."""
