"""The typed model of a request pack: every key a pack may hold, with what it means.

A pack is validated as a whole when it is read (`packs.lint`): a key the model does not know is
refused with its file, line and the nearest known key, so a misspelt `vocabluary:` can never turn
a field into free text in silence. The docstring under each key is its documentation; the pack
reference (`docs/pack-reference.md`) is generated from this module (`packs.reference`).
"""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """A part of a pack: unknown keys are errors, values are checked by type."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, populate_by_name=True
    )


ID_PATTERN = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
"""A request's id: lowercase words joined by '-' (`hospital-crime`)."""

FieldType = Literal["string", "integer", "number", "boolean", "date"]


class Constraints(Strict):
    """What a field's values must satisfy (Frictionless Table Schema constraints)."""

    required: bool = False
    """A record without a value in this field is rejected for a validator."""
    enum: list[str] | None = None
    """The only values allowed. For a field with a vocabulary or keyword taxonomy, they must be
    its codes; for a free field, a value outside them is rejected with the closest ones."""
    minimum: float | None = None
    """For a number or integer field: the smallest value allowed."""
    maximum: float | None = None
    """For a number or integer field: the largest value allowed."""


class FoiExtension(Strict):
    """Our extensions to a Frictionless field: where its values come from."""

    vocabulary: str | None = None
    """A `vocab/` file of codes and the phrasings that mean them; a value no phrasing matches is
    rejected for a validator, with the closest codes."""
    keywords: str | None = None
    """A `vocab/` taxonomy that sorts free text into categories by keyword (first match wins,
    none: `other`); the text is kept in `raw`."""
    raw: str | None = None
    """The column that keeps the words as written beside the code."""
    group: str | None = None
    """The column of each code's group (`group:` in the vocabulary)."""
    from_: Literal["title"] | None = Field(None, alias="from")
    """`title`: the value is read from the words around a table (sheet name, title rows), never
    from a cell of a row."""


class FieldSpec(Strict):
    """One field of the request's record (a Frictionless Table Schema field)."""

    name: str
    """The column name in the warehouse: lowercase words joined by `_`."""
    type: FieldType = "string"
    """The field's values: `string`, `integer`, `number` (decimals, e.g. 0.5), `boolean` (yes/no)
    or `date`. A field with a vocabulary or keywords holds codes, so it is a `string`."""
    title: str | None = None
    """The field's name for people (reports, the review workbook)."""
    description: str | None = None
    """What the field holds, for the export's descriptor."""
    format: str | None = None
    """Frictionless format of the values (kept in the export's descriptor)."""
    categories: list[str] | None = None
    """The values allowed, as Frictionless v2 writes them (the same as `constraints.enum`)."""
    constraints: Constraints = Constraints()
    """What the values must satisfy."""
    foi: FoiExtension = FoiExtension()
    """Where the values come from (neither vocabulary nor keywords: read as written)."""


class TableSchema(Strict):
    """The record's own fields, as a Frictionless Table Schema."""

    fields: list[FieldSpec] = Field(min_length=1)
    """The declared fields, in the order of the warehouse columns."""
    missingValues: list[str] = [""]  # noqa: N815 (Frictionless spelling)
    """Cell texts that mean 'no value' (read as not recorded, never looked up)."""


class PeriodSpec(Strict):
    """The period the request asked about."""

    start: dt.date | None = None
    """The first day asked about: earlier records are outside the window."""
    end: dt.date | None = None
    """The last day asked about (none: up to the answer)."""
    unit: Literal["month", "calendar-year", "financial-year"] | None = None
    """The period each figure should cover; periods of another shape are noted on the file."""


class ScopeSpec(Strict):
    """Which bodies the headline counts (a column of the bodies' list and its values)."""

    field: str
    """A column of the bodies' list (`country`, `region`)."""
    values: list[str]
    """The values of that column inside the scope."""
    of: int
    """How many bodies the scope has (the headline says 'N of `of`')."""
    says: str
    """How the headline names the scope ('forces of England and Wales')."""


class GroupStyle(Strict):
    """How one group of the headline table is shown."""

    label: str
    """The group's name in reports."""
    colour: str | None = None
    """The group's colour in charts (`#rrggbb`)."""


class TableSpec(Strict):
    """The headline's ranked table: shares of one field's groups."""

    field: str
    """The field (or group column) whose values the table counts."""
    title: str
    """The table's heading."""
    label: str
    """What one row is called ('outcome group')."""
    chart: str | None = None
    """The chart's title (none: no chart)."""
    groups: dict[str, GroupStyle] = {}
    """Each value's label and colour, in the order shown."""


class ShareSpec(Strict):
    """One share the headline states ('9% ended with the officer leaving the force')."""

    name: str
    """The share's key in `--json` output."""
    field: str
    """The field whose value is counted."""
    value: str
    """The value counted."""
    says: str
    """The words after the percentage."""


class HeadlineSpec(Strict):
    """What the report puts first."""

    title: str | None = None
    """The report's title (default: the request's title)."""
    counted: str | None = None
    """What one record counts ('cases')."""
    scope: ScopeSpec | None = None
    """The bodies the headline counts."""
    table: TableSpec | None = None
    """A ranked table of shares; without it, the generic report of figures by field."""
    shares: list[ShareSpec] = []
    """Shares stated in the headline sentence."""
    ranking: int = 3
    """How many bodies the headline names, most records first."""
    by: list[str] = []
    """Generic report: fields read from a table's title that split the figures (never added
    across)."""
    period: Literal["sum", "latest"] = "sum"
    """Generic report: `sum` adds periods; `latest` shows each body's first and latest period
    (counts of a caseload do not add up over months)."""


class SampleSpec(Strict):
    """A generated sample inbox (`foi sample`)."""

    generator: str
    """`module:function` writing the inbox and its truth file."""


class BodiesSpec(Strict):
    """The pack's own list of bodies, added to (or replacing) the kind's reference list."""

    file: str
    """A CSV in the pack with the kind's columns (id, name, country, region, aliases)."""
    replace: bool = False
    """True: only the pack's list; false: the kind's list with the pack's rows added (a row with
    a known id replaces that body's row)."""


class RequestSpec(Strict):
    """`request.yaml`: one request sent to many bodies."""

    id: str = Field(pattern=f"^{ID_PATTERN}$")
    """The request's id: its folder's name, lowercase words joined by `-`."""
    title: str
    """The request's name for people."""
    question: str
    """The request as sent (whitespace is folded)."""
    body_kind: str
    """The kind of body asked: the name of a reference list (`police-force`, `nhs-trust`)."""
    bodies: BodiesSpec | None = None
    """The pack's own bodies (a body the kind's list lacks)."""
    period: PeriodSpec = PeriodSpec()
    """The period asked about."""
    records: Literal["cases", "counts"] | None = None
    """`counts`: every answer is a table of counts, so a table with no count in it (a lookup of
    codes) holds no records. Default: cases or counts."""
    schema_: TableSchema = Field(alias="schema")
    """The record's fields."""
    editable: list[str] | None = None
    """The fields a validator may set (default: every field with a vocabulary)."""
    headline: HeadlineSpec = HeadlineSpec()
    """What the report puts first."""
    sample: SampleSpec | None = None
    """A generated sample inbox for `foi sample`."""


class VocabEntry(Strict):
    """One code of a vocabulary (`vocab/<name>.yaml`: code -> entry)."""

    label: str | None = None
    """The code's name for people."""
    group: str | None = None
    """The code's family (`group:` column of the field)."""
    phrasings: list[str] = []
    """Wordings that mean this code (case, spacing and punctuation never matter)."""
    patterns: list[str] = []
    """Regular expressions over the normalised text that mean this code."""
    decisions: list["PhrasingDecision"] = []
    """Phrasings mapped by a documented choice, each with its reason."""


class PhrasingDecision(Strict):
    """A phrasing whose code is a choice, kept with why."""

    phrasing: str
    """The wording."""
    reason: str
    """Why it means this code."""


class TaxonomyEntry(Strict):
    """One category of a keyword taxonomy (`vocab/<name>.yaml`: category -> entry)."""

    label: str | None = None
    """The category's name for people."""
    keywords: list[str] = []
    """Words whose appearance in the text puts it in this category."""


VocabEntry.model_rebuild()

LETTER_KEYS = (
    "refusal_sections", "refusal_markers", "neither_confirm_nor_deny", "nil_return",
    "cover_letter", "suppression_includes_zero",
)  # fmt: skip
"""The keys of `letters.yaml`: the pack's wording added to the generic FOI wording."""
