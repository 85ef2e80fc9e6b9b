"""Validators' decisions as plain files inside the inbox, so a rebuild replays them.

`INBOX/_corrections/corrections.csv`: one line per reviewed rejected row, keyed by the file, its
sha256 and the row's location; `decision` is `correct` (with corrected values) or `not_a_case`;
or one line per figure a validator entered from a letter that answers in prose (`enter`, at
location `letter entry N`).
`INBOX/_corrections/mappings.csv`: a phrasing mapped once to a canonical code, for one force or
for all (`force_id` = `*`). A correction whose file has changed (other sha256) is orphaned: it is
reported, never applied to another row.
"""

import csv
import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from foi_ingest.packs.pack import Request
from foi_ingest.schemas.record import editable_fields
from foi_ingest.values.text import norm

FOLDER = "_corrections"
KEPT = (FOLDER, "_overrides")
"""What a person wrote into an inbox: kept when the inbox's files are written again."""
MAPPING_FIELDS = ["vocabulary", "force_id", "phrasing", "code", "note", "by", "at"]
DECISIONS = ("correct", "not_a_case", "enter")
ENTRY = "letter entry "
"""Location prefix of a figure entered from a letter: `letter entry 1`, `letter entry 2`."""
ENTERED_REASON = "figures entered from the letter"
"""How a letter's status reason begins once a validator's figures for it are loaded."""


def entered_values(request: Request) -> tuple[str, ...]:
    """What a validator may set on a record: its period, the request's editable fields, a
    count (`schemas.record.editable_fields`)."""
    return ("year", "period_start", "period_end", *editable_fields(request), "case_count")


def correction_fields(request: Request) -> list[str]:
    """The columns of corrections.csv for the active request."""
    return ["source_file", "source_sha256", "source_location", "decision", *entered_values(request),
            "note", "by", "at"]  # fmt: skip


@dataclass
class Decisions:
    """Everything validators decided for one inbox."""

    corrections: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    mappings: list[dict[str, str]] = field(default_factory=list)

    def phrasings_for(self, force_id: str) -> dict[str, dict[str, str]]:
        """vocabulary -> {normalised phrasing: code}; a force's own mapping beats one for all."""
        out: dict[str, dict[str, str]] = {}
        for scope in ("*", force_id):
            for m in self.mappings:
                if m["force_id"] == scope:
                    out.setdefault(m["vocabulary"], {})[norm(m["phrasing"])] = m["code"]
        return out

    def for_file(self, source_file: str) -> list[dict[str, str]]:
        return [c for (f, _, _), c in self.corrections.items() if f == source_file]

    def fingerprint(self, request: Request, source_file: str, force_id: str | None) -> str:
        """Changes when a decision that touches this file changes: the file is then re-read."""
        digest = hashlib.sha256()
        decided = correction_fields(request)[:-2]  # all but who and when
        for c in sorted(self.for_file(source_file), key=lambda c: c["source_location"]):
            digest.update(repr([c.get(k, "") for k in decided]).encode())
        for m in self.mappings:
            if m["force_id"] in ("*", force_id):
                digest.update(
                    repr([m["vocabulary"], m["force_id"], m["phrasing"], m["code"]]).encode()
                )
        return digest.hexdigest()[:16]


def entry_problem(request: Request, entry: dict[str, str]) -> str | None:
    """Why a figure entered from a letter cannot load, in a validator's words; None if it can.
    A count is required; the request's fields, where given, must be codes (blank or
    `not_recorded`: the letter is silent on it)."""
    from foi_ingest.schemas.vocab import vocabulary_of

    try:
        if not entry.get("case_count") or int(entry["case_count"]) < 0:
            return "a case_count (a whole number, 0 or more) is needed"
        if entry.get("year"):
            int(entry["year"])
        for name in ("period_start", "period_end"):
            if entry.get(name):
                dt.date.fromisoformat(entry[name])
    except ValueError as exc:
        return f"not a whole number or date: {exc}"
    for name in editable_fields(request):
        if entry.get(name) and entry[name] not in vocabulary_of(request, name).codes:
            return f"'{entry[name]}' is not a {name} code"
    return None


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "") for k, v in row.items()} for row in csv.DictReader(fh)]


def load_decisions(inbox: Path) -> Decisions:
    """The inbox's decisions (none if the folder does not exist)."""
    folder = inbox / FOLDER
    corrections = {
        (r["source_file"], r["source_sha256"], r["source_location"]): r
        for r in _read(folder / "corrections.csv")
    }
    return Decisions(corrections, _read(folder / "mappings.csv"))


def save_decisions(request: Request, inbox: Path, decisions: Decisions) -> None:
    """Write both files, sorted, so a diff shows exactly what a validator changed."""
    folder = inbox / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    rows = sorted(
        decisions.corrections.values(), key=lambda r: (r["source_file"], r["source_location"])
    )
    for name, fields, data in (
        ("corrections.csv", correction_fields(request), rows),
        (
            "mappings.csv",
            MAPPING_FIELDS,
            sorted(
                decisions.mappings, key=lambda m: (m["vocabulary"], m["force_id"], m["phrasing"])
            ),
        ),
    ):
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(data)


@contextmanager
def kept_through_rewrite(inbox: Path) -> Iterator[None]:
    """Keep an inbox's decisions and overrides (`KEPT`) while its files are deleted and written
    again (`foi sample --force-overwrite`): what a person decided is never deleted by a tool.
    Decisions that no longer match the new files are then listed as not applied, with why."""
    with tempfile.TemporaryDirectory(prefix="foi-kept-") as tmp:
        saved = [(inbox / name, Path(tmp) / name) for name in KEPT if (inbox / name).is_dir()]
        for source, aside in saved:
            shutil.copytree(source, aside)
        try:
            yield
        finally:
            for source, aside in saved:
                if not source.exists():
                    source.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copytree(aside, source)
