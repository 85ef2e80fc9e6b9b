"""The columns of one record of the active request, declared once in its pack's `request.yaml`
(`schema.fields`, a Frictionless Table Schema) and derived here for pandera, frames and the
warehouse: the generic columns every request has, and each declared field's own columns
(its code, the words as written, the code's group)."""

from dataclasses import dataclass
from functools import cache

from foi_ingest.errors import ConfigError
from foi_ingest.packs import Request
from foi_ingest.values.typed import FieldType


@dataclass(frozen=True)
class Generic:
    """A column every request's record has: its type and whether a record must have it."""

    name: str
    kind: str  # text | integer | date
    required: bool
    part: str  # body | period | measure | provenance | correction


GENERIC = (
    Generic("force_id", "text", True, "body"),  # the body's id (named so for saved queries)
    Generic("year", "integer", False, "period"),
    Generic("period_start", "date", False, "period"),
    Generic("period_end", "date", False, "period"),
    Generic("case_count", "integer", False, "measure"),  # NULL: suppressed, see the bounds
    Generic("case_count_low", "integer", True, "measure"),
    Generic("case_count_high", "integer", True, "measure"),
    Generic("record_kind", "text", True, "measure"),  # case | count
    Generic("source_file", "text", True, "provenance"),
    Generic("source_sha256", "text", True, "provenance"),
    Generic("source_sheet", "text", False, "provenance"),
    Generic("source_page", "integer", False, "provenance"),
    Generic("source_row", "integer", True, "provenance"),
    Generic("source_location", "text", True, "provenance"),
    # the table of the return a record came from (its sheet, or its page and table), so that
    # tables counting the same population (by hospital, by crime group) are never added
    Generic("breakdown", "text", False, "provenance"),
    Generic("run_id", "text", True, "provenance"),
    Generic("corrected_by", "text", False, "correction"),
    Generic("corrected_at", "text", False, "correction"),
    Generic("correction_note", "text", False, "correction"),
)
"""The generic columns of a record, declared once: the warehouse's types and NOT NULLs
(`warehouse/requests.py`), the pandera column types and NULL-ability (`case_schema.py`) and the
frames' dtypes (`validate.py`) are read from here."""
BODY, PERIOD, MEASURE, PROVENANCE, CORRECTION = (
    [g.name for g in GENERIC if g.part == part]
    for part in ("body", "period", "measure", "provenance", "correction")
)
INT_COLUMNS = tuple(g.name for g in GENERIC if g.kind == "integer")
DATE_COLUMNS = tuple(g.name for g in GENERIC if g.kind == "date")
REQUIRED_GENERIC = frozenset(g.name for g in GENERIC if g.required)


@dataclass(frozen=True)
class Dimension:
    """One declared field: its code column, where its codes come from, and its companions."""

    name: str
    title: str
    required: bool
    vocabulary: str | None = None  # a pack file of codes and phrasings
    keywords: str | None = None  # a pack file of categories and keywords
    raw: str | None = None  # the column of the words as written
    group: str | None = None  # the column of each code's group
    source: str | None = None  # 'title': read from the words around a table, not from a cell
    kind: FieldType = FieldType("string")  # its values' type, enumeration and bounds

    @property
    def free_text(self) -> bool:
        """A field read as written (no vocabulary, no taxonomy): its column is the text itself,
        named by headers under its own name in `columns.yaml`."""
        return not self.vocabulary and not self.keywords

    @property
    def columns(self) -> list[str]:
        return [c for c in (self.name, self.raw, self.group) if c]


def dimensions(request: Request) -> tuple[Dimension, ...]:
    """The active request's declared fields, checked with messages that name the pack."""
    return _dimensions(request)


@cache
def _dimensions(request: Request) -> tuple[Dimension, ...]:
    out = []
    for f in request.spec.schema_.fields:  # checked as a whole when the pack was read
        c = f.constraints
        out.append(
            Dimension(
                f.name,
                f.title or f.name,
                c.required,
                f.foi.vocabulary,
                f.foi.keywords,
                f.foi.raw,
                f.foi.group,
                f.foi.from_,
                FieldType(f.type, tuple(c.enum or f.categories or ()), c.minimum, c.maximum),
            )  # fmt: skip
        )
    return tuple(out)


def missing_values(request: Request) -> frozenset[str]:
    """The marks the request's returns use for 'no value' in a field's cell (`schema.
    missingValues` in request.yaml, as in a Frictionless Table Schema; default: the empty
    cell), normalised: such a cell is read as not recorded, never looked up as a phrasing."""
    return _missing(request)


@cache
def _missing(request: Request) -> frozenset[str]:
    from foi_ingest.values.text import norm

    return frozenset(norm(v) for v in request.spec.schema_.missingValues)


TYPES = {"integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}
"""The warehouse type of a declared field of each type (a string field: VARCHAR)."""


def typed_columns(request: Request) -> dict[str, str]:
    """The declared free fields that are not text, by column: their type (`integer`, ...)."""
    return {
        d.name: d.kind.kind for d in dimensions(request) if d.free_text and d.kind.kind in TYPES
    }


def dimension_columns(request: Request) -> list[str]:
    """Every column the declared fields give a record, in declaration order."""
    return [c for d in dimensions(request) for c in d.columns]


def record_columns(request: Request) -> list[str]:
    """All columns of a record, generic and declared."""
    return [*BODY, *PERIOD, *dimension_columns(request), *MEASURE, *PROVENANCE, *CORRECTION]


GENERIC_FIELDS = ("date_raw", "case_count", "reference")
"""Header fields every request has: a date or period, a count, a reference (kept in the raw
values only). The declared fields add their `raw` columns (`header_fields`)."""


def free_text_dimensions(request: Request) -> list[Dimension]:
    """Declared fields kept as written."""
    return [d for d in dimensions(request) if d.free_text]


def vocabulary_dimensions(request: Request) -> list[Dimension]:
    """Declared fields whose values are a vocabulary's codes."""
    return [d for d in dimensions(request) if d.vocabulary]


def keyword_dimensions(request: Request) -> list[Dimension]:
    """Declared fields sorted from free text by a keyword taxonomy."""
    return [d for d in dimensions(request) if d.keywords]


def header_fields(request: Request) -> dict[str, Dimension | None]:
    """Every field a column header can name: each declared field's `raw` column (-> the field)
    and the generic ones (-> None)."""
    out: dict[str, Dimension | None] = {d.raw: d for d in dimensions(request) if d.raw}
    out.update({d.name: d for d in dimensions(request) if d.free_text})
    out.update({f: None for f in GENERIC_FIELDS})
    return out


def editable_fields(request: Request) -> list[str]:
    """The declared fields a validator may set (a correction, a figure entered from a letter):
    `editable` in request.yaml, else every field with a vocabulary."""
    declared = request.spec.editable
    names = [d.name for d in vocabulary_dimensions(request)]
    if declared is None:
        return names
    unknown = [n for n in declared if n not in names]
    if unknown:
        raise ConfigError(
            f"{request.root}/request.yaml: editable {unknown}: use fields with a vocabulary "
            f"({', '.join(names)})"
        )
    return list(declared)


def dimension(request: Request, name: str) -> Dimension:
    """The declared field called `name`."""
    return next(d for d in dimensions(request) if d.name == name)
