"""What the sample generator writes about: a target force, true cases, the inbox and its truth.

Kept apart from `generator.py` so that the format writers (`sheets`, `texts`, `pdfs`) and the
generator that calls them both import this, and neither imports the other.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foi_ingest.sample.phrasing import (
    ALLEGATIONS,
    OUTCOME_GROUP,
    OUTCOME_PHRASES,
    OUTCOME_WEIGHTS,
    ROLE_PHRASES,
    ROLE_WEIGHTS,
)  # fmt: skip

REQUEST = "police-social-media"
"""The request whose sample inbox this package writes (its pack names it: `sample.generator`)."""
BODY_KIND = "police-force"
"""The bodies that request went to."""


@dataclass(frozen=True)
class Target:
    """Whose return a writer produces, in which inbox folder, with what file-name prefix."""

    force_id: str
    folder: str
    prefix: str = ""

    @property
    def name(self) -> str:
        from foi_ingest.schemas.bodies import bodies_of

        known = bodies_of(BODY_KIND)
        return known[self.force_id].name if self.force_id in known else self.folder

    def path(self, inbox: "Inbox", filename: str) -> Path:
        return inbox.path(self.folder, f"{self.prefix}{filename}")


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
