"""`python -m foi_ingest.cli`."""

from foi_ingest.cli import app

app()
