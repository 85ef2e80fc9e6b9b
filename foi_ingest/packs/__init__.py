"""Request packs: everything that belongs to one FOI request, declared in a folder.

A pack (`requests/<id>/`) holds the request's declaration (`request.yaml`), its vocabularies
(`vocab/*.yaml`), column synonyms (`columns.yaml`), letter wording (`letters.yaml`) and per-body
overrides (`overrides/`). A pack is read once into a `Request` value, which the command line and
the flow pass explicitly to every step; nothing below them looks a request up by itself.
"""

from foi_ingest.packs.pack import Request, RequestPack
from foi_ingest.packs.registry import (
    available,
    load_pack,
    named_by_inbox,
    project_request,
    resolve,
)

__all__ = [
    "Request", "RequestPack", "available", "load_pack", "named_by_inbox", "project_request",
    "resolve",
]  # fmt: skip
