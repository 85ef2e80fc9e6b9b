"""The reference list of the public bodies a request went to, and telling which body a file
came from.

Each body kind has its list (`schemas/data/bodies/<kind>.csv`: police forces by data.police.uk id,
NHS mental-health trusts by a stable slug, ...); a request's pack names its kind and may add its
own bodies. (The warehouse columns keep the name `force_id` they were first given, for saved
queries; they hold any body's id.) Folder first, then file name, then (only where both say
nothing) the letterhead. A body that cannot be told is never guessed: `resolve_body` returns
no id and a reason.
"""

import csv
import difflib
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from foi_ingest.packs import Request
from foi_ingest.packs.lint import BODY_LISTS
from foi_ingest.values.text import norm

# Words inbox folders add to a body's name that do not tell bodies apart.
_GENERIC = {
    "police", "constabulary", "service", "force", "the", "foi", "response", "responses", "nhs",
    "foundation", "trust", "ft",
}  # fmt: skip


@dataclass(frozen=True)
class Body:
    body_id: str
    name: str
    country: str
    region: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class BodyMatch:
    body_id: str | None
    reason: str


def bodies(request: Request) -> dict[str, Body]:
    """The bodies the request went to, by id: its kind's reference list (`body_kind`), with the
    pack's own list (`bodies:`) added, or instead of it (`bodies: {replace: true}`)."""
    return _bodies(request)


@cache
def _bodies(request: Request) -> dict[str, Body]:
    own = request.spec.bodies
    out = {} if own and own.replace else dict(bodies_of(request.body_kind))
    if own:
        out.update(_parse(request.data(own.file, "")))
    return out


@cache
def bodies_of(kind: str) -> dict[str, Body]:
    """Every body of the reference list `bodies/<kind>.csv`, by id (its first column)."""
    path = BODY_LISTS / f"{kind}.csv"
    return _parse(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _parse(text: str) -> dict[str, Body]:
    """A list of bodies (`<kind>_id,name,country,region,aliases`; aliases split by ';')."""
    reader = csv.DictReader(io.StringIO(text))
    key = (reader.fieldnames or ["body_id"])[0]
    rows = list(reader)
    return {
        r[key]: Body(
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
    return _noun(request)


@cache
def _noun(request: Request) -> str:
    own = request.spec.bodies
    path = BODY_LISTS / f"{request.body_kind}.csv"
    if own and own.replace or not path.is_file():
        head = str(request.data(own.file, "") if own else "")
    else:
        head = path.read_text(encoding="utf-8")
    return head.split("\n", 1)[0].split(",")[0].strip().removesuffix("_id") or "body"


@cache
def _names(request: Request) -> dict[str, str]:
    """Normalised name or alias -> body id."""
    out: dict[str, str] = {}
    for f in bodies(request).values():
        for name in (f.body_id.replace("-", " "), f.name, *f.aliases):
            out[_key(name)] = f.body_id
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


def _nearest(request: Request, folder: str) -> str | None:
    """The body whose name or alias is closest to a folder name that matches none (a typo:
    'Camden and Islingtn'), to suggest, never to use."""
    names = _names(request)
    near = difflib.get_close_matches(_key(folder), list(names), n=1, cutoff=0.8)
    return bodies(request)[names[near[0]]].name if near else None


def resolve_body(
    request: Request, relative_path: PurePath, letterhead: str | None = None
) -> BodyMatch:
    """Tell the force of a file from its path inside the inbox, then its letterhead."""
    for folder in relative_path.parts[:-1]:
        force_id = match_name(request, folder)
        if force_id:
            return BodyMatch(force_id, f"folder '{folder}'")
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", relative_path.name)
    in_name = find_in_text(request, stem)
    if len(in_name) == 1:
        force_id = next(iter(in_name))
        return BodyMatch(force_id, f"file name '{relative_path.name}'")
    if len(in_name) > 1:
        return BodyMatch(
            None,
            f"file name names several {body_noun(request)}s ({', '.join(sorted(in_name))}); "
            "not guessed",
        )
    if letterhead:
        in_head = find_in_text(request, letterhead)
        if len(in_head) == 1:
            force_id = next(iter(in_head))
            return BodyMatch(force_id, "letterhead")
    folders = "/".join(relative_path.parts[:-1]) or "(inbox root)"
    near = _nearest(request, relative_path.parts[-2]) if len(relative_path.parts) > 1 else None
    noun = body_noun(request)
    return BodyMatch(
        None,
        f"{noun} not recognised from folder '{folders}' or file name '{relative_path.name}'; "
        + (f"did you mean '{near}'? rename the folder, or " if near else "")
        + f"put the file in a folder named after the {noun}, or add an alias to the "
        f"{request.body_kind} list (or the pack's own bodies: file)",
    )
