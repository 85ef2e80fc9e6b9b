"""Request packs: everything that belongs to one FOI request, declared in a folder.

A pack (`requests/<id>/`) holds the request's declaration (`request.yaml`), its vocabularies
(`vocab/*.yaml`), column synonyms (`columns.yaml`), letter wording (`letters.yaml`) and per-body
overrides (`overrides/`). The machinery reads the active pack through `current()`; nothing in
`foi_ingest/` outside this folder names a request.
"""

from foi_ingest.packs.pack import RequestPack
from foi_ingest.packs.registry import (
    DEFAULT_REQUEST,
    available,
    current,
    load_pack,
    named_by_inbox,
    use,
)

__all__ = [
    "DEFAULT_REQUEST", "RequestPack", "available", "current", "load_pack", "named_by_inbox", "use",
]  # fmt: skip
