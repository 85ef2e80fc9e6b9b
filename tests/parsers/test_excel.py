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


def test_cells_with_a_namespace_prefix_are_counted_and_a_colon_in_text_is_not(tmp_path):
    """Some writers prefix the tags (`<x:c>`); `:c` in a cell's text must not add a cell."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cells = "".join(f'<x:c r="A{i}" t="inlineStr"><x:is><x:t>Note:c {i}</x:t></x:is></x:c>'
                    for i in range(1, 2001))  # fmt: skip
    prefixed = f'<x:worksheet xmlns:x="{ns}"><x:sheetData><x:row r="1">{cells}</x:row>'
    plain = '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c>'
    path = tmp_path / "p.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", prefixed + "</x:sheetData></x:worksheet>")
        zf.writestr("xl/worksheets/sheet2.xml", plain + "<c>Note:c</c></row></sheetData>")
    with zipfile.ZipFile(path) as zf:
        assert _count_cells(zf, 10**9) == 2000 + 3


def test_cells_read_as_a_person_sees_them(tmp_path):
    """Error values kept (calamine alone returns them empty), merged ranges filled, whole
    numbers as int, times as text, hidden sheets flagged."""
    import datetime as dt

    from openpyxl import Workbook as Book

    from foi_ingest.parsers.excel import read_excel

    wb = Book()
    ws = wb.active
    ws.title = "Cases"
    ws.append(["Social media cases"])
    ws.append(["Rank", "Date", "Count", "Outcome", "Time"])
    ws.append(["PC", dt.date(2012, 3, 4), 3, "#N/A", dt.time(10, 30)])
    ws.append(["2013"])
    ws.merge_cells("A4:C4")
    hidden = wb.create_sheet("Old")
    hidden.sheet_state = "hidden"
    hidden.append(["x"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    doc = read_excel(path)
    cases, old = doc.tables
    assert [r.cells for r in cases.rows] == [
        ["Social media cases"],
        ["Rank", "Date", "Count", "Outcome", "Time"],
        ["PC", dt.date(2012, 3, 4), 3, "#N/A", "10:30:00"],
        ["2013", "2013", "2013"],
    ]
    assert [r.location for r in cases.rows][-1] == "sheet 'Cases' row 4"
    assert not cases.hidden and old.hidden


def test_a_reader_panic_is_a_damaged_file_not_a_crash(tmp_path, monkeypatch):
    """calamine is Rust: a panic surfaces as pyo3's PanicException, a BaseException."""
    import pytest

    from foi_ingest.errors import UnsupportedFormat
    from foi_ingest.parsers import registry

    class PanicException(BaseException):
        pass

    def panics(path, options):
        raise PanicException("index out of bounds")

    sniffed, _, can = registry._PARSERS[registry.Format.XLSX]
    monkeypatch.setitem(registry._PARSERS, registry.Format.XLSX, (sniffed, panics, can))
    path = tmp_path / "r.xlsx"
    wb = Workbook()
    wb.save(path)
    with pytest.raises(UnsupportedFormat, match="reader gave up: index out of bounds"):
        registry.read_document(path)


def test_error_values_that_cannot_be_placed_are_reported(tmp_path, monkeypatch):
    """If the workbook's own index does not say which sheet a part is, its error values would
    read as empty cells: the document says so instead of passing silently."""
    from openpyxl import Workbook as Book

    from foi_ingest.parsers import excel

    wb = Book()
    wb.active.append(["Rank", "Outcome"])
    wb.active.append(["PC", "#N/A"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    assert excel.read_excel(path).warnings == []
    monkeypatch.setattr(excel, "_sheet_parts", lambda zf: {})
    doc = excel.read_excel(path)
    assert doc.warnings and doc.warnings[0].startswith("1 Excel error values")
