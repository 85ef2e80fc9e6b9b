"""The README documents every command; the docs site documents every view and every key of a
pack, builds without a broken link, and the README stays short."""

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import typer.main

from foi_ingest.cli import app
from foi_ingest.packs.reference import render

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
WAREHOUSE = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")


def _commands(group, prefix: str = "foi") -> list[str]:
    click_group = typer.main.get_command(group)
    out = []
    for name, command in click_group.commands.items():
        out.append(f"{prefix} {name}")
        if hasattr(command, "commands"):
            out += [f"{prefix} {name} {sub}" for sub in command.commands]
    return out


def test_every_command_is_in_the_readme():
    commands = _commands(app)
    assert "foi rejects export" in commands
    missing = [c for c in commands if f"`{c}" not in README]
    assert not missing


def test_every_view_is_in_the_readme():
    generic = resources.files("foi_ingest.warehouse") / "sql" / "request" / "900_views.sql"
    pack = (
        Path(__file__).resolve().parents[1]
        / "foi_ingest"
        / "requests"
        / "police-social-media"
        / "views"
    )
    sql = generic.read_text() + "".join(p.read_text() for p in sorted(pack.glob("*.sql")))
    sql += "CREATE OR REPLACE VIEW v_records"  # built from the pack's fields (requests.py)
    views = re.findall(r"CREATE OR REPLACE (?:VIEW|MACRO) (\w+)", sql)
    assert len(views) >= 7
    assert [v for v in views if f"`{v}" not in WAREHOUSE] == []


def test_the_readme_is_short_and_links_to_pages_that_exist():
    assert len(README) < 12_000
    links = re.findall(r"\]\((docs/[^)#]+)", README)
    assert len(links) >= 10
    assert [link for link in links if not (ROOT / link).is_file()] == []


def test_the_pack_reference_is_written_from_the_model():
    """Every key of the model is in docs/pack-reference.md, as the model's docstrings say it
    (`python -m foi_ingest.packs.reference docs/pack-reference.md` writes it again)."""
    assert (ROOT / "docs" / "pack-reference.md").read_text(encoding="utf-8") == render()


def test_the_docs_site_builds_with_no_broken_link(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "pack-reference" / "index.html").is_file()
