"""Applying a review: the rows a person changed become decision files in the inbox, then the
files they touch are re-read.

The warehouse is always derived from the inbox and its `_corrections/` files, so applying the
same workbook twice changes nothing, a workbook with no edits leaves the decision files byte for
byte as they were, and a rebuild from scratch gives the same totals. Nothing a person typed is
dropped: an entry that does not pass its checks is kept on file and loaded as an open rejected
row with the reason (`foi rejects`), until it is corrected or cleared.
"""

import datetime as dt
import getpass
from dataclasses import dataclass, field
from pathlib import Path

from foi_ingest.errors import UserError
from foi_ingest.packs.pack import Request
from foi_ingest.review.decisions import (
    entered_values,
    entry_problem,
    load_decisions,
    save_decisions,
)
from foi_ingest.review.workbook import Change, read_review
from foi_ingest.schemas.record import vocabulary_dimensions
from foi_ingest.schemas.vocab import vocabulary_of


@dataclass
class Applied:
    """What one review changed in the inbox's decision files (this apply's, not all so far)."""

    corrections_new: int = 0
    corrections_changed: int = 0
    cleared: int = 0
    mappings_new: int = 0
    mappings_changed: int = 0
    problems: list[str] = field(default_factory=list)
    keys: set[tuple[str, str]] = field(default_factory=set)
    """(file, location) of every decision this apply recorded: what its summary reports on."""

    @property
    def changed(self) -> int:
        return (self.corrections_new + self.corrections_changed + self.cleared
                + self.mappings_new + self.mappings_changed)  # fmt: skip


def record_review(request: Request, workbook: Path, inbox: Path, by: str | None = None) -> Applied:
    """Merge the changes of a reviewed workbook into `INBOX/_corrections/`; write the files only
    if something changed."""
    try:
        review = read_review(request, workbook)
    except (OSError, KeyError, ValueError) as exc:
        raise UserError(f"cannot read the review workbook {workbook}: {exc}") from exc
    decisions = load_decisions(inbox)
    who = by or getpass.getuser()
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    out = Applied(problems=list(review.problems))
    compared = ("decision", *entered_values(request), "note")
    for change in review.changes:
        if change.kind == "mapping":
            _map(request, change, decisions.mappings, out, who, now)
            continue
        key = change.key
        if change.clear:
            if decisions.corrections.pop(key, None):
                out.cleared += 1
            continue
        if change.decision is None:  # values changed, no decision chosen: say what to do
            out.problems.append(
                f"{key[0]} {key[2]}: choose 'clear decision' to remove its decision"
                if key in decisions.corrections
                else f"{key[0]} {key[2]}: values changed but no decision chosen; choose "
                "'correct' to load them"
            )
            continue
        if change.kind == "entry" and (problem := entry_problem(request, change.values)):
            out.problems.append(f"{key[0]} {key[2]}: {problem} (kept on file, not loaded)")
        new = {"source_file": key[0], "source_sha256": key[1], "source_location": key[2],
               "decision": change.decision, **change.values}  # fmt: skip
        old = decisions.corrections.get(key)
        if old and all(old.get(k, "") == new.get(k, "") for k in compared):
            continue
        decisions.corrections[key] = {**new, "by": who, "at": now}
        out.keys.add((key[0], key[2]))
        if old:
            out.corrections_changed += 1
        else:
            out.corrections_new += 1
    if out.changed:
        save_decisions(request, inbox, decisions)
    return out


def _map(
    request: Request,
    change: Change,
    mappings: list[dict[str, str]],
    out: Applied,
    who: str,
    now: str,
) -> None:
    """A phrasing mapped once (new, changed or cleared); a code that is not one of its field's
    is refused (the rows stay rejected and are offered again)."""
    vocabulary, force_id, phrasing = change.key
    at = next((i for i, m in enumerate(mappings)
               if (m["vocabulary"], m["force_id"], m["phrasing"]) == change.key), None)  # fmt: skip
    if change.clear:
        if at is not None:
            mappings.pop(at)
            out.cleared += 1
        return
    names = {d.name for d in vocabulary_dimensions(request)}
    code = change.values["code"]
    if vocabulary not in names or code not in vocabulary_of(request, vocabulary).codes:
        out.problems.append(f"mapping '{phrasing}' -> '{code}': not a {vocabulary} code")
        return
    if at is not None:
        if mappings[at]["code"] == code:
            return
        mappings[at] = {**mappings[at], "code": code, "by": who, "at": now}
        out.mappings_changed += 1
        return
    mappings.append({"vocabulary": vocabulary, "force_id": force_id, "phrasing": phrasing,
                     "code": code, "note": "", "by": who, "at": now})  # fmt: skip
    out.mappings_new += 1


def inbox_exists(inbox: Path) -> Path:
    if not inbox.is_dir():
        raise UserError(f"the inbox {inbox} does not exist: pass --inbox DIR")
    return inbox
