"""Loading the data files under `schemas/data/` once, with messages that say what to fix."""

from functools import cache
from importlib import resources
from typing import Any

import yaml

from foi_ingest.errors import ConfigError

DATA = resources.files("foi_ingest.schemas") / "data"


@cache
def load_yaml(name: str) -> Any:
    """Parse one YAML data file; raise ConfigError naming the file on a syntax error."""
    path = DATA / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{name}: not valid YAML ({exc}); fix the file and re-run") from exc
