"""Fidelity scorecard on a 43-force inbox with a seed the tests do not use.

    .venv/bin/python benchmarks/fidelity.py [--seed 4242] [--cases 20]

Generates every force's return (random kinds, every quirk), ingests it through the real Prefect
flow, and prints how faithfully the warehouse reproduces the generator's truth.
"""

import argparse
import json
import os
import tempfile
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--cases", type=int, default=20, help="cases per force of case tables")
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
        print(
            f"Fidelity scorecard: seed {args.seed}, {truth['files']} files, "
            f"{len(truth['forces'])} forces, {truth['cases_low']} cases (lower bound)"
        )
        print(render(lines))
        print(json.dumps({label: [r, n] for label, r, n in lines}))


if __name__ == "__main__":
    main()
