"""Checking a pack as a whole: every file against the model, and the files against each other.

Each problem is one line a person can act on: the file, the line, the key, what is wrong and,
for a key the model does not know, the nearest one it does ("did you mean 'vocabulary'?").
`foi check-request PACK` prints them; reading a pack refuses it while any remain.
"""

import csv
import difflib
import re
import types
import typing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from foi_ingest.packs.model import LETTER_KEYS, RequestSpec, TaxonomyEntry, VocabEntry

BODY_LISTS = Path(__file__).resolve().parents[1] / "schemas" / "data" / "bodies"
"""The reference lists of bodies, one file per kind (`police-force.csv`)."""
BODY_COLUMNS = ("name", "country", "region", "aliases")
"""The columns of a list of bodies after its first (the id)."""
GENERIC_HEADERS = ("date_raw", "case_count", "reference")
"""Header fields every request has (`columns.yaml` may give them synonyms)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, where it is."""

    path: Path
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.key + ': ' if self.key else ''}{self.message}"


@dataclass(frozen=True)
class Checked:
    """A pack's declaration, typed, and the problems found (none: the pack can be used)."""

    spec: RequestSpec | None
    problems: list[Problem]


class _Source:
    """A YAML file read as data, and, only where a problem needs its line, as nodes that know
    their lines (composing costs as much as loading: a valid pack never pays it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.data = yaml.safe_load(self.text)

    @cached_property
    def node(self) -> Any:
        return yaml.compose(self.text)

    def line(self, loc: tuple[Any, ...]) -> int | None:
        """The 1-based line of the key or item at `loc` (the nearest existing parent's)."""
        node, line = self.node, (self.node.start_mark.line + 1 if self.node else None)
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if k.value == str(part)), None)
                if found is None:
                    return line
                line, node = found[0].start_mark.line + 1, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def check(root: Path) -> Checked:
    """Every problem of the pack at `root` (a folder with `request.yaml`)."""
    path = root / "request.yaml"
    if not path.is_file():
        return Checked(
            None, [Problem(root, None, "", "no request.yaml (a request pack needs one)")]
        )
    try:
        source = _Source(path)
    except yaml.YAMLError as exc:
        return Checked(None, [Problem(path, None, "", f"not valid YAML ({exc})")])
    if not isinstance(source.data, dict):
        got = type(source.data).__name__
        return Checked(
            None, [Problem(path, 1, "", f"expected keys such as id and title, got {got}")]
        )
    problems = _typed(source, RequestSpec)
    if problems:
        return Checked(None, problems)
    spec = RequestSpec.model_validate(source.data)
    problems = [*_consistency(root, source, spec), *_files(root, spec)]
    return Checked(spec, problems)


def _typed(source: _Source, model: Any, data: Any = None) -> list[Problem]:
    """The model's complaints about `data` (default: the file), one per key, with lines."""
    try:
        TypeAdapter(model).validate_python(source.data if data is None else data)
    except ValidationError as exc:
        return [_problem(source, model, e) for e in exc.errors()]
    return []


def _problem(source: _Source, model: Any, error: Any) -> Problem:
    loc = tuple(error["loc"])
    key = ".".join(str(p) for p in loc)
    line = source.line(loc)
    if error["type"] == "extra_forbidden":
        known = _keys_at(model, loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else f" (known: {', '.join(known)})"
        return Problem(source.path, line, key, f"unknown key{hint}")
    if error["type"] == "missing":
        return Problem(source.path, line, key, "missing (a pack must say it)")
    return Problem(source.path, line, key, error["msg"])


def _keys_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys the model allows at `loc` (aliases as written in YAML)."""
    kind = model
    for part in loc:
        kind = _unwrap(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            fields = {f.alias or n: f.annotation for n, f in kind.model_fields.items()}
            kind = fields.get(str(part))
        elif typing.get_origin(kind) in (list, dict):
            kind = typing.get_args(kind)[-1]
        else:
            return []
    kind = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return [f.alias or n for n, f in kind.model_fields.items()]
    return []


def _unwrap(kind: Any) -> Any:
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return next((a for a in typing.get_args(kind) if a is not type(None)), kind)
    return kind


def _consistency(root: Path, source: _Source, spec: RequestSpec) -> list[Problem]:
    """What the model alone cannot see: the id and folder, names, types and references."""
    out: list[Problem] = []

    def add(loc: tuple[Any, ...], message: str) -> None:
        out.append(Problem(source.path, source.line(loc), ".".join(map(str, loc)), message))

    if spec.id != root.name:
        add(("id",), f"'{spec.id}' differs from its folder '{root.name}'")
    kinds = sorted(p.stem for p in BODY_LISTS.glob("*.csv"))
    if spec.body_kind not in kinds and not (spec.bodies and spec.bodies.replace):
        known = ", ".join(kinds)
        add(("body_kind",), f"'{spec.body_kind}' has no reference list of bodies; known: {known} "
            "(or the pack's own: bodies: {file: ..., replace: true})")  # fmt: skip
    names: set[str] = set()
    vocab_fields = []
    for i, f in enumerate(spec.schema_.fields):
        loc = ("schema", "fields", i)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", f.name):
            add((*loc, "name"), f"'{f.name}': use lowercase words joined by '_'")
        if f.name in names:
            add((*loc, "name"), f"'{f.name}' is declared twice")
        names.add(f.name)
        if f.foi.vocabulary and f.foi.keywords:
            add((*loc, "foi"), "give at most one of vocabulary and keywords (neither: free text)")
        coded = f.foi.vocabulary or f.foi.keywords
        if coded and f.type != "string":
            add((*loc, "type"), f"'{f.type}': a field with a vocabulary or keywords holds codes, "
                "so its type is string")  # fmt: skip
        if f.foi.from_ and not f.foi.keywords:
            add(
                (*loc, "foi", "from"),
                "'title' needs keywords (the taxonomy the title is sorted by)",
            )
        if f.foi.group and not f.foi.vocabulary:
            add((*loc, "foi", "group"), "a group column needs a vocabulary (codes have groups)")
        if f.constraints.enum is not None and f.type not in ("string",):
            add((*loc, "constraints", "enum"), f"enum is for string fields, not {f.type}")
        if f.categories is not None and f.constraints.enum is not None:
            add(
                (*loc, "categories"), "give the allowed values once: categories or constraints.enum"
            )
        if f.foi.vocabulary:
            vocab_fields.append(f.name)
        for extra in (f.foi.raw, f.foi.group):
            if extra and extra in names:
                add((*loc, "foi"), f"column '{extra}' is declared twice")
            names.add(extra or f.name)
    columns = {c for f in spec.schema_.fields for c in (f.name, f.foi.raw, f.foi.group) if c}
    for i, n in enumerate(spec.editable or []):
        if n not in vocab_fields:
            add(
                ("editable", i),
                f"'{n}' is not a field with a vocabulary ({', '.join(vocab_fields)})",
            )
    h = spec.headline
    if h.table and h.table.field not in columns:
        add(("headline", "table", "field"), _not_a_field(h.table.field, columns))
    for i, s in enumerate(h.shares):
        if s.field not in columns:
            add(("headline", "shares", i, "field"), _not_a_field(s.field, columns))
    for i, b in enumerate(h.by):
        if b not in names:
            add(("headline", "by", i), _not_a_field(b, names))
    if (h.table is None) != (h.scope is None):
        add(("headline",), "a ranked headline needs both table and scope (or neither)")
    return out


def _not_a_field(name: str, known: set[str]) -> str:
    near = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"did you mean '{near[0]}'?" if near else f"fields: {', '.join(sorted(known))}"
    return f"'{name}' is not a field of the request ({hint})"


def _files(root: Path, spec: RequestSpec) -> list[Problem]:
    """The pack's other files: vocabularies, taxonomies, column synonyms, letter wording, bodies."""
    out: list[Problem] = []
    request = root / "request.yaml"
    for f in spec.schema_.fields:
        name, model = (
            (f.foi.vocabulary, VocabEntry) if f.foi.vocabulary else (f.foi.keywords, TaxonomyEntry)
        )
        if not name:
            continue
        codes = _mapping_file(root / name, dict[str, model], out)
        enum = f.constraints.enum or f.categories
        if codes is not None and enum:
            have = set(codes) | ({"other"} if f.foi.keywords else set())
            for value in enum:
                if value not in have:
                    out.append(Problem(request, None, f"schema.fields.{f.name}.constraints.enum",
                                       f"'{value}' is not a code of {name}"))  # fmt: skip
    headers = {*GENERIC_HEADERS}
    for f in spec.schema_.fields:
        headers.add(f.foi.raw or f.name)
    synonyms = _mapping_file(root / "columns.yaml", dict[str, list[str]], out, optional=True)
    for key in synonyms or {}:
        if key not in headers:
            near = difflib.get_close_matches(key, sorted(headers), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            out.append(Problem(root / "columns.yaml", None, key,
                               f"not a header field of the request{hint}; "
                               f"known: {', '.join(sorted(headers))}"))  # fmt: skip
    letters = _mapping_file(root / "letters.yaml", dict[str, Any], out, optional=True)
    for key in letters or {}:
        if key not in LETTER_KEYS:
            near = difflib.get_close_matches(key, LETTER_KEYS, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            out.append(Problem(root / "letters.yaml", None, key, f"unknown key{hint}"))
    if spec.bodies:
        out.extend(_bodies(root / spec.bodies.file))
    return out


def _mapping_file(path: Path, model: Any, out: list[Problem], optional: bool = False) -> Any:
    if not path.is_file():
        if not optional:
            out.append(Problem(path, None, "", "named in request.yaml but missing"))
        return None
    try:
        source = _Source(path)
    except yaml.YAMLError as exc:
        out.append(Problem(path, None, "", f"not valid YAML ({exc})"))
        return None
    if source.data is None:
        return {}
    found = _typed(source, model)
    out.extend(found)
    return None if found else source.data


def _bodies(path: Path) -> list[Problem]:
    if not path.is_file():
        return [Problem(path, None, "bodies.file", "named in request.yaml but missing")]
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    if not header or not header[0].endswith("_id") or tuple(header[1:]) != BODY_COLUMNS:
        return [Problem(path, 1, "", f"columns must be <kind>_id,{','.join(BODY_COLUMNS)}; "
                        f"got {','.join(header)}")]  # fmt: skip
    return []
