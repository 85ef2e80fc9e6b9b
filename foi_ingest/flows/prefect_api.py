"""Prefect's local API for a run on a machine with no Prefect server configured.

Left to itself, Prefect starts its local (ephemeral) API the first time a flow needs one: ~3 s
importing the server into this process, then ~4 s waiting for the server's own process. The
`foi` command instead starts that same server process (the command Prefect runs) before it
imports anything heavy, and points `PREFECT_API_URL` at it, so the server boots while pandas,
pandera, DuckDB and Prefect's client load. Processes started afterwards (Dask workers) inherit
the address and use the same server rather than each starting one.

Nothing happens when a server is configured (`PREFECT_API_URL` in the environment or in the
active Prefect profile): a data engineer's own server is always the one used.
"""

import atexit
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path


def _profile_has_api_url() -> bool:
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    if not path.exists():
        return False
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return True  # cannot tell: leave it to Prefect
    active = os.environ.get("PREFECT_PROFILE") or data.get("active", "ephemeral")
    return bool(data.get("profiles", {}).get(active, {}).get("PREFECT_API_URL"))


def configured() -> bool:
    """Whether a Prefect server is configured (then nothing is started here)."""
    return bool(os.environ.get("PREFECT_API_URL")) or _profile_has_api_url()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover (runs in the child)
    """Linux: the server process ends when `foi` ends, even if `foi` is killed."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class LocalAPI:
    """Prefect's local API server process, started by `start()`."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        spec = importlib.util.find_spec("prefect")
        assert spec is not None and spec.origin is not None
        site = str(Path(spec.origin).parent.parent)
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }  # fmt: skip  (as Prefect's own ephemeral server)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", site, "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "error", "--lifespan", "on"],
            env=env, preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )  # fmt: skip
        atexit.register(self.stop)

    def wait(self, timeout: float = 90) -> None:
        """Block until the server answers its health check."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Prefect's local API exited with code {self.process.returncode}; "
                    "set PREFECT_API_URL to a running Prefect server instead"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"Prefect's local API did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start() -> LocalAPI | None:
    """Start the local API and point this process (and its children) at it; None when a
    server is configured. Call before Prefect is imported."""
    if configured():
        return None
    api = LocalAPI()
    os.environ["PREFECT_API_URL"] = api.url
    return api


def share_with_workers() -> str | None:
    """For a run started without the `foi` command: start Prefect's ephemeral API now (if no
    server is configured) and export its address, so Dask workers use it."""
    if configured():
        return None
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the one instance Prefect's own client uses
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    return server.api_url


def heartbeats_off():
    """Settings for a run on the local API started here: no flow-run heartbeats.

    Heartbeats let a server mark a deployment's run as crashed when its worker dies; the local
    API dies with `foi` itself, and stopping the heartbeat thread costs up to a second per run.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
