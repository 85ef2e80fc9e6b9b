"""Imported by each Dask worker as it starts (Dask's `preload`), so that a worker's first file
does not pay for importing pandas, pandera, DuckDB and the parsers."""

import foi_ingest.flows.ingest  # noqa: F401
import foi_ingest.flows.pipeline  # noqa: F401
