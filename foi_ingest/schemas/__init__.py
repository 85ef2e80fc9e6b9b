"""What belongs to this one FOI request: fields, vocabularies, synonyms, forces, overrides.

Everything request-specific is data under `schemas/data/`; the modules here load it once and
expose small lookups. This package imports no other package of the project.
"""
