"""Fidelity scorecard on a 43-force inbox with a seed the tests do not use, and on returns whose
layouts are drawn independently of the generator (the layout property suite's, `tests/layouts.py`).

    .venv/bin/python benchmarks/fidelity.py [--seed 4242] [--cases 20] [--layouts 200]

Generates every force's return (random kinds, every quirk), ingests it through the real Prefect
flow, and prints how faithfully the warehouse reproduces the generator's truth; then writes
`--layouts` case tables and as many count tables drawn from the property suite's strategies
(seeded), and counts those read back exactly.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/layouts.py

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--cases", type=int, default=20, help="cases per force of case tables")
    parser.add_argument("--layouts", type=int, default=200, help="drawn layouts of each kind")
    args = parser.parse_args()

    import duckdb

    from foi_ingest.flows.ingest import run_ingest
    from foi_ingest.sample.fidelity import render, scorecard
    from foi_ingest.sample.generator import all_forces_plan, write_inbox

    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        truth = write_inbox(inbox, seed=args.seed, plan=all_forces_plan(args.seed, args.cases))
        db = Path(tmp) / "fidelity.duckdb"
        run_ingest([str(inbox)], str(db))
        with duckdb.connect(str(db), read_only=True) as con:
            lines = scorecard(con, truth)
        lines += drawn_layouts(Path(tmp) / "layouts", args.seed, args.layouts)
        print(
            f"Fidelity scorecard: seed {args.seed}, {truth['files']} files, "
            f"{len(truth['forces'])} forces, {truth['cases_low']} cases (lower bound)"
        )
        print(render(lines))
        print(json.dumps({label: [r, n] for label, r, n in lines}))


def drawn_layouts(root: Path, seed: int, n: int) -> list[tuple[str, int, int]]:
    """Scorecard lines for `n` drawn case tables and `n` drawn count tables."""
    from tests.layouts import case_returns, count_returns

    cases = _score(case_returns(), root / "cases", seed, n)
    counts = _score(count_returns(), root / "counts", seed, n)
    return [
        ("drawn case-table layouts read exactly", *cases),
        ("drawn count-table layouts read exactly", *counts),
    ]


def _score(strategy, root: Path, seed: int, n: int) -> tuple[int, int]:
    """(read exactly, drawn) over `n` seeded draws of `strategy`."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    from tests.layouts import LETTERHEAD, NOTES, read_back

    score = [0, 0]

    @hypothesis_seed(seed)
    @settings(max_examples=n, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(spec=strategy, title=st.lists(st.sampled_from(LETTERHEAD), max_size=15),
           notes=st.lists(st.sampled_from(NOTES), max_size=3))  # fmt: skip
    def draw(spec, title, notes):
        _, exact = read_back(root / str(score[1]), spec, title, spec.get("notes", notes))
        score[0] += exact
        score[1] += 1

    draw()
    return score[0], score[1]


if __name__ == "__main__":
    main()
