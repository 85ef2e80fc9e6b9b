"""Excel workbooks (.xlsx) with openpyxl.

openpyxl rather than python-calamine: it reports hidden sheets, merged ranges and Excel's own
cell types (real dates vs numbers vs error values) without guessing, and the project writes review
workbooks with it too. It is ~9x slower than calamine on very large sheets (see README,
Performance); returns are small. Merged cells are filled across their range so a two-row header
reads as a person sees it.
"""

import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from foi_ingest.errors import UnsupportedFormat
from foi_ingest.limits import current, over
from foi_ingest.parsers.base import RawDocument, RawRow, RawTable
from foi_ingest.parsers.registry import Format, register


def _is_xlsx(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and (b"xl/" in head or b"[Content_Types].xml" in head)


def _cell_value(cell: object) -> object:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "e":
        return str(value)  # '#N/A', '#REF!': kept as text, the mapping step rejects the row
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _count_cells(zf: zipfile.ZipFile, limit: int) -> int:
    """Cells declared in the worksheets, streamed in blocks; stops once past `limit`.

    Run after the unpacked-size check, so the stream itself is bounded.
    """
    cells = 0
    for info in zf.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with zf.open(info) as fh:
            tail = b""
            while block := fh.read(1 << 20):
                chunk = tail + block
                cut = max(len(chunk) - 16, 0)  # a tag across the block edge is counted next time
                cells += sum(1 for m in _CELL_TAG.finditer(chunk) if m.start() < cut)
                tail = chunk[cut:]
                if cells > limit:
                    return cells
            cells += len(_CELL_TAG.findall(tail))
    return cells


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than the limits allow (a zip bomb),
    or whose sheets declare more cells than the cell limit, before openpyxl builds any."""
    limits = current()
    with zipfile.ZipFile(path) as zf:
        unpacked = sum(info.file_size for info in zf.infolist())
        if unpacked <= limits.xlsx_max_uncompressed_bytes:
            cells = _count_cells(zf, limits.xlsx_max_cells)
            if cells > limits.xlsx_max_cells:
                raise UnsupportedFormat(over("xlsx_max_cells", cells, limits.xlsx_max_cells))
    packed = max(path.stat().st_size, 1)
    if unpacked > limits.xlsx_max_uncompressed_bytes:
        raise UnsupportedFormat(
            over("xlsx_max_uncompressed_bytes", unpacked, limits.xlsx_max_uncompressed_bytes)
        )
    if unpacked // packed > limits.xlsx_max_ratio and unpacked > 50 * 1024 * 1024:
        raise UnsupportedFormat(over("xlsx_max_ratio", unpacked // packed, limits.xlsx_max_ratio))


@register(Format.XLSX, _is_xlsx)
def read_excel(path: Path) -> RawDocument:
    """Every sheet as a table; merged ranges filled; hidden sheets flagged, not dropped."""
    if not zipfile.is_zipfile(path):
        raise UnsupportedFormat("damaged Excel file: not a complete zip archive")
    _check_unpacked_size(path)
    try:
        wb = load_workbook(path, data_only=True, read_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnsupportedFormat(f"damaged Excel file: {exc}") from exc
    tables: list[RawTable] = []
    texts: list[str] = []
    for ws in wb.worksheets:
        if ws.max_column > current().max_columns:
            raise UnsupportedFormat(over("max_columns", ws.max_column, current().max_columns))
        grid = [[_cell_value(c) for c in row] for row in ws.iter_rows()]
        for merged in ws.merged_cells.ranges:
            top = (
                grid[merged.min_row - 1][merged.min_col - 1]
                if merged.min_row <= len(grid)
                else None
            )
            for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = top
        rows = [RawRow(cells, row=i + 1, sheet=ws.title) for i, cells in enumerate(grid)]
        tables.append(RawTable(ws.title, rows, hidden=ws.sheet_state != "visible"))
        texts.extend(" ".join(str(v) for v in cells if v is not None) for cells in grid)
    wb.close()
    return RawDocument(Format.XLSX, tables, text="\n".join(texts))
