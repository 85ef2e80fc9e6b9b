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
