"""Shared fixtures: a generated sample inbox with its truth, and one Prefect test harness."""

import json
import os
from pathlib import Path

import pytest

SEED = 7  # the demo uses 2014; tests use another seed so neither is tuned to the other

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def sample_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from foi_ingest.sample.generator import write_inbox

    root = tmp_path_factory.mktemp("inbox") / "inbox"
    write_inbox(root, seed=SEED)
    return root


@pytest.fixture(scope="session")
def truth(sample_inbox: Path) -> dict:
    return json.loads((sample_inbox / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory):
    """One embedded Prefect API for the whole session (the 30 s default start-up is flaky)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def ingested(prefect_harness, sample_inbox: Path, tmp_path_factory: pytest.TempPathFactory):
    """The sample inbox ingested once through the real flow: (db path, run summary)."""
    from foi_ingest.flows.ingest import run_ingest

    db = tmp_path_factory.mktemp("warehouse") / "foi.duckdb"
    summary = run_ingest([str(sample_inbox)], str(db))
    return db, summary


@pytest.fixture
def con(ingested):
    from tests.returns import police_db

    db, _ = ingested
    connection = police_db(db)
    yield connection
    connection.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say how many hostile inputs were tried (tests/test_hostile.py)."""
    import sys

    module = sys.modules.get("tests.test_hostile")
    if module is not None and module.TRIED:
        outcome = "all ended as documented" if exitstatus == 0 else "see failures above"
        terminalreporter.write_line(f"hostile inputs tried: {len(module.TRIED)}, {outcome}")


from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("default", max_examples=25)
_hypothesis_settings.register_profile("long", max_examples=500)
_hypothesis_settings.load_profile("default")
