"""Where request packs are found.

A pack is a folder named after its id. By id, packs are looked for in every folder listed in
`FOI_REQUESTS_PATH` (separated like PATH), then in the user's folder (`user_folder()`), then among
the packs installed with the package (`foi_ingest/requests/`); the first found wins. A path to a
pack's folder works anywhere an id does.
"""

import os
from functools import cache
from importlib import resources
from pathlib import Path

from foi_ingest.errors import ConfigError
from foi_ingest.packs.pack import RequestPack

SHIPPED = Path(str(resources.files("foi_ingest") / "requests"))
"""The packs installed with the package (package data, wherever the package is installed)."""


def user_folder() -> Path:
    """The user's own packs: `$FOI_HOME/requests`, else `$XDG_DATA_HOME/foi-ingest/requests`
    (`~/.local/share/foi-ingest/requests`)."""
    home = os.environ.get("FOI_HOME")
    if home:
        return Path(home) / "requests"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "foi-ingest" / "requests"


def search_path() -> list[Path]:
    """Folders that hold packs, in the order they are searched."""
    extra = [Path(p) for p in os.environ.get("FOI_REQUESTS_PATH", "").split(os.pathsep) if p]
    return [*extra, user_folder(), SHIPPED]


def available() -> dict[str, Path]:
    """Every pack found, by id (the first found wins)."""
    found: dict[str, Path] = {}
    for folder in search_path():
        if folder.is_dir():
            for pack in sorted(folder.iterdir()):
                if (pack / "request.yaml").is_file():
                    found.setdefault(pack.name, pack)
    return found


def load_pack(request: str | Path) -> RequestPack:
    """The pack named by id, or at a path; ConfigError listing the packs there are. Read once
    per search path (`FOI_REQUESTS_PATH` may name other folders later in a process)."""
    return _load(str(request), os.pathsep.join(map(str, search_path())))


@cache
def _load(request: str, _search: str) -> RequestPack:
    path = Path(request)
    if path.is_dir() and (path / "request.yaml").is_file():
        return RequestPack.read(path.resolve())
    packs = available()
    if str(request) not in packs:
        known = ", ".join(sorted(packs)) or "none"
        raise ConfigError(f"no request pack '{request}' (known: {known}; or give a pack's folder)")
    return RequestPack.read(packs[str(request)])


PROJECT_FILE = "foi.yaml"
"""A project's own settings, in the current folder or one above it: `request: <id or folder>`
names the request its commands work on when none is given."""


def resolve(
    request: "RequestPack | str | Path | None", paths: list[str] | list[Path]
) -> RequestPack:
    """The request a run over `paths` answers: `request` (a Request, an id or a pack's folder),
    else the one the inbox's own `request.yaml` names, else the project's (`foi.yaml`). No
    request is built in: with none of these, ConfigError says how to name one."""
    if isinstance(request, RequestPack):
        return request
    chosen = request or named_by_inbox([Path(p) for p in paths]) or project_request()
    if not chosen:
        known = ", ".join(sorted(available())) or "none"
        raise ConfigError(
            "which request? name it with --request ID, with 'request: ID' in the inbox's "
            f"request.yaml or in {PROJECT_FILE}, or with $FOI_REQUEST (packs found: {known})"
        )
    return load_pack(chosen)


def _named_above(start: Path, filename: str) -> tuple[Path, str] | None:
    """(folder, value) of the nearest `filename` at or above `start` whose `request:` names a
    request (a pack's own request.yaml says `id:`, never `request:`, so it is passed by)."""
    import yaml

    for folder in (start, *start.parents):
        marker = folder / filename
        if marker.is_file():
            data = yaml.safe_load(marker.read_text(encoding="utf-8")) or {}
            if isinstance(data, dict) and data.get("request"):
                return folder, str(data["request"])
    return None


def project_request(start: Path | None = None) -> str | None:
    """The request `foi.yaml` names, in `start` (default: the current folder) or above it."""
    found = _named_above((start or Path.cwd()).resolve(), PROJECT_FILE)
    if found is None:
        return None
    folder, value = found  # a pack's folder may be named relative to the project file
    return str(folder / value) if (folder / value).is_dir() else value


def named_by_inbox(paths: list[Path]) -> str | None:
    """The request an inbox names in its own `request.yaml` (`request: <id>`), if one does: the
    nearest one at or above each path, so a file or body folder given alone is read as its
    inbox is."""
    for path in paths:
        given = Path(path).resolve()
        found = _named_above(given if given.is_dir() else given.parent, "request.yaml")
        if found:
            return found[1]
    return None


SCAFFOLD = Path(__file__).resolve().parent / "scaffold"


def new_pack(request_id: str, folder: Path | None = None, title: str | None = None) -> Path:
    """Write a commented pack to fill in (`foi new-request`): `folder/<id>/`, by default in the
    current folder (never inside the installed package). Never overwrites an existing folder."""
    import re

    from foi_ingest.packs.model import ID_PATTERN

    if not re.fullmatch(ID_PATTERN, request_id):
        raise ConfigError(
            f"request id '{request_id}': use lowercase words joined by '-' (e.g. hospital-crime)"
        )
    root = (folder or Path.cwd()) / request_id
    if root.exists():
        raise ConfigError(f"{root} exists already: choose another id or edit that pack")
    for source in sorted(SCAFFOLD.rglob("*.yaml")):
        target = root / source.relative_to(SCAFFOLD)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if source.name == "request.yaml" and source.parent == SCAFFOLD:
            text = text.format(id=request_id, title=title or request_id.replace("-", " ").title())
        target.write_text(text, encoding="utf-8")
    (root / "overrides").mkdir()
    (root / "views").mkdir()
    return root
