"""Limits on what one file may cost, in one place. Raise any of them for a run with an
environment variable `FOI_LIMIT_<NAME>` (e.g. `FOI_LIMIT_PDF_MAX_PAGES=2000 foi ingest inbox`).

A file over a limit is never read further: it gets a `responses` row with status `unparseable`
and a reason that names the limit and how to raise it. The run goes on.
"""

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024
    """Any file larger than this is not read (200 MB)."""
    xlsx_max_uncompressed_bytes: int = 1024 * 1024 * 1024
    """Sum of a workbook's unpacked parts; guards against zip bombs (1 GB)."""
    xlsx_max_ratio: int = 200
    """Unpacked size over packed size; real workbooks stay well under 100."""
    xlsx_max_cells: int = 20_000_000
    """Cells in all a workbook's sheets, counted in the sheet XML before openpyxl builds them
    (a small, highly compressible sheet can still declare millions of cells)."""
    pdf_max_pages: int = 1000
    """Pages read from one PDF."""
    csv_max_field_bytes: int = 10 * 1024 * 1024
    """One CSV field (10 MB); Python's csv module stops at 128 KB by default."""
    max_columns: int = 2000
    """Cells in one row; a wider row stops the file."""
    file_seconds: int = 300
    """Time budget to parse, map and validate one file (a Prefect task timeout)."""


def current() -> Limits:
    """The limits in force: defaults, raised or lowered by `FOI_LIMIT_*` variables."""
    values = {}
    for f in fields(Limits):
        raw = os.environ.get(f"FOI_LIMIT_{f.name.upper()}")
        if raw:
            values[f.name] = int(raw)
    return Limits(**values)


def over(name: str, value: int, limit: int) -> str:
    """The reason given for a file over a limit."""
    return (f"{name.replace('_', ' ')}: {value:,} is over the limit of {limit:,}; raise it with "
            f"FOI_LIMIT_{name.upper()}=N if the file is genuine")  # fmt: skip
