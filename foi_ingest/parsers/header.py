"""What a header cell means, as the layout step sees it, and how the request tells it.

Layout detection (`parsers/layout.py`) is generic: it asks a `HeaderReader`, given by the request
layer (`mapping/columns.header_reader`), what each header cell names, and never imports the
request itself.
"""

from dataclasses import dataclass
from typing import Protocol

from foi_ingest.values.dates import Period


@dataclass(frozen=True)
class Column:
    """The meaning of one header cell. kind: field (a column of the request: `value` names it),
    year (a period across the top), month (a month named without its year: 'Jan'; the year is the
    row's), value (a code of a declared field across the top: 'Dismissed' is the outcome
    `dismissed`), total or other."""

    kind: str
    value: str = ""
    label: str = ""
    dimension: str | None = None  # kind 'value': the declared field whose code `value` is
    period: Period | None = None  # kind 'year': the period the column counts
    mark: str | None = None  # a footnote mark on the header ('2014*')
    partial: bool = False  # the header says the period is partial ('2014 to date')
    month: int | None = None  # kind 'month': its number (1-12)


PERIODS = ("year", "month")
"""Column kinds that are a period across the top."""
ACROSS = (*PERIODS, "value")
"""Column kinds that put a dimension across the top: each such column holds counts."""


class HeaderReader(Protocol):
    """What a request knows about headers: the meaning of one cell, and which fields hold free
    text (a count column beside free text is a table of cases, not of counts)."""

    free_text_fields: frozenset[str]

    def classify(self, label: object) -> Column: ...

    def settle(self, columns: list[Column]) -> list[Column]:
        """A whole header row's columns, read together (what one cell cannot tell)."""
        ...


def looks_like_header(cells: list[str], reader: HeaderReader) -> bool:
    """A line of a text-aligned PDF table that names at least one field and one more column."""
    kinds = [reader.classify(c).kind for c in cells]
    return kinds.count("field") >= 1 and sum(k != "other" for k in kinds) >= 2
