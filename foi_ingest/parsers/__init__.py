"""Reading returns: sniff the format, yield raw cells with provenance, find the table's layout.

Parsers never type or rename: they hand raw cells to `layout`, and mapping happens in `schemas`.
Importing this package registers the built-in parsers.
"""

from foi_ingest.parsers import delimited, excel, pdf  # noqa: F401  (registration)
from foi_ingest.parsers.registry import Format, ReadOptions, parser_for, read_document, sniff

__all__ = ["Format", "ReadOptions", "parser_for", "read_document", "sniff"]
