"""The reference list of the public bodies a request went to, and telling which body a file
came from.

Each body kind has its list (`schemas/data/bodies/<kind>.csv`: police forces by data.police.uk id,
NHS mental-health trusts by a stable slug, ...); the active request pack names its kind. The
module keeps the police words (`force_id`, `Force`) the warehouse columns were first named with;
they hold any body's id. Folder first, then file name, then (only where both say nothing) the
letterhead. A body that cannot be told is never guessed: `resolve_force` returns no id and a reason.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from foi_ingest.packs import Request
from foi_ingest.schemas.resources import DATA
from foi_ingest.values.text import norm

# Words inbox folders add to a body's name that do not tell bodies apart.
_GENERIC = {
    "police", "constabulary", "service", "force", "the", "foi", "response", "responses", "nhs",
    "foundation", "trust", "ft",
}  # fmt: skip


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


def forces(request: Request) -> dict[str, Force]:
    """The bodies of the active request's kind (`body_kind` in its request.yaml), by id."""
    return bodies_of(request.body_kind)


@cache
def bodies_of(kind: str) -> dict[str, Force]:
    """Every body of the reference list `bodies/<kind>.csv`, by id (its first column)."""
    with (DATA / "bodies" / f"{kind}.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        key = (reader.fieldnames or ["force_id"])[0]
        rows = list(reader)
    return {
        r[key]: Force(
            r[key],
            r["name"],
            r["country"],
            r["region"],
            tuple(a.strip() for a in r["aliases"].split(";") if a.strip()),
        )
        for r in rows
    }


def _key(text: str) -> str:
    return " ".join(w for w in norm(text).split() if w not in _GENERIC)


def body_noun(request: Request) -> str:
    """What the active kind calls one body, from its list's id column ('force_id' -> 'force',
    'trust_id' -> 'trust'), for messages."""
    return _noun(request.body_kind)


@cache
def _noun(kind: str) -> str:
    with (DATA / "bodies" / f"{kind}.csv").open(encoding="utf-8") as fh:
        return fh.readline().split(",")[0].strip().removesuffix("_id") or "body"


def _names(request: Request) -> dict[str, str]:
    return _names_of(request.body_kind)


@cache
def _names_of(kind: str) -> dict[str, str]:
    """Normalised name or alias -> body id."""
    out: dict[str, str] = {}
    for f in bodies_of(kind).values():
        for name in (f.force_id.replace("-", " "), f.name, *f.aliases):
            out[_key(name)] = f.force_id
    out.pop("", None)
    return out


def match_name(request: Request, text: str) -> str | None:
    """A force id when the whole text is a force's name or alias ('GMP', 'Met Police')."""
    return _names(request).get(_key(text))


def find_in_text(request: Request, text: str) -> set[str]:
    """Force ids whose name or alias appears as whole words in `text` (longest names first)."""
    hay = f" {_key(text)} "
    found: set[str] = set()
    for name in sorted(_names(request), key=len, reverse=True):
        pattern = f" {name} "
        if pattern in hay:
            found.add(_names(request)[name])
            hay = hay.replace(pattern, " | ")
    return found


def resolve_force(
    request: Request, relative_path: PurePath, letterhead: str | None = None
) -> ForceMatch:
    """Tell the force of a file from its path inside the inbox, then its letterhead."""
    for folder in relative_path.parts[:-1]:
        force_id = match_name(request, folder)
        if force_id:
            return ForceMatch(force_id, f"folder '{folder}'")
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", relative_path.name)
    in_name = find_in_text(request, stem)
    if len(in_name) == 1:
        force_id = next(iter(in_name))
        return ForceMatch(force_id, f"file name '{relative_path.name}'")
    if len(in_name) > 1:
        return ForceMatch(
            None,
            f"file name names several {body_noun(request)}s ({', '.join(sorted(in_name))}); "
            "not guessed",
        )
    if letterhead:
        in_head = find_in_text(request, letterhead)
        if len(in_head) == 1:
            force_id = next(iter(in_head))
            return ForceMatch(force_id, "letterhead")
    folders = "/".join(relative_path.parts[:-1]) or "(inbox root)"
    return ForceMatch(
        None,
        f"{body_noun(request)} not recognised from folder '{folders}' or file name "
        f"'{relative_path.name}'; "
        f"put the file in a folder named after the {body_noun(request)}, or add an alias to "
        f"schemas/data/bodies/{request.body_kind}.csv",
    )
