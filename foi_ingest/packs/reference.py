"""The pack reference (`docs/pack-reference.md`), written from the typed model of a pack.

The model's docstrings are the documentation: a key added to `packs.model` appears here with its
type, default and meaning, and the test suite fails while the file in `docs/` is older than the
model (`python -m foi_ingest.packs.reference docs/pack-reference.md` writes it again).
"""

import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from foi_ingest.packs.model import LETTER_KEYS, RequestSpec, TaxonomyEntry, VocabEntry

HEAD = """# Pack reference

<!-- Written by `python -m foi_ingest.packs.reference docs/pack-reference.md` from the typed
model of a pack (foi_ingest/packs/model.py); edit the model's docstrings, not this file. -->

Every key a request pack may hold. A key not listed is refused when the pack is read, with its
file, line and the nearest known key (`foi check-request PACK` lists every problem at once).
How to write a pack step by step: [Request packs](packs.md).
"""


def render() -> str:
    """The whole reference, as markdown."""
    parts = [HEAD]
    parts.append("## request.yaml\n")
    for model in _models(RequestSpec):
        parts.append(_section(model))
    parts.append("## vocab/*.yaml\n\nA vocabulary: each code, then what it holds.\n")
    parts += [_section(m) for m in _models(VocabEntry)]
    parts.append("A keyword taxonomy: each category, then what it holds.\n")
    parts += [_section(m) for m in _models(TaxonomyEntry)]
    parts.append(
        "## columns.yaml\n\nFor each header field of the request (a field's `raw` column, a free "
        "field's name, `date_raw`, `case_count`, `reference`), the headers that name it: a list "
        "of words, matched with case, spacing and punctuation ignored.\n"
    )
    keys = ", ".join(f"`{k}`" for k in LETTER_KEYS)
    parts.append(
        "## letters.yaml\n\nThe request's own wording, added to the generic FOI wording the "
        f"machinery knows. Keys: {keys}; each a list of phrases (`refusal_sections`: section -> "
        "phrases).\n"
    )
    parts.append(
        "## overrides/<body_id>.yaml\n\nOne body's own column names, phrasings or sheets "
        "(an inbox's `_overrides/` file wins over the pack's).\n"
    )
    return "\n".join(parts)


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """`root` and every model its fields hold, in the order they are first met."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for f in model.model_fields.values():
            for inner in _inner_models(f.annotation):
                visit(inner)

    visit(root)
    return seen


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _inner_models(a)]


def _section(model: type[BaseModel]) -> str:
    doc = " ".join((model.__doc__ or "").split())
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for name, f in model.model_fields.items():
        key = f.alias or name
        default = "required" if f.is_required() else _default(f.default)
        meaning = " ".join((f.description or "").split()).replace("|", "\\|")
        rows.append(f"| `{key}` | {_type(f.annotation)} | {default} | {meaning} |")
    return f"### {model.__name__}\n\n{doc}\n\n" + "\n".join(rows) + "\n"


def _default(value: Any) -> str:
    if value is PydanticUndefined or value is None:
        return "none"
    if isinstance(value, BaseModel):
        return "(all defaults)"
    return f"`{value!r}`" if value not in ([], {}) else "empty"


def _type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type(a) for a in args if a is not type(None))
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"map of {_type(args[0])} to {_type(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if getattr(annotation, "__name__", None) == "date":
        return "date (YYYY-MM-DD)"
    if hasattr(annotation, "__value__"):  # a type alias
        return _type(annotation.__value__)
    return getattr(annotation, "__name__", str(annotation))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    text = render()
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        print(text)
