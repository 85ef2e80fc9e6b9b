"""Finding the files of an inbox, and what a run was told to cover.

Regular files only; symlinks and hidden files are not followed. A path given to a run is one of
three things, and a run removes from the warehouse only what it was told to cover: a file (it is
re-read alone, nothing else is touched), a body's folder inside an inbox (its files, and files
that disappeared from under it), or a whole inbox.
"""

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from foi_ingest.packs.pack import Request
from foi_ingest.schemas.bodies import match_name
from foi_ingest.warehouse.db import default_db

IGNORED_DIRS = {"_overrides", "_corrections", "__MACOSX"}
INBOX_FILES = {"truth.json", "README.md", "request.yaml"}
"""Files at an inbox's root that are about the inbox, not returns: the sample's truth, a note,
the name of the request the inbox answers."""
INBOX_MARKERS = ("request.yaml", "_corrections", "_overrides", "truth.json")
"""What only an inbox's root holds: a folder holding one of them is an inbox, never a body's
folder, whatever it is called."""


@dataclass(frozen=True)
class Scope:
    """What one path given to a run covers: `prefix` inside `inbox` ('' for the whole inbox, a
    folder's relative path, or a file's)."""

    inbox: Path
    prefix: str
    is_file: bool

    def covers(self, relative: str) -> bool:
        """Whether a file at `relative` (inside the same inbox) is this path's to retire."""
        if self.is_file:
            return relative == self.prefix
        return not self.prefix or relative.startswith(self.prefix + "/")

    def describe(self) -> str:
        if self.is_file:
            return f"file {self.prefix}"
        return f"folder {self.prefix}" if self.prefix else f"inbox {self.inbox}"


def inbox_of(request: Request, given: Path, known: Iterable[Path] = ()) -> Path:
    """The inbox a path belongs to, so its files keep the relative paths (and body folders)
    they have when the whole inbox is read.

    Looking up from the path: the nearest folder that an earlier run of this warehouse read as
    an inbox (`known`), or that holds what only an inbox holds (`INBOX_MARKERS`). Failing both,
    a file's inbox is its grandparent (its folder is its body's); a folder whose own name names
    a body and that holds no sub-folder is a body's folder, whose inbox is its parent; any
    other folder is an inbox itself.
    """
    given = given.resolve()
    known = {Path(k).resolve() for k in known}
    start = given.parent if given.is_file() else given
    for folder in (start, *start.parents):
        if folder in known or any((folder / m).exists() for m in INBOX_MARKERS):
            return folder
    if given.is_file():
        return given.parent.parent
    has_folders = any(p.is_dir() and not p.name.startswith((".", "_")) for p in given.iterdir())
    if not has_folders and match_name(request, given.name):
        return given.parent
    return given


def scope_of(request: Request, given: Path, known: Iterable[Path] = ()) -> Scope:
    """What a given path covers, inside its inbox (`inbox_of`)."""
    root = inbox_of(request, given, known)
    relative = given.resolve().relative_to(root).as_posix()
    return Scope(root, "" if relative == "." else relative, given.is_file())


@dataclass(frozen=True)
class Found:
    path: Path
    inbox: Path

    @property
    def relative(self) -> str:
        return self.path.relative_to(self.inbox).as_posix()


def discover(request: Request, paths: list[Path], known: Iterable[Path] = ()) -> list[Found]:
    """Every file under the given folders (or the files themselves), in a stable order, each
    with the inbox it belongs to (`inbox_of`: a file or a body's folder given alone keeps the
    relative path it has in its inbox). Symlinks are never followed, so a link out of the inbox
    or a loop is ignored."""
    known = list(known)
    found: list[Found] = []
    seen: set[Path] = set()
    for given in paths:
        given = Path(given)
        if given.is_symlink():
            continue
        if given.is_file():
            path = given.resolve()
            if path not in seen:
                seen.add(path)
                found.append(Found(path, inbox_of(request, given, known)))
            continue
        start = given.resolve()
        root = inbox_of(request, given, known)
        for dirpath, dirnames, filenames in os.walk(start, followlinks=False):
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and d not in IGNORED_DIRS
            )
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or name.startswith("~$") or path.is_symlink():
                    continue
                if path.parent == root and name in INBOX_FILES:
                    continue
                if path not in seen:
                    seen.add(path)
                    found.append(Found(path, root))
    return found


class InboxError(ValueError):
    """An inbox path that cannot be what a run was meant to read: it fails the run."""


def check_paths(paths: list[str]) -> None:
    """Fail the run, with what to fix, where a path does not exist or was never filled in (a
    deployment registered without FOI_INBOX): a mistyped path must never end as a "Completed"
    run that loaded nothing."""
    for given in paths:
        text = str(given)
        if "{{" in text or not text.strip():
            raise InboxError(
                f"the inbox path is '{text}': the deployment was registered without FOI_INBOX "
                "set. Run `make deploy INBOX=/path/to/inbox` (or `FOI_INBOX=... prefect deploy "
                "--all`), or pass --param paths='[\"/path/to/inbox\"]'"
            )
        if not Path(given).exists():
            raise InboxError(
                f"inbox not found: {Path(given).resolve()} does not exist (as seen by the process "
                "running the flow); check the path, or the deployment's `paths` parameter"
            )


def check_found(paths: list[str], found: list[Found]) -> None:
    """Fail the run where the paths hold no file at all. An inbox whose files are all unchanged
    since the last run has files, and passes."""
    if not found:
        where = ", ".join(str(Path(p).resolve()) for p in paths)
        raise InboxError(
            f"the inbox holds no files: {where} (hidden files, _corrections/, _overrides/ and "
            "request.yaml are not returns); check the path"
        )


def check_inbox(paths: list[str], found: list[Found]) -> None:
    """Both checks, for callers that discovered the files themselves."""
    check_paths(paths)
    check_found(paths, found)


def warehouse_path(db: str | None) -> Path:
    """The warehouse file a run writes (`db`, else `$FOI_DB`, else ./foi.duckdb), absolute."""
    if db is not None and ("{{" in db or not db.strip()):
        raise InboxError(
            f"the warehouse path is '{db}': the deployment was registered without FOI_DB set. "
            "Run `make deploy DB=/path/to/foi.duckdb`, or pass --param db=/path/to/foi.duckdb"
        )
    return (Path(db) if db else default_db()).resolve()
