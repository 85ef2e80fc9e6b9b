"""What the unnamed columns of a count table are: row labels of a field, the measure, or a
table that answers another question.

A table of counts puts one dimension across the top (years, outcomes) and usually another down
the side, often under a header no synonym names ('', 'Offence Sub Group'). Such a label column is
read as the field whose vocabulary recognises its values (a label present but unknown is then
rejected with suggestions, never loaded as `not_recorded`). A label column that no vocabulary of
the request recognises means the table counts something this request did not ask about (crime
types, hospitals): the table is foreign, and its rows are skipped as such, never loaded.

A table of cases is foreign in the same way when its vocabulary columns (rank, outcome) hold no
recognised value at all. Columns that hold numbers under a header that is neither a period nor a
value of the request are never dropped: their non-zero cells reject their rows, with the reason.
"""

from dataclasses import dataclass, field

from foi_ingest.mapping.columns import field_for, field_within
from foi_ingest.packs.pack import Request
from foi_ingest.parsers.cells import Coded
from foi_ingest.parsers.header import Column
from foi_ingest.reasons import Code, Reason
from foi_ingest.schemas import vocab
from foi_ingest.schemas.record import Dimension, keyword_dimensions, vocabulary_dimensions
from foi_ingest.schemas.vocab import NOT_RECORDED
from foi_ingest.values.counts import CountProblem, parse_count
from foi_ingest.values.dates import DateProblem, parse_period
from foi_ingest.values.text import is_total_label

RECOGNISED_SHARE = 0.2
"""A label column is a field's when at least this share of its distinct labels (and at least
one) are values of that field's vocabulary; the rest are rejected for a validator."""

MIN_FOREIGN_LABELS = 3
"""A table is called foreign only on three or more distinct unknown labels: a small table of
unknown phrasings is rejected row by row for a validator instead."""

UNKNOWN_LABEL = "_unknown_label"
"""The field given to a label column no vocabulary recognises, in a table that has another
dimension: its rows are rejected with the label quoted."""


def _raw_fields(request: Request) -> dict[str, Dimension]:
    """The header fields of declared fields (their `raw` columns), vocabularies first."""
    return {
        str(d.raw): d
        for d in (*vocabulary_dimensions(request), *keyword_dimensions(request))
        if d.raw
    }


_DERIVED = ("%", "percent", "percentage", "proportion", "rate", "share", "average", "mean")


@dataclass
class Resolved:
    """The columns of one table as mapping reads them, or why the table is foreign."""

    columns: list[Column]
    foreign: str | None = None  # why the table answers another question
    unread: dict[int, str] = field(default_factory=dict)  # column -> reason its numbers fail
    warnings: list[str] = field(default_factory=list)


def _is_number(text: str) -> bool:
    try:
        return parse_count(text) is not None
    except CountProblem:
        return False


def _is_period(text: str) -> bool:
    try:
        return parse_period(text) is not None
    except DateProblem:
        return False


def _recognised(request: Request, values: list[str], d: Dimension) -> int:
    """How many of `values` are values of the declared field `d`: codes of its vocabulary, or
    texts its keyword taxonomy sorts into a category other than 'other'."""
    if d.keywords:
        return sum(vocab.categorise(request, d.keywords, v) != "other" for v in values)
    vocabulary = vocab.vocabulary_of(request, d.name)
    found = (vocabulary.lookup(v).code for v in values)
    return sum(code not in (None, NOT_RECORDED) for code in found)


def _is_value(request: Request, text: str) -> bool:
    """A code of some declared field's vocabulary ('None' is an outcome: no further action)."""
    for d in vocabulary_dimensions(request):
        code = vocab.vocabulary_of(request, d.name).lookup(text).code
        if code not in (None, NOT_RECORDED):
            return True
    return False


def _is_measure(request: Request, text: str) -> bool:
    """A row label naming the measure itself ('Number of cases'), or a total."""
    named = field_for(request, text) or field_within(request, text)
    return named == "case_count" or is_total_label(text)


def _enough(recognised: int, distinct: int) -> bool:
    return recognised >= 1 and recognised >= RECOGNISED_SHARE * distinct


def resolve_columns(
    request: Request, columns: list[Column], texts: list[Coded], counts: bool
) -> Resolved:
    """Read the unnamed columns of one table; `texts` are its data rows' cleaned cells per
    column (as many as the table has)."""
    out = list(columns) + [Column("other")] * max(0, len(texts) - len(columns))
    resolved = Resolved(out)
    has_dimension = any(c.kind == "value" for c in out)
    raw_fields = _raw_fields(request)
    unknown_labels: list[str] = []
    unknown_values = 0
    for i, col in enumerate(out):
        if i >= len(texts):
            break
        distinct = [v for v in dict.fromkeys(texts[i].array().tolist()) if v]
        declared = raw_fields.get(col.value) if col.kind == "field" else None
        if declared is not None and declared.vocabulary:
            if distinct and _recognised(request, distinct, declared):
                has_dimension = True
            elif distinct:
                unknown_labels.append(col.label or f"column {i + 1}")
                unknown_values += len(distinct)
            continue
        if declared is not None and declared.keywords and distinct:
            has_dimension = True  # free text of the request's own (an allegation per row)
        if counts and col.kind == "field" and col.value == "date_raw" and distinct:
            if sum(_is_period(v) for v in distinct) * 2 >= len(distinct):
                continue
            col = Column("other", label=col.label)  # a crosstab corner: 'Hospital / Year'
            out[i] = col
        if col.kind != "other" or not distinct:
            continue
        # 'None' or 'Nil' is a zero in a count cell but a label where a vocabulary knows it
        words = [v for v in distinct if not _is_number(v) or _is_value(request, v)]
        if len(words) * 2 < len(distinct):  # mostly numbers: counts under an unread header
            if counts:
                _numbers_column(resolved, i, col)
            continue
        if not counts:
            continue  # free text in a case table (a reference, a note): kept in the raw values
        labels = [v for v in words if not _is_measure(request, v)]
        if not labels:
            continue
        # the field whose values the labels are: vocabularies first, then keyword taxonomies
        vocabularies = [d for d in raw_fields.values() if d.vocabulary]
        best = max(vocabularies, key=lambda d: _recognised(request, labels, d), default=None)
        keyworded = [d for d in raw_fields.values() if d.keywords]
        if best is not None and _enough(_recognised(request, labels, best), len(labels)):
            out[i] = Column("field", str(best.raw), col.label)
            has_dimension = True
        elif keyworded and _enough(_recognised(request, labels, keyworded[0]), len(labels)):
            out[i] = Column("field", str(keyworded[0].raw), col.label)
            has_dimension = True
        else:
            unknown_labels.append(col.label or f"column {i + 1}")
            unknown_values += len(labels)
            out[i] = Column("field", UNKNOWN_LABEL, col.label)
    if unknown_labels and not has_dimension and unknown_values >= MIN_FOREIGN_LABELS:
        names = ", ".join(f"'{n}'" for n in unknown_labels)
        resolved.foreign = (
            f"no value of this request's fields in {names}: the table answers another question"
        )
    return resolved


def _numbers_column(resolved: Resolved, i: int, col: Column) -> None:
    label = col.label or f"column {i + 1}"
    if any(word in label.lower() for word in _DERIVED):
        resolved.warnings.append(Reason(
            f"column '{label}' read as a derived figure, not as counts", Code.DERIVED_COLUMN,
            None, label,
        ))  # fmt: skip
        return
    resolved.unread[i] = (
        f"column '{label}' holds numbers, but its header is not a period or a value of this "
        "request: say what it counts (a per-force override) or correct the row"
    )
