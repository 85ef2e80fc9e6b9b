"""Canonical vocabularies (role, outcome, allegation category) and the phrasings that map to them.

The YAML files are the one source of truth: the pandera schema reads its allowed values from
here. An unknown phrasing is never mapped silently; `lookup` returns no code and the closest
canonical values, for a validator to map once.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from foi_ingest.packs import Request
from foi_ingest.values.text import norm


@dataclass(frozen=True)
class Match:
    """The result of looking a phrasing up: a code, or none and the nearest codes."""

    code: str | None
    suggestions: tuple[str, ...] = ()


NOT_RECORDED = "not_recorded"
"""The code every vocabulary has for a field the return has no column for (added if absent)."""


@dataclass
class Vocabulary:
    """One controlled vocabulary: codes, their phrasings (normalised) and optional regexes."""

    name: str
    codes: tuple[str, ...]
    phrasings: dict[str, str]
    patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)  # phrasing -> why it maps so

    def __post_init__(self) -> None:
        self._compact = {p.replace(" ", ""): c for p, c in self.phrasings.items()}
        self._memo: dict[str, Match] = {}

    def lookup(self, raw: object, extra: dict[str, str] | None = None) -> Match:
        """Map a force's phrasing to a code. `extra` (normalised phrase -> code) comes first:
        a per-force override or a validator's mapping."""
        key = norm(raw)
        if extra and key in extra:
            return Match(extra[key])
        if key not in self._memo:
            self._memo[key] = self._lookup(key)
        return self._memo[key]

    def _lookup(self, key: str) -> Match:
        if key in self.phrasings:
            return Match(self.phrasings[key])
        compact = key.replace(" ", "")  # 'F.W.W.' and 'N F A' are 'fww' and 'nfa'
        if compact in self._compact:
            return Match(self._compact[compact])
        for pattern, code in self.patterns:
            if pattern.search(key):
                return Match(code)
        return Match(None, self.suggest(key))

    def suggest(self, key: str, limit: int = 3) -> tuple[str, ...]:
        """The closest canonical codes to an unknown phrasing (fuzzy match over phrasings)."""
        found: list[str] = []
        for phrase, _score, _ in process.extract(
            key, list(self.phrasings), scorer=fuzz.WRatio, limit=12
        ):
            code = self.phrasings[phrase]
            if code not in found:
                found.append(code)
            if len(found) == limit:
                break
        return tuple(found)


def vocabulary(request: Request, name: str, filename: str) -> Vocabulary:
    """The vocabulary in a file of the active pack (`vocab/outcomes.yaml`), named after its
    field; built once per pack."""
    return _vocabulary(request, name, filename)


@cache
def _vocabulary(request: Request, name: str, filename: str) -> Vocabulary:
    return _build(request, name, filename)


def vocabulary_of(request: Request, name: str) -> Vocabulary:
    """The vocabulary of the declared field `name` (`schemas.record`)."""
    from foi_ingest.schemas.record import dimension

    d = dimension(request, name)
    return vocabulary(request, d.name, str(d.vocabulary))


def keyword_codes(request: Request, filename: str) -> tuple[str, ...]:
    """The categories of a keyword taxonomy (`vocab/allegations.yaml`), with 'other' (what text
    no keyword sorts becomes)."""
    codes = tuple(request.data(filename))
    return codes if "other" in codes else (*codes, "other")


def _build(pack: Request, name: str, filename: str) -> Vocabulary:
    data = pack.data(filename)
    phrasings: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    groups: dict[str, str] = {}
    decisions: dict[str, str] = {}
    for code, spec in data.items():
        phrasings[norm(code.replace("_", " "))] = code
        for phrase in spec.get("phrasings", []):
            phrasings[norm(phrase)] = code
        for decision in spec.get("decisions", []):  # a choice, documented with its reason
            phrasings[norm(decision["phrasing"])] = code
            decisions[norm(decision["phrasing"])] = decision["reason"]
        for pattern in spec.get("patterns", []):
            patterns.append((re.compile(pattern), code))
        if "group" in spec:
            groups[code] = spec["group"]
    codes = tuple(data)
    if NOT_RECORDED not in codes:  # the code of a field the return has no column for
        codes += (NOT_RECORDED,)
        phrasings.setdefault(norm(NOT_RECORDED.replace("_", " ")), NOT_RECORDED)
    if groups and NOT_RECORDED not in groups:  # a grouped field left blank: its own group
        groups[NOT_RECORDED] = NOT_RECORDED
    return Vocabulary(name, codes, phrasings, patterns, groups, decisions)


@cache
def _keywords(request: Request, filename: str) -> list[tuple[str, str]]:
    data = request.data(filename)
    return [(norm(k), code) for code, spec in data.items() for k in spec.get("keywords", [])]


def categorise(request: Request, filename: str, raw: object) -> str:
    """The first category of a keyword taxonomy whose keyword appears in the text; 'other' if
    none does (the raw text is always kept beside it)."""
    return _categorise(request, filename, norm(raw))


@cache
def _categorise(request: Request, filename: str, key: str) -> str:
    text = f" {key} "
    for keyword, code in _keywords(request, filename):
        if keyword and keyword in text:
            return code
    return "other"
