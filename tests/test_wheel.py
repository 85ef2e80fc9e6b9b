"""A plain install is a whole product: the wheel carries the request packs, and `foi` run from
another folder finds them, writes a sample inbox, ingests it and reports the truth's figures.

The wheel is built offline from the package's own files (no build isolation); its dependencies
come from this environment through a `.pth` file, without this checkout's editable install.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "foi_ingest", source / "foi_ingest",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
          "-q", "-w", str(tmp / "dist")], tmp, dict(os.environ))  # fmt: skip
    (wheel,) = (tmp / "dist").glob("foi_ingest-*.whl")
    target = tmp / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    # this environment's libraries, without its editable install of the checkout
    deps = tmp / "deps"
    deps.mkdir()
    here = Path(sysconfig.get_paths()["purelib"])
    for entry in here.iterdir():
        if not entry.name.lower().startswith(("foi_ingest", "__editable__", "_foi")):
            (deps / entry.name).symlink_to(entry)
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   tmp, dict(os.environ)).strip()  # fmt: skip
    (Path(purelib) / "deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
         tmp, dict(os.environ))  # fmt: skip
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FOI_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}  # fmt: skip
    env["HOME"] = str(tmp / "home")  # an empty user folder of packs
    env["XDG_DATA_HOME"] = str(tmp / "home" / ".local" / "share")
    return target, env


def test_the_installed_package_finds_its_packs_and_runs_from_another_folder(installed, tmp_path):
    target, env = installed
    foi = str(target / "bin" / "foi")
    where = _run([str(target / "bin" / "python"), "-c",
                  "import foi_ingest; print(foi_ingest.__file__)"], tmp_path, env)  # fmt: skip
    assert where.startswith(str(target)) and str(ROOT) not in where  # the wheel, not the checkout
    listed = _run([foi, "requests"], tmp_path, env)
    for pack in ("police-social-media", "hospital-crime", "mh-accommodation"):
        assert pack in listed
    assert f"{target}/lib" in listed and str(ROOT) not in listed
    _run([foi, "sample", "inbox"], tmp_path, env)
    truth = json.loads((tmp_path / "inbox" / "truth.json").read_text(encoding="utf-8"))
    _run([foi, "ingest", "inbox", "--db", "w.duckdb", "--in-process"], tmp_path, env)
    report = " ".join(_run([foi, "report", "--db", "w.duckdb"], tmp_path, env).split())
    assert f"At least {truth['cases_low']} cases" in report
    assert f"Total: at least {truth['cases_low']} (up to {truth['cases_high']})" in report
    made = _run([foi, "new-request", "council-parking"], tmp_path, env)
    assert (tmp_path / "council-parking" / "request.yaml").is_file()  # where the user stands
    assert "check-request" in made
    checked = _run([foi, "check-request", str(tmp_path / "council-parking")], tmp_path, env)
    assert "the pack is valid" in checked
