"""The request layer: fields, vocabularies, synonyms, bodies, letters, overrides, mapping.

What belongs to one request is data in its request pack (`foi_ingest.packs`, folders under
`requests/`); generic FOI wording and the reference lists of bodies are data under
`schemas/data/`. The modules here load them once and expose small lookups.
"""
