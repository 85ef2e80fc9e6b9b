"""The README documents every command, option-bearing sub-command and view."""

import re
from importlib import resources
from pathlib import Path

import typer.main

from foi_ingest.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


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
    assert [v for v in views if f"`{v}" not in README] == []
