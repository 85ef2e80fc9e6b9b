"""Reading a letter that holds no table: a covering letter, a refusal (and under which sections),
a nil return, or an answer in prose that a person must enter. Never guesses numbers from prose.

Order matters, and follows how a careful reader decides:
1. a covering letter beside its attachment adds nothing: the attachment answers;
2. a letter that answers a question with a figure and refuses another is a partial answer:
   a person enters its figure (never read from the prose here);
3. neither confirm nor deny is a refusal, whatever else the letter says;
4. an explicit refusal (cost limit, vexatious, reasonably accessible elsewhere) is a refusal;
5. a letter saying nothing is held is a nil return, even when it lists the outcomes that exist
   in general;
6. other sections cited with refusal wording are a refusal; anything else needs a person.
"""

import copy
import re
from dataclasses import dataclass
from functools import cache

from foi_ingest.packs import Request
from foi_ingest.schemas.resources import load_yaml
from foi_ingest.statuses import Status
from foi_ingest.values.text import norm

FOIA_SECTIONS = frozenset({"12", "14", *map(str, range(21, 45))})
"""Sections of the Freedom of Information Act 2000 a letter can rely on to withhold or refuse."""

_SECTION_CITED = re.compile(
    r"(?<![a-z0-9'’])(?:sections?|ss?\.?)\s*(\d{2})(?:\s*\(\s*\w{1,3}\s*\))*"
    r"(?:\s*(?:,|and|&)\s*(?:(?:section|s)\s*)?(\d{2})(?:\s*\(\s*\w{1,3}\s*\))*)*",
    re.I,
)
_SECTION_LIST = re.compile(r"(?:,|and|&)\s*(?:(?:section|s)\.?\s*)?(\d{2})")
_OF_THE_ACT = re.compile(
    r"(?<![a-z0-9.£])(\d{2})(?:\s*\(\s*\w{1,3}\s*\))*\s+of\s+the\s+"
    r"(?:act|foia|freedom of information act)",
    re.I,
)
_ANSWER_FIGURE = re.compile(
    r"(?:^|\n|;|\.\s)\s*(?:q(?:uestion)?\s*\.?\s*\d{1,2}[a-z]?)\s*[-:–—.)]\s*(\d[\d,]*)\b"
    r"(?!\s*(?:/|of the act|hours?|\(|%))",
    re.I,
)


@dataclass(frozen=True)
class LetterReading:
    status: Status  # cover_letter | refused | nil_return | needs_entry
    sections: tuple[str, ...]
    reason: str


def _phrases(request: Request) -> dict:
    return _pack_phrases(request)


@cache
def _pack_phrases(request: Request) -> dict:
    data = copy.deepcopy(load_yaml("letters.yaml"))  # generic FOI wording, then the request's
    for key, phrases in (request.data("letters.yaml") or {}).items():
        if key == "refusal_sections":
            for section, words in phrases.items():
                data["refusal_sections"].setdefault(str(section), []).extend(words)
        else:
            data[key] = [*data.get(key, []), *phrases]
    return {
        "sections": {s: [norm(p) for p in ps] for s, ps in data["refusal_sections"].items()},
        "refusal": [norm(p) for p in data["refusal_markers"]],
        "ncnd": [norm(p) for p in data["neither_confirm_nor_deny"]],
        "nil": [norm(p) for p in data["nil_return"]],
        "cover": [norm(p) for p in data["cover_letter"]],
        "zero": [norm(p) for p in data["suppression_includes_zero"]],
    }


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


def _any(request: Request, key: str, kind: str) -> bool:
    return any(_has(key, p) for p in _phrases(request)[kind])


def sections_cited(request: Request, text: str) -> tuple[str, ...]:
    """Every FOIA section a letter relies on: cited ('section 30(3)', 's.40(5B)', 'sections 30,
    31 and 40', '12 of the Act') or paraphrased ('18 hour limit'), in section order."""
    found: set[str] = set()
    for m in _SECTION_CITED.finditer(text):
        found.add(m.group(1))
        found.update(_SECTION_LIST.findall(m.group(0)))
    found.update(m.group(1) for m in _OF_THE_ACT.finditer(text))
    key = norm(text)
    found.update(
        s for s, ps in _phrases(request)["sections"].items() if any(_has(key, p) for p in ps)
    )
    return tuple(sorted(found & FOIA_SECTIONS, key=int))


def answer_figures(text: str) -> list[str]:
    """Figures a letter gives as answers to numbered questions ('Q1 - 52', 'Question 2: 7')."""
    return [m.group(1) for m in _ANSWER_FIGURE.finditer(text)]


_ABOUT_SUPPRESSION = re.compile(
    r"suppress|fewer than|less than|denot|indicat|represent|replaced|shown as|small number|"
    r"withheld|redact|hidden|disclos|identif|rounded|means",
    re.I,
)
_MARK_NOTE = re.compile(
    r"^\s*(?:\*+|<\s*\d+)\s*(?:=|:|-|–|denotes|means|is|are|represents|indicates)", re.I
)


def _about_suppression(line: str) -> bool:
    """A note about suppression ('* denotes ...', 'figures of 0-4 are shown as *'), not a row of
    a table whose cells happen to hold '<5', '0' and '4'."""
    return bool(_ABOUT_SUPPRESSION.search(line) or _MARK_NOTE.match(line))


def suppression_hides_zero(request: Request, text: str) -> bool:
    """Whether a return's own note says its suppression mark may also hide a zero. Only lines
    about suppression are read: a table's own cells ('0', '4') never make such a note."""
    for line in re.split(r"[\n\r]+|(?<=[.;])\s+", text):
        if _about_suppression(line):
            key = norm(line)
            if any(_has(key, p) for p in _phrases(request)["zero"]):
                return True
    return False


def _cited(sections: tuple[str, ...]) -> str:
    return ", ".join(f"s.{s}" for s in sections)


ENTRY_HOW = "a validator enters its figures (`foi rejects export`, sheet 'Enter from letters')"
ENTRY_REASON = f"letter answers in prose, with no table: {ENTRY_HOW}"


def read_letter(request: Request, text: str, *, beside_attachment: bool = False) -> LetterReading:
    """What a letter with no table says; `beside_attachment`: another file of the same body sits
    in the same folder (see the module docstring for the order of the rules)."""
    key = norm(text)
    if not key:
        return LetterReading(Status.NEEDS_ENTRY, (), "no text found")
    sections = sections_cited(request, text)
    if _any(request, key, "cover"):
        if beside_attachment:
            return LetterReading(
                Status.COVER_LETTER, sections, "covering letter: the attachment beside it answers"
            )
        covering = "covering letter, but the attachment it refers to is not in the folder"
    else:
        covering = ""
    refused = _any(request, key, "refusal")
    ncnd = _any(request, key, "ncnd")
    figures = answer_figures(text)
    if figures and (refused or ncnd or sections):
        part = f"; the rest is refused citing {_cited(sections)}" if sections else ""
        return LetterReading(
            Status.NEEDS_ENTRY,
            sections,
            f"partial answer: the letter gives figures ({', '.join(figures)}){part}; {ENTRY_HOW}",
        )
    if ncnd:
        cited = f" citing {_cited(sections)}" if sections else ""
        return LetterReading(Status.REFUSED, sections, f"neither confirm nor deny{cited}")
    firm = {"12", "14", "21"} & set(sections)
    if firm and (refused or not _any(request, key, "nil")):
        return LetterReading(Status.REFUSED, sections, f"refusal citing {_cited(sections)}")
    if _any(request, key, "nil"):
        return LetterReading(Status.NIL_RETURN, sections, "the body states it holds no such cases")
    if sections and refused:
        return LetterReading(Status.REFUSED, sections, f"refusal citing {_cited(sections)}")
    if covering:
        return LetterReading(Status.COVER_LETTER, sections, covering)
    return LetterReading(Status.NEEDS_ENTRY, sections, ENTRY_REASON)
