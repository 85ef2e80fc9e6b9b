"""Per-force overrides: where detection cannot work, a small YAML file pins what to read.

One file per force that needs it, in the request pack's `overrides/<force_id>.yaml` or an inbox's
`_overrides/` folder. Keys (all optional):

    columns:                 # header label as the force writes it -> schema field
      "Misc. Result": outcome_raw
    phrasings:               # vocabulary -> {phrasing: code}
      outcome: {"Reprimand": written_warning}
    sheets: ["Data"]         # read only these sheets
    suppression_hides_zero: true
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from foi_ingest.errors import ConfigError
from foi_ingest.packs import Request
from foi_ingest.schemas import vocab
from foi_ingest.schemas.record import header_fields, vocabulary_dimensions
from foi_ingest.values.text import norm

_KEYS = {"columns", "phrasings", "sheets", "suppression_hides_zero", "note"}


@dataclass
class ForceOverride:
    columns: dict[str, str] = field(default_factory=dict)  # normalised label -> field
    phrasings: dict[str, dict[str, str]] = field(default_factory=dict)  # vocab -> phrase -> code
    sheets: list[str] | None = None
    suppression_hides_zero: bool | None = None


def parse_override(request: Request, data: object, origin: str) -> ForceOverride:
    """Check an override's content; a ConfigError says which key is wrong and what is allowed."""
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of keys {sorted(_KEYS)}")
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    out = ForceOverride()
    fields = header_fields(request)
    for label, target in (data.get("columns") or {}).items():
        if target not in fields:
            raise ConfigError(
                f"{origin}: column '{label}' -> '{target}': use one of {sorted(fields)}"
            )
        out.columns[norm(label)] = target
    vocabularies = {
        d.name: vocab.vocabulary_of(request, d.name) for d in vocabulary_dimensions(request)
    }
    for name, mapping in (data.get("phrasings") or {}).items():
        if name not in vocabularies:
            raise ConfigError(f"{origin}: phrasings for '{name}': use {' or '.join(vocabularies)}")
        for phrase, code in (mapping or {}).items():
            if code not in vocabularies[name].codes:
                raise ConfigError(
                    f"{origin}: '{phrase}' -> '{code}' is not a {name} code; "
                    f"use one of {list(vocabularies[name].codes)}"
                )
            out.phrasings.setdefault(name, {})[norm(phrase)] = code
    if data.get("sheets") is not None:
        out.sheets = [str(s) for s in data["sheets"]]
    if data.get("suppression_hides_zero") is not None:
        out.suppression_hides_zero = bool(data["suppression_hides_zero"])
    return out


def load_override(request: Request, force_id: str, inbox: Path | None = None) -> ForceOverride:
    """The override for a body: the inbox's `_overrides/` file wins over the pack's own (read
    with the pack, so a worker on another machine needs no copy of the pack's folder)."""
    if inbox is not None:
        path = inbox / "_overrides" / f"{force_id}.yaml"
        if path.is_file():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
            return parse_override(request, data, str(path))
    shipped = f"overrides/{force_id}.yaml"
    data = request.data(shipped)
    if data is not None:
        return parse_override(request, data, str(request.root / shipped))
    return ForceOverride()
