"""Finding the files of an inbox: regular files only, symlinks and hidden files not followed."""

import os
from dataclasses import dataclass
from pathlib import Path

IGNORED_DIRS = {"_overrides", "_corrections", "__MACOSX"}
INBOX_FILES = {"truth.json", "README.md", "request.yaml"}
"""Files at an inbox's root that are about the inbox, not returns: the sample's truth, a note,
the name of the request the inbox answers."""


@dataclass(frozen=True)
class Found:
    path: Path
    inbox: Path

    @property
    def relative(self) -> str:
        return self.path.relative_to(self.inbox).as_posix()


def discover(paths: list[Path]) -> list[Found]:
    """Every file under the given folders (or the files themselves), in a stable order.

    A file given directly keeps its parent folder as its force folder: its inbox is the
    grandparent. Symlinks are never followed, so a link out of the inbox or a loop is ignored.
    """
    found: list[Found] = []
    for given in paths:
        given = Path(given)
        if given.is_symlink():
            continue
        if given.is_file():
            found.append(Found(given.resolve(), given.resolve().parent.parent))
            continue
        root = given.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and d not in IGNORED_DIRS
            )
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or name.startswith("~$") or path.is_symlink():
                    continue
                if path.parent == root and name in INBOX_FILES:
                    continue
                found.append(Found(path, root))
    return found


class InboxError(ValueError):
    """An inbox path that cannot be what a run was meant to read: it fails the run."""


def check_inbox(paths: list[str], found: list[Found]) -> None:
    """Fail the run, with what to fix, where a path does not exist, was never filled in (a
    deployment registered without FOI_INBOX) or holds no file at all: a mistyped path must never
    end as a "Completed" run that loaded nothing. An inbox whose files are all unchanged since
    the last run has files, and passes."""
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
    if not found:
        where = ", ".join(str(Path(p).resolve()) for p in paths)
        raise InboxError(
            f"the inbox holds no files: {where} (hidden files, _corrections/, _overrides/ and "
            "request.yaml are not returns); check the path"
        )
