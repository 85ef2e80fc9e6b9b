"""One request pack on disk: its declaration and the data files beside it, read once."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from foi_ingest.errors import ConfigError

REQUIRED = ("id", "title", "question", "body_kind")
BODIES = Path(__file__).resolve().parents[1] / "schemas" / "data" / "bodies"
"""The reference lists of bodies, one file per kind (`police-force.csv`)."""
"""Keys every `request.yaml` must have; the message for a missing one names the file."""


@dataclass(frozen=True)
class RequestPack:
    """A request pack folder. `declaration` is `request.yaml` as written."""

    root: Path
    declaration: dict[str, Any] = field(repr=False)
    _files: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def read(cls, root: Path) -> "RequestPack":
        """Read `root/request.yaml`; ConfigError with what to fix when it is missing or wrong."""
        path = root / "request.yaml"
        if not path.is_file():
            raise ConfigError(f"{root}: no request.yaml (a request pack needs one; see requests/)")
        data = _yaml(path)
        if not isinstance(data, dict):
            raise ConfigError(
                f"{path}: expected keys such as id and title, got {type(data).__name__}"
            )
        missing = [k for k in REQUIRED if not data.get(k)]
        if missing:
            raise ConfigError(f"{path}: missing {', '.join(missing)}")
        if data["id"] != root.name:
            raise ConfigError(f"{path}: id '{data['id']}' differs from its folder '{root.name}'")
        kinds = sorted(p.stem for p in BODIES.glob("*.csv"))
        if data["body_kind"] not in kinds:
            raise ConfigError(
                f"{path}: body_kind '{data['body_kind']}' has no reference list of bodies; "
                f"known: {', '.join(kinds)} (foi_ingest/schemas/data/bodies/)"
            )
        return cls(root, data)

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
