"""Write a sample inbox of FOI returns, every format and quirk, with a truth file.

The truth (`truth.json`) is what a careful person would count from each file: per force the
cases (lower and upper bounds where a force suppressed small numbers), by outcome group, role and
year, and per file the status and number of rejected rows. Tests, the demo and benchmarks use it.
"""

import datetime as dt
import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foi_ingest.sample import pdfs, sheets, texts
from foi_ingest.sample.phrasing import (
    ALLEGATIONS,
    OUTCOME_GROUP,
    OUTCOME_PHRASES,
    OUTCOME_WEIGHTS,
    ROLE_PHRASES,
    ROLE_WEIGHTS,
)  # fmt: skip


@dataclass
class Case:
    """One true case; `year` is what the return lets a reader know (None if nothing)."""

    role: str
    outcome: str
    date: dt.date
    allegation: str
    rank_text: str = ""
    outcome_text: str = ""
    year: int | None = None


@dataclass
class ForceTruth:
    status: str
    cases_low: int = 0
    cases_high: int = 0
    outcome_groups: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    rejected: int = 0
    sections: list[str] = field(default_factory=list)

    def add(self, role: str, outcome: str, year: int | None, low: int, high: int | None = None):
        high = low if high is None else high
        self.cases_low += low
        self.cases_high += high
        self.outcome_groups[OUTCOME_GROUP.get(outcome, "other")] += low
        self.roles[role] += low
        self.years[str(year)] += low


class Inbox:
    """The folder being written and its truth."""

    def __init__(self, root: Path, rng: random.Random):
        self.root = root
        self.rng = rng
        self.forces: dict[str, ForceTruth] = {}
        self.files: dict[str, dict[str, Any]] = {}

    def path(self, folder: str, name: str) -> Path:
        p = self.root / folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def file(self, path: Path, status: str, rejected: int = 0, **extra: Any) -> None:
        self.files[path.relative_to(self.root).as_posix()] = {
            "status": status,
            "rows_rejected": rejected,
            **extra,
        }

    def force(self, force_id: str, status: str = "disclosed") -> ForceTruth:
        return self.forces.setdefault(force_id, ForceTruth(status))

    def cases(self, n: int, years: tuple[int, int] = (2010, 2013)) -> list[Case]:
        out = []
        for _ in range(n):
            role = self.rng.choices(list(ROLE_WEIGHTS), weights=list(ROLE_WEIGHTS.values()))[0]
            outcome = self.rng.choices(
                list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values())
            )[0]
            start = dt.date(years[0], 1, 1).toordinal()
            end = dt.date(years[1], 12, 31).toordinal()
            date = dt.date.fromordinal(self.rng.randint(start, end))
            out.append(
                Case(
                    role,
                    outcome,
                    date,
                    self.rng.choice(ALLEGATIONS),
                    self.rng.choice(ROLE_PHRASES[role]),
                    self.rng.choice(OUTCOME_PHRASES[outcome]),
                    date.year,
                )
            )
        return sorted(out, key=lambda c: c.date)

    def record_cases(self, force_id: str, cases: list[Case]) -> None:
        truth = self.force(force_id)
        for c in cases:
            truth.add(c.role, c.outcome, c.year, 1)


def write_inbox(
    root: Path, seed: int = 2014, overwrite: bool = False, scale: float = 1.0
) -> dict[str, Any]:
    """Write the sample inbox under `root` and return (and save) its truth."""
    root = Path(root)
    if root.exists():
        if not overwrite:
            raise FileExistsError(f"{root} exists; pass overwrite=True to replace it")
        shutil.rmtree(root)
    root.mkdir(parents=True)
    inbox = Inbox(root, random.Random(seed))

    def n(base: int) -> int:
        return max(3, round(base * scale))

    sheets.gmp_yearly_sheets(inbox, n(30))
    texts.wmp_cp1252_semicolons(inbox, n(25))
    pdfs.met_ruled_multipage(inbox, n(55))
    sheets.merseyside_outcome_by_year(inbox)
    pdfs.kent_refusal(inbox)
    pdfs.dorset_nil_return(inbox)
    pdfs.hampshire_prose(inbox)
    texts.avon_bom_title_total(inbox, n(18))
    sheets.northumbria_merged_sections(inbox, n(16))
    texts.south_yorkshire_tab_latin1(inbox, n(12))
    pdfs.thames_valley_text_aligned(inbox, n(12))
    sheets.essex_role_by_outcome(inbox)
    sheets.durham_clean(inbox, n(10))
    pdfs.btp_partial_disclosure(inbox, n(8))
    texts.unknown_force_folder(inbox, 5)
    texts.unparseable_files(inbox)

    truth = _truth(inbox, seed)
    (root / "truth.json").write_text(json.dumps(truth, indent=2, sort_keys=True), encoding="utf-8")
    return truth


def _truth(inbox: Inbox, seed: int) -> dict[str, Any]:
    forces = {}
    totals = {"outcome_groups": Counter(), "roles": Counter(), "years": Counter()}
    for force_id, t in sorted(inbox.forces.items()):
        forces[force_id] = {
            "status": t.status,
            "cases_low": t.cases_low,
            "cases_high": t.cases_high,
            "outcome_groups": dict(t.outcome_groups),
            "roles": dict(t.roles),
            "years": dict(t.years),
            "rejected": t.rejected,
            "sections": t.sections,
        }
        for key in totals:
            totals[key].update(getattr(t, key))
    return {
        "seed": seed,
        "files": len(inbox.files),
        "file_status": inbox.files,
        "forces": forces,
        "cases_low": sum(f["cases_low"] for f in forces.values()),
        "cases_high": sum(f["cases_high"] for f in forces.values()),
        **{k: dict(v) for k, v in totals.items()},
    }
