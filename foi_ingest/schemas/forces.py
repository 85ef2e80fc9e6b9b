"""The reference table of police forces, and telling which force a file came from.

Folder first, then file name, then (only where both say nothing) the letterhead. A force that
cannot be told is never guessed: `resolve_force` returns no id and a reason.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from foi_ingest.schemas.resources import DATA
from foi_ingest.values.text import norm

# Words inbox folders add to a force's name that do not tell forces apart.
_GENERIC = {"police", "constabulary", "service", "force", "the", "foi", "response", "responses"}


@dataclass(frozen=True)
class Force:
    force_id: str
    name: str
    country: str
    region: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ForceMatch:
    force_id: str | None
    reason: str


@cache
def forces() -> dict[str, Force]:
    """All forces of the reference list `bodies/police-force.csv`, by data.police.uk id."""
    with (DATA / "bodies" / "police-force.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["force_id"]: Force(
            r["force_id"],
            r["name"],
            r["country"],
            r["region"],
            tuple(a.strip() for a in r["aliases"].split(";") if a.strip()),
        )
        for r in rows
    }


def _key(text: str) -> str:
    return " ".join(w for w in norm(text).split() if w not in _GENERIC)


@cache
def _names() -> dict[str, str]:
    """Normalised name or alias -> force id."""
    out: dict[str, str] = {}
    for f in forces().values():
        for name in (f.force_id.replace("-", " "), f.name, *f.aliases):
            out[_key(name)] = f.force_id
    out.pop("", None)
    return out


def match_name(text: str) -> str | None:
    """A force id when the whole text is a force's name or alias ('GMP', 'Met Police')."""
    return _names().get(_key(text))


def find_in_text(text: str) -> set[str]:
    """Force ids whose name or alias appears as whole words in `text` (longest names first)."""
    hay = f" {_key(text)} "
    found: set[str] = set()
    for name in sorted(_names(), key=len, reverse=True):
        pattern = f" {name} "
        if pattern in hay:
            found.add(_names()[name])
            hay = hay.replace(pattern, " | ")
    return found


def resolve_force(relative_path: PurePath, letterhead: str | None = None) -> ForceMatch:
    """Tell the force of a file from its path inside the inbox, then its letterhead."""
    for folder in relative_path.parts[:-1]:
        force_id = match_name(folder)
        if force_id:
            return ForceMatch(force_id, f"folder '{folder}'")
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", relative_path.name)
    in_name = find_in_text(stem)
    if len(in_name) == 1:
        force_id = next(iter(in_name))
        return ForceMatch(force_id, f"file name '{relative_path.name}'")
    if len(in_name) > 1:
        return ForceMatch(
            None, f"file name names several forces ({', '.join(sorted(in_name))}); not guessed"
        )
    if letterhead:
        in_head = find_in_text(letterhead)
        if len(in_head) == 1:
            force_id = next(iter(in_head))
            return ForceMatch(force_id, "letterhead")
    folders = "/".join(relative_path.parts[:-1]) or "(inbox root)"
    return ForceMatch(
        None,
        f"force not recognised from folder '{folders}' or file name '{relative_path.name}'; "
        "put the file in a folder named after the force, or add an alias to "
        "schemas/data/bodies/police-force.csv",
    )
