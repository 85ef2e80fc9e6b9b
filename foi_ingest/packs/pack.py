"""One request pack on disk: its declaration and the data files beside it, read once."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from foi_ingest.errors import ConfigError
from foi_ingest.packs.lint import check
from foi_ingest.packs.model import RequestSpec


@dataclass(frozen=True)
class RequestPack:
    """A request pack folder. `declaration` is `request.yaml` as written."""

    root: Path
    declaration: dict[str, Any] = field(repr=False)
    spec: RequestSpec = field(repr=False)
    _files: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def read(cls, root: Path) -> "RequestPack":
        """Read and check the pack at `root` as a whole (`packs.lint`); ConfigError listing every
        problem, each with its file, line and what to fix."""
        checked = check(root)
        if checked.problems or checked.spec is None:
            if len(checked.problems) == 1:
                raise ConfigError(f"{checked.problems[0]} (fix the request pack and re-run)")
            lines = "\n".join(f"  {p}" for p in checked.problems)
            raise ConfigError(f"request pack {root}: {len(checked.problems)} problems:\n{lines}")
        return cls(root, _yaml(root / "request.yaml"), checked.spec)

    @property
    def id(self) -> str:
        return self.declaration["id"]

    @property
    def title(self) -> str:
        return self.declaration["title"]

    @property
    def question(self) -> str:
        return " ".join(str(self.declaration["question"]).split())

    @property
    def body_kind(self) -> str:
        return self.declaration["body_kind"]

    @property
    def counts_only(self) -> bool:
        """`records: counts`: every answer is a table of counts, so a table with no count in it
        (a lookup of codes, a glossary) holds no records. Default: cases or counts."""
        return self.declaration.get("records") == "counts"

    @property
    def schema_name(self) -> str:
        """The DuckDB schema this request's tables live in: the id with '-' as '_'."""
        return self.id.replace("-", "_")

    def data(self, relative: str, default: Any = None) -> Any:
        """A YAML file of the pack (`vocab/outcomes.yaml`), parsed once; `default` if absent."""
        if relative not in self._files:
            path = self.root / relative
            self._files[relative] = _yaml(path) if path.is_file() else default
        return self._files[relative]

    @property
    def overrides(self) -> Path:
        """The folder of per-body overrides (`overrides/<body_id>.yaml`)."""
        return self.root / "overrides"


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc}); fix the file and re-run") from exc
