"""One request pack on disk: its declaration and the data files beside it, read once."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from foi_ingest.errors import ConfigError
from foi_ingest.packs.lint import check
from foi_ingest.packs.model import RequestSpec


@dataclass(frozen=True, eq=False)
class Request:
    """One request, read from its pack folder: the value every step of a run is given.

    `spec` is `request.yaml`, typed and checked (`packs.model`); `declaration` the same as
    written. Two values are the same request when they come from the same folder (hashable, so
    what is derived from a request is cached per request)."""

    root: Path
    declaration: dict[str, Any] = field(repr=False)
    spec: RequestSpec = field(repr=False)
    _files: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def read(cls, root: Path) -> "Request":
        """Read and check the pack at `root` as a whole (`packs.lint`); ConfigError listing every
        problem, each with its file, line and what to fix."""
        checked = check(root)
        if checked.problems or checked.spec is None:
            if len(checked.problems) == 1:
                raise ConfigError(f"{checked.problems[0]} (fix the request pack and re-run)")
            lines = "\n".join(f"  {p}" for p in checked.problems)
            raise ConfigError(f"request pack {root}: {len(checked.problems)} problems:\n{lines}")
        files: dict[str, Any] = {
            str(p.relative_to(root)): _yaml(p) for p in sorted(root.rglob("*.yaml"))
        }
        files.update(
            {
                str(p.relative_to(root)): p.read_text(encoding="utf-8")
                for p in sorted(root.rglob("*.csv"))
            }
        )  # fmt: skip  (a list of bodies)
        return cls(root, files["request.yaml"], checked.spec, files)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Request) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def question(self) -> str:
        return " ".join(self.spec.question.split())

    @property
    def body_kind(self) -> str:
        return self.spec.body_kind

    @property
    def counts_only(self) -> bool:
        """`records: counts`: every answer is a table of counts, so a table with no count in it
        (a lookup of codes, a glossary) holds no records. Default: cases or counts."""
        return self.spec.records == "counts"

    @property
    def schema_name(self) -> str:
        """The DuckDB schema this request's tables live in: the id with '-' as '_'."""
        return self.id.replace("-", "_")

    def data(self, relative: str, default: Any = None) -> Any:
        """A YAML file of the pack (`vocab/outcomes.yaml`), as read with the pack; `default` if
        the pack has none. Every YAML file is read once, with `request.yaml`, so the value is
        whole where it is sent (a Dask worker on another machine needs no copy of the folder)."""
        return self._files.get(relative, default)


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc}); fix the file and re-run") from exc


RequestPack = Request
"""The former name of `Request`."""
