"""CSV returns in the encodings and delimiters forces' systems write."""

from pathlib import Path

import pytest

from foi_ingest.errors import EmptyFile, UnsupportedFormat
from foi_ingest.parsers import Format, read_document, sniff

ROWS = "Rank{d}Date{d}Allegation{d}Outcome\r\nPC{d}12.03.2011{d}Posted a photo{d}NFA\r\n"


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("utf8.csv", ROWS.format(d=",").encode("utf-8"), "utf-8"),
        ("bom.csv", b"\xef\xbb\xbf" + ROWS.format(d=",").encode("utf-8"), "utf-8-sig"),
        ("cp1252-en-dash.csv", ("Title – £0\r\n" + ROWS.format(d=";")).encode("cp1252"), "cp1252"),
        ("latin1-tab.txt", ("Café\r\n" + ROWS.format(d="\t")).encode("latin-1"), "cp1252"),
    ],
)
def test_encodings_and_delimiters(tmp_path: Path, name, data, encoding):
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.format == Format.CSV and doc.encoding == encoding
    rows = doc.tables[0].rows
    assert rows[-2].cells == ["Rank", "Date", "Allegation", "Outcome"]
    assert rows[-1].cells == ["PC", "12.03.2011", "Posted a photo", "NFA"]
    if name.startswith("cp1252"):
        assert rows[0].cells == ["Title – £0"]


def test_quoted_multiline_text_is_one_row_numbered_by_its_first_line(tmp_path: Path):
    path = tmp_path / "multiline.csv"
    path.write_text('Rank,Allegation,Outcome,,\nPC,"Posted\non Facebook",NFA,,\nDC,Other,FWW,,\n')
    rows = read_document(path).tables[0].rows
    assert [r.row for r in rows] == [1, 2, 4]
    assert rows[1].cells[:3] == ["PC", "Posted\non Facebook", "NFA"]
    assert rows[1].cells[3:] == [None, None]  # trailing empty columns stay empty


def test_sniffed_by_content_not_extension(tmp_path: Path):
    disguised = tmp_path / "table.pdf"
    disguised.write_text("Rank,Outcome\nPC,NFA\n")
    assert sniff(disguised) == Format.CSV
    binary = tmp_path / "data.csv"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    with pytest.raises(UnsupportedFormat, match="binary file"):
        sniff(binary)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile, match="empty file"):
        sniff(empty)


def test_column_wise_and_record_by_record_readers_agree(tmp_path: Path):
    """The fast path (pandas) and the slow one (csv module) give the same rows and numbers."""
    from foi_ingest.limits import current
    from foi_ingest.parsers.base import RawTable
    from foi_ingest.parsers.delimited import _fast_frame, _records

    text = (
        "Social media cases\r\n\r\nRank,Date,Allegation,Outcome\r\n"
        'PC,2011,"Posted, then deleted",NFA\r\nDC,,,\r\n,,,\r\nTotal,2\r\n'
    )
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    frame = _fast_frame(path, text, "utf-8", ",", current())
    assert frame is not None
    fast = RawTable.from_frame("t.csv", frame)
    slow = _records(text, ",", current())
    assert len(fast) == len(slow) == 7
    for i, row in enumerate(slow):
        got = fast.row(i)
        assert got.row == row.row
        cells = list(row.cells)
        while cells and cells[-1] is None:
            cells.pop()
        assert got.cells == cells
    multiline = 'Rank,Allegation\nPC,"two\nlines"\n'
    path.write_text(multiline)
    assert _fast_frame(path, multiline, "utf-8", ",", current()) is None  # needs line numbers
