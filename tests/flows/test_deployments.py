"""The deployments on a real Prefect server, as the README's path for data engineers runs them:
`prefect server start` on a free port in a temporary PREFECT_HOME, `make deploy` (work pool and
both deployments from the repository's prefect.yaml, no prompts), a process worker started in
another folder, a `rebuild` run checked against the sample inbox's truth and its three
artifacts, then a run on a missing inbox that fails with its message. Every process started
here is stopped at the end, with its children.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.returns import police_db

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PREFECT = BIN / "prefect"
pytestmark = pytest.mark.skipif(
    not PREFECT.exists() or shutil.which("make") is None,
    reason="needs the prefect CLI of this environment and make",
)
START_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen) -> None:
    """Stop a process and everything it started (its own session)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[dict[str, str], list[subprocess.Popen], Path]]:
    home = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home), PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING", FOI_REQUEST="police-social-media",
    )  # fmt: skip
    procs: list[subprocess.Popen] = []
    log = (home / "server.log").open("w")
    procs.append(subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    ))  # fmt: skip
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{env['PREFECT_API_URL']}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or procs[0].poll() is not None:
                    pytest.fail(
                        f"prefect server did not start: {(home / 'server.log').read_text()}"
                    )
                time.sleep(0.5)
        yield env, procs, home
    finally:
        for proc in reversed(procs):
            _stop(proc)
        log.close()


def _run(args: list[str], env: dict[str, str], cwd: Path, timeout: int = 300) -> str:
    done = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip
    return done.stdout + done.stderr


def _artifact_keys(env: dict[str, str]) -> set[str]:
    code = (
        "from prefect.client.orchestration import get_client\n"
        "with get_client(sync_client=True) as c:\n"
        "    print('\\n'.join(a.key or '' for a in c.read_artifacts()))\n"
    )
    return set(_run([sys.executable, "-c", code], env, ROOT).split())


def test_deploy_run_rebuild_then_a_missing_inbox_fails(server, tmp_path):
    env, procs, home = server
    inbox = tmp_path / "inbox"
    _run([BIN / "foi", "sample", inbox, "--seed", "2014", "--force-overwrite"], env, ROOT)
    db = tmp_path / "warehouse" / "foi.duckdb"
    db.parent.mkdir()

    deployed = _run(["make", "-s", "deploy", f"INBOX={inbox}", f"DB={db}"], env, ROOT)
    assert "'ingest-returns/nightly' successfully created" in deployed, deployed
    assert "'ingest-returns/rebuild' successfully created" in deployed, deployed
    again = _run(["make", "-s", "deploy", f"INBOX={inbox}", f"DB={db}"], env, ROOT)
    assert "'ingest-returns/rebuild' successfully" in again, again  # idempotent: pool exists

    worker_dir = tmp_path / "elsewhere"  # the worker finds the code without a working folder
    worker_dir.mkdir()
    worker_log = (home / "worker.log").open("w")
    procs.append(subprocess.Popen(
        [str(PREFECT), "worker", "start", "--pool", "foi-process"], env=env, cwd=worker_dir,
        stdout=worker_log, stderr=subprocess.STDOUT, start_new_session=True,
    ))  # fmt: skip

    run = _run([PREFECT, "deployment", "run", "ingest-returns/rebuild", "--watch",
                "--watch-timeout", "300"], env, ROOT, timeout=360)  # fmt: skip
    assert "finished successfully in 'Completed'" in run, run
    truth = json.loads((inbox / "truth.json").read_text(encoding="utf-8"))
    with police_db(db) as con:
        cases, files = con.execute(
            "SELECT (SELECT sum(case_count_low) FROM cases), (SELECT count(*) FROM responses)"
        ).fetchone()
    assert cases == truth["cases_low"] and files == truth["files"]
    keys = _artifact_keys(env)
    suffix = re.compile(r"-police-social-media-foi-[0-9a-f]{8}$")
    named = {k for k in keys if suffix.search(k)}
    assert {re.sub(suffix, "", k) for k in named} == {
        "ingest-files", "ingest-rejections", "headline-report"
    }  # fmt: skip

    missing = tmp_path / "no-such-inbox"
    failed = _run([PREFECT, "deployment", "run", "ingest-returns/rebuild", "--param",
                   f'paths=["{missing}"]', "--watch", "--watch-timeout", "300"], env, ROOT,
                  timeout=360)  # fmt: skip
    assert "finished in state 'Failed'" in failed, failed
    run_id = re.search(r"UUID: ([0-9a-f-]{36})", failed)
    assert run_id, failed
    logs = _run([PREFECT, "flow-run", "logs", run_id.group(1)], env, ROOT)
    assert f"inbox not found: {missing} does not exist" in " ".join(logs.split()), logs
