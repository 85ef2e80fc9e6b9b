"""Applying a review: decisions become files in the inbox, then the affected files are re-read.

The warehouse is always derived from the inbox and its `_corrections/` files, so applying the
same workbook twice changes nothing, and a rebuild from scratch gives the same totals.
"""

import datetime as dt
import getpass
from dataclasses import dataclass, field
from pathlib import Path

from foi_ingest.errors import ConfigError
from foi_ingest.review.workbook import read_review
from foi_ingest.schemas.corrections import entered_values, load_decisions, save_decisions
from foi_ingest.schemas.record import editable_fields
from foi_ingest.schemas.vocab import vocabulary_of


@dataclass
class Applied:
    """What a review changed in the inbox's decision files."""

    corrections_new: int = 0
    corrections_unchanged: int = 0
    entries_removed: int = 0
    mappings_new: int = 0
    problems: list[str] = field(default_factory=list)


def record_review(workbook: Path, inbox: Path, by: str | None = None) -> Applied:
    """Merge a reviewed workbook into `INBOX/_corrections/`; unchanged entries stay as is."""
    corrections, mappings = read_review(workbook)
    decisions = load_decisions(inbox)
    who = by or getpass.getuser()
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    out = Applied()
    compared = ("decision", *entered_values(), "note")
    for c in corrections:
        key = (c["source_file"], c["source_sha256"], c["source_location"])
        if c["decision"] == "enter" and not any(c.get(k) for k in entered_values()):
            if decisions.corrections.pop(key, None):  # a blank entry row clears that entry
                out.entries_removed += 1
            continue
        if c["decision"] == "enter" and (problem := entry_problem(c)):
            out.problems.append(f"{c['source_file']} {c['source_location']}: {problem}")
            continue
        old = decisions.corrections.get(key)
        if old and all(old.get(k, "") == c.get(k, "") for k in compared):
            out.corrections_unchanged += 1
            continue
        decisions.corrections[key] = {**c, "by": who, "at": now}
        out.corrections_new += 1
    vocabularies = {name: vocabulary_of(name) for name in editable_fields()}
    existing = {(m["vocabulary"], m["force_id"], m["phrasing"]) for m in decisions.mappings}
    for m in mappings:
        if (
            m["vocabulary"] not in vocabularies
            or m["code"] not in vocabularies[m["vocabulary"]].codes
        ):
            out.problems.append(
                f"mapping '{m['phrasing']}' -> '{m['code']}': not a {m['vocabulary']} code"
            )
            continue
        if (m["vocabulary"], m["force_id"], m["phrasing"]) in existing:
            continue
        decisions.mappings.append({**m, "by": who, "at": now})
        out.mappings_new += 1
    if out.problems and not (out.corrections_new or out.mappings_new or out.entries_removed):
        raise ConfigError("; ".join(out.problems))
    save_decisions(inbox, decisions)
    return out


def entry_problem(entry: dict[str, str]) -> str | None:
    """Why a figure entered from a letter cannot be recorded, in a validator's words; None if
    it can. A count is required; the request's editable fields, where given, must be codes."""
    try:
        if not entry.get("case_count") or int(entry["case_count"]) < 0:
            return "a case_count (a whole number, 0 or more) is needed"
        if entry.get("year"):
            int(entry["year"])
        for name in ("period_start", "period_end"):
            if entry.get(name):
                dt.date.fromisoformat(entry[name])
    except ValueError as exc:
        return f"not a number or date: {exc}"
    for name in editable_fields():
        if entry.get(name) and entry[name] not in vocabulary_of(name).codes:
            return f"'{entry[name]}' is not a {name} code"
    return None
