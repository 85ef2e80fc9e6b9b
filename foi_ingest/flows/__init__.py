"""Orchestration: the Prefect flow `ingest-returns` and the plain steps it strings together."""
