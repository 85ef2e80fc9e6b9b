"""What a header cell means: a field of the case schema, or a dimension value of a count table.

Case tables have one column per field ('Rank', 'Outcome'). Count tables put a dimension across the
top: years ('2011', '2011/12'), outcomes ('Dismissed', 'FWW') or roles ('PCSO'); each such column
holds counts. `classify_header` tells which, from the synonyms in `columns.yaml` and the
vocabularies; it never guesses from a fuzzy match.
"""

from dataclasses import dataclass
from functools import cache

from foi_ingest.schemas import vocab
from foi_ingest.schemas.dates import DateProblem, parse_period
from foi_ingest.schemas.resources import load_yaml
from foi_ingest.schemas.text import clean_cell, norm

TOTAL_WORDS = ("total", "grand total", "totals", "overall total", "sum")


@dataclass(frozen=True)
class Column:
    """The meaning of one header cell. kind: field | year | outcome | role | total | other."""

    kind: str
    value: str = ""
    label: str = ""


@cache
def _synonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for field_name, phrases in load_yaml("columns.yaml").items():
        for phrase in phrases:
            out[norm(phrase)] = field_name
    return out


def field_for(label: object, extra: dict[str, str] | None = None) -> str | None:
    """The schema field a header names, through synonyms (and a force's override first)."""
    key = norm(label)
    if extra and key in extra:
        return extra[key]
    return _synonyms().get(key)


def classify_header(label: object, extra: dict[str, str] | None = None) -> Column:
    """Classify one header cell; see the module docstring."""
    text = clean_cell(label)
    if not text:
        return Column("other")
    found = field_for(text, extra)
    if found:
        return Column("field", found, text)
    if norm(text) in TOTAL_WORDS:
        return Column("total", label=text)
    if any(ch.isdigit() for ch in text):
        try:
            period = parse_period(text)
        except DateProblem:
            period = None
        if period and (period.end - period.start).days >= 360:
            return Column("year", text, text)
        return Column("other", label=text)
    outcome = vocab.outcomes().lookup(text)
    if outcome.code and outcome.code != "not_recorded":
        return Column("outcome", outcome.code, text)
    role = vocab.roles().lookup(text)
    if role.code and role.code != "not_recorded":
        return Column("role", role.code, text)
    return Column("other", label=text)
