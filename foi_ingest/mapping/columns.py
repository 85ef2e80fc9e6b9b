"""What a header cell means: a field of the request, or a dimension value of a count table.

Case tables have one column per field ('Rank', 'Outcome'). Count tables put a dimension across the
top: years ('2011', '2011/12') or the codes of a declared field (outcomes 'Dismissed', 'FWW';
roles 'PCSO'); each such column holds counts. `classify_header` tells which, from the synonyms
in `columns.yaml` and the vocabularies; it never guesses from a fuzzy match.
"""

from dataclasses import dataclass, field
from functools import cache, lru_cache

from foi_ingest.packs import Request
from foi_ingest.parsers.header import Column
from foi_ingest.schemas import vocab
from foi_ingest.schemas.record import free_text_dimensions, vocabulary_dimensions
from foi_ingest.schemas.vocab import NOT_RECORDED
from foi_ingest.values.dates import header_period, month_number
from foi_ingest.values.text import clean_cell, is_total_label, norm


def _synonyms(request: Request) -> dict[str, str]:
    return _pack_synonyms(request)


@cache
def _pack_synonyms(request: Request) -> dict[str, str]:
    out: dict[str, str] = {}
    for field_name, phrases in (request.data("columns.yaml") or {}).items():
        for phrase in phrases:
            out[norm(phrase)] = field_name
    return out


def field_for(request: Request, label: object, extra: dict[str, str] | None = None) -> str | None:
    """The schema field a header names, through synonyms (and a force's override first)."""
    key = norm(label)
    if extra and key in extra:
        return extra[key]
    return _synonyms(request).get(key)


_MAX_HEADER_WORDS = 7


def field_within(request: Request, label: object) -> str | None:
    """The field a longer header names by containing a synonym as whole words: 'Date of
    incident' -> date, 'Rank at time of incident' -> rank, 'Misconduct outcome' -> outcome.

    Where synonyms of several fields occur, the words before 'of' name the column ('Outcome of
    misconduct hearing'), else the synonym that ends last does ('Allegation outcome'), the
    longest of those first. Sentences (more than seven words) are never headers.
    """
    key = norm(label)
    words = key.split()
    if not words or len(words) > _MAX_HEADER_WORDS:
        return None
    return _within(request, key)


@lru_cache(maxsize=1 << 14)  # a PDF asks this of every cell of every line it reads
def _within(request: Request, key: str) -> str | None:
    synonyms = _pack_synonyms(request)
    head = key.split(" of ")[0] if " of " in key else key
    for text in (head, key):
        # every run of whole words is looked up once: (where it ends, length, field, phrase)
        words = text.split()
        ends = [len(" ".join(words[: j + 1])) for j in range(len(words))]
        found = [
            (ends[j - 1], len(phrase), synonyms[phrase], phrase)
            for i in range(len(words))
            for j in range(i + 1, len(words) + 1)
            if (phrase := " ".join(words[i:j])) in synonyms
        ]
        specific = [f for f in found if f[3] not in GENERIC_WORDS]
        if specific:
            return max(specific)[2]
        if found:
            return max(found)[2]
    return None


GENERIC_WORDS = frozenset({"description", "details", "summary", "type", "number", "count"})
"""Synonyms that only describe another word in a longer header: 'Outcome Description' is the
outcome, 'Rank type' the rank; alone they still name their field."""


def classify_header(request: Request, label: object, extra: dict[str, str] | None = None) -> Column:
    """Classify one header cell; see the module docstring."""
    text = clean_cell(label)
    if not text:
        return Column("other")
    found = field_for(request, text, extra)
    if found:
        return Column("field", found, text)
    if is_total_label(text):
        return Column("total", label=text)
    month = month_number(text)
    if month is not None:
        return Column("month", text, text, month=month)
    if " / " in text:  # a crosstab corner: 'Hospital Name / Financial Year' names the row labels
        corner = field_for(request, text.split(" / ")[0], extra) or field_within(
            request, text.split(" / ")[0]
        )
        if corner:
            return Column("field", corner, text)
    if any(ch.isdigit() for ch in text):
        found = header_period(label)
        if found:
            return Column(
                "year", text, text, period=found.period, mark=found.mark, partial=found.partial
            )
        return Column("other", label=text)
    for d in vocabulary_dimensions(request):
        found_code = vocab.vocabulary_of(request, d.name).lookup(text).code
        if found_code and found_code != NOT_RECORDED:
            return Column("value", found_code, text, dimension=d.name)
    within = field_within(request, text)
    if within:
        return Column("field", within, text)
    return Column("other", label=text)


@dataclass(frozen=True)
class RequestHeaders:
    """The active request's `HeaderReader` (see `parsers.header`), with a body's override of
    column names (`extra`: normalised label -> field) applied first."""

    request: Request
    extra: dict[str, str] | None = None
    free_text_fields: frozenset[str] = field(default_factory=frozenset)

    def classify(self, label: object) -> Column:
        return classify_header(self.request, label, self.extra)

    def settle(self, columns: list[Column]) -> list[Column]:
        """Several columns naming one free-text field only by containing a synonym ('Furness
        General Hospital', 'Millom Hospital') are that field's values across the top, not
        several columns of it: a table of counts by hospital."""
        contained: dict[str, list[int]] = {}
        for i, col in enumerate(columns):
            if col.kind == "field" and field_for(self.request, col.label, self.extra) is None:
                contained.setdefault(col.value, []).append(i)
        free = {d.name for d in free_text_dimensions(self.request)}
        out = list(columns)
        for name, at in contained.items():
            if name in free and len(at) >= 2:
                # the other names in that row are its values too ('Carleton Clinic' among
                # 'Furness General Hospital' and 'Millom Hospital')
                named = [i for i, c in enumerate(columns) if c.kind == "other" and c.label
                         and not any(ch.isdigit() for ch in c.label)]  # fmt: skip
                for i in sorted({*at, *named}):
                    out[i] = Column("value", columns[i].label, columns[i].label, dimension=name)
        return out


def header_reader(request: Request, extra: dict[str, str] | None = None) -> RequestHeaders:
    """How the active request reads headers (for `find_layout` and the PDF reader)."""
    from foi_ingest.schemas.record import keyword_dimensions

    free = frozenset(str(d.raw) for d in keyword_dimensions(request) if d.raw)
    return RequestHeaders(request, extra, free)
