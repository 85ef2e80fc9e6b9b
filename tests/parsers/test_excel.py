"""The Excel reader's guards: cells are counted in the sheet XML before openpyxl builds any."""

import zipfile

from openpyxl import Workbook

from foi_ingest.parsers.excel import _count_cells


def test_cells_are_counted_exactly_across_stream_blocks(tmp_path):
    path = tmp_path / "big.xlsx"
    wb = Workbook(write_only=True)
    for name, rows in (("A", 20_000), ("B", 7)):
        ws = wb.create_sheet(name)
        for i in range(rows):
            ws.append(["PC", i, "Posted abuse", None, "NFA"])  # None writes no cell
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        sheet_bytes = sum(i.file_size for i in zf.infolist() if "worksheets/" in i.filename)
        assert sheet_bytes > 2 * (1 << 20)  # several 1 MB blocks, so tags straddle block edges
        assert _count_cells(zf, 10**9) == (20_000 + 7) * 4
        assert _count_cells(zf, 1_000) > 1_000  # stops early, past the limit
