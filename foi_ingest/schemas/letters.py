"""Reading a letter that holds no table: a refusal (and under which sections), a nil return, or
an answer in prose that a person must enter. Never guesses numbers from prose."""

import re
from dataclasses import dataclass
from functools import cache

from foi_ingest.schemas.resources import load_yaml
from foi_ingest.schemas.text import norm


@dataclass(frozen=True)
class LetterReading:
    status: str  # refused | nil_return | needs_entry
    sections: tuple[str, ...]
    reason: str


@cache
def _phrases() -> dict:
    data = load_yaml("letters.yaml")
    return {
        "sections": {s: [norm(p) for p in ps] for s, ps in data["refusal_sections"].items()},
        "refusal": [norm(p) for p in data["refusal_markers"]],
        "nil": [norm(p) for p in data["nil_return"]],
        "zero": [norm(p) for p in data["suppression_includes_zero"]],
    }


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


def sections_cited(text: str) -> tuple[str, ...]:
    """FOIA sections a letter relies on, by number or by their usual wording."""
    key = norm(text)
    return tuple(s for s, ps in _phrases()["sections"].items() if any(_has(key, p) for p in ps))


def suppression_hides_zero(text: str) -> bool:
    """Whether a return's own note says its suppression mark may also hide a zero."""
    key = norm(text)
    return any(_has(key, p) for p in _phrases()["zero"])


def read_letter(text: str) -> LetterReading:
    """What a letter with no table says."""
    key = norm(text)
    sections = sections_cited(text)
    if any(_has(key, p) for p in _phrases()["nil"]):
        return LetterReading("nil_return", sections, "the force states it holds no such cases")
    refused = any(_has(key, p) for p in _phrases()["refusal"])
    if sections and (refused or "12" in sections or "14" in sections):
        cited = ", ".join(f"s.{s}" for s in sections)
        return LetterReading("refused", sections, f"refusal citing {cited}")
    if not key:
        return LetterReading("needs_entry", sections, "no text found")
    return LetterReading(
        "needs_entry",
        sections,
        "letter answers in prose, with no table: a validator enters its figures (`foi rejects "
        "export`, sheet 'Enter from letters')",
    )
