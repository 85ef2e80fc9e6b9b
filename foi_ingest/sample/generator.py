"""Write a sample inbox of FOI returns, every format and quirk, with a truth file.

The truth (`truth.json`) is what a careful person would count from each file: per force the
cases (lower and upper bounds where a force suppressed small numbers), by outcome group, role and
year, and per file the status and number of rejected rows. Tests, the demo and benchmarks use it.
"""

import json
import random
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from foi_ingest.sample import pdfs, sheets, texts
from foi_ingest.sample.model import REQUEST, Inbox, Target


def write_inbox(
    root: Path,
    seed: int = 2014,
    overwrite: bool = False,
    scale: float = 1.0,
    plan: "list[tuple[Writer, Target, int]] | None" = None,
) -> dict[str, Any]:
    """Write the sample inbox under `root` (the standard plan, or `plan`); return its truth."""
    root = Path(root)
    if root.exists():
        if not overwrite:
            raise FileExistsError(f"{root} exists; pass overwrite=True to replace it")
        shutil.rmtree(root)
    root.mkdir(parents=True)
    inbox = Inbox(root, random.Random(seed))

    for writer, target, base in plan or STANDARD:
        writer(inbox, target, max(3, round(base * scale)))
    truth = _truth(inbox, seed)
    (root / "truth.json").write_text(json.dumps(truth, indent=2, sort_keys=True), encoding="utf-8")
    # the inbox names the request it answers, so every command finds it without being told
    (root / "request.yaml").write_text(f"request: {REQUEST}\n", encoding="utf-8")
    return truth


Writer = Callable[["Inbox", Target, int], None]

# The standard sample inbox: 21 files, 19 forces, every format and quirk once.
STANDARD: list[tuple[Writer, Target, int]] = [
    (sheets.yearly_sheets, Target("greater-manchester", "Greater Manchester Police"), 30),
    (texts.cp1252_semicolons, Target("west-midlands", "West Midlands", "wmp_"), 25),
    (pdfs.ruled_multipage, Target("metropolitan", "Met Police", "MPS "), 55),
    (sheets.outcome_by_year, Target("merseyside", "Merseyside"), 0),
    (pdfs.refusal, Target("kent", "Kent Police", "Kent "), 0),
    (pdfs.nil_return, Target("dorset", "Dorset", "Dorset Police "), 0),
    (pdfs.prose, Target("hampshire", "Hampshire", "HC "), 0),
    (texts.bom_title_total, Target("avon-and-somerset", "Avon & Somerset"), 18),
    (sheets.merged_sections, Target("northumbria", "northumbria", "Northumbria "), 16),
    (texts.tab_latin1, Target("south-yorkshire", "South Yorkshire Police", "syp "), 12),
    (pdfs.text_aligned, Target("thames-valley", "TVP", "TVP "), 12),
    (sheets.role_by_outcome, Target("essex", "Essex Police", "essex_"), 0),
    (sheets.clean, Target("durham", "Durham Constabulary", "durham_"), 10),
    (pdfs.partial_disclosure, Target("btp", "BTP", "btp_"), 8),
    (texts.unknown_force_folder, Target("unknown", "misc"), 5),
    (texts.legacy_doc, Target("lancashire", "Lancashire Constabulary"), 0),
    (texts.zero_bytes, Target("cheshire", "Cheshire", "cheshire_"), 0),
    (pdfs.counts_by_year, Target("west-yorkshire", "West Yorkshire Police", "WYP "), 0),
    (texts.total_mismatch, Target("sussex", "Sussex Police", "Sussex "), 9),
    (texts.header_only, Target("gwent", "gwent", "gwent_"), 0),
]

ALL_WRITERS: list[Writer] = [
    sheets.yearly_sheets,
    texts.cp1252_semicolons,
    pdfs.ruled_multipage,
    sheets.outcome_by_year,
    pdfs.refusal,
    pdfs.nil_return,
    pdfs.prose,
    texts.bom_title_total,
    sheets.merged_sections,
    texts.tab_latin1,
    pdfs.text_aligned,
    sheets.role_by_outcome,
    sheets.clean,
    pdfs.partial_disclosure,
    texts.legacy_doc,
    texts.zero_bytes,
    pdfs.counts_by_year,
    texts.total_mismatch,
    texts.header_only,
]


def all_forces_plan(seed: int, cases_per_force: int = 20) -> list[tuple[Writer, Target, int]]:
    """Every force of England and Wales (and BTP) with a return of a random kind, its folder
    named in one of the ways journalists name them, plus one folder that names no force."""
    from foi_ingest.sample.model import BODY_KIND
    from foi_ingest.schemas.bodies import bodies_of

    rng = random.Random(seed)
    plan: list[tuple[Writer, Target, int]] = []
    writers = list(ALL_WRITERS)
    for i, force in enumerate(
        f for f in bodies_of(BODY_KIND).values() if f.country != "Northern Ireland"
    ):
        if i % len(writers) == 0:
            rng.shuffle(writers)
        folder = rng.choice([force.name, force.body_id.replace("-", "_"), *force.aliases])
        plan.append((writers[i % len(writers)], Target(force.body_id, folder), cases_per_force))
    plan.append((texts.unknown_force_folder, Target("unknown", "misc"), 5))
    return plan


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
