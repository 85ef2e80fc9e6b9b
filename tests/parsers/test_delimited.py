"""CSV returns in the encodings and delimiters forces' systems write."""

from pathlib import Path

import numpy as np
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


def _agree(path: Path, text: str, encoding: str = "utf-8", delim: str = ",") -> int:
    """Rows read column-wise equal the csv module's, record by record; returns the row count."""
    from foi_ingest.limits import current
    from foi_ingest.parsers.base import RawTable
    from foi_ingest.parsers.delimited import _fast_columns, _records

    columns = _fast_columns(path, path.read_bytes(), text, encoding, delim, current())
    assert columns is not None
    fast = RawTable("t.csv", columns=columns, row_numbers=np.arange(1, len(columns[0]) + 1))
    slow = _records(text, delim, current())
    assert len(fast) == len(slow)
    for i, row in enumerate(slow):
        got = fast.row(i)
        assert got.row == row.row
        cells = list(row.cells)
        while cells and cells[-1] is None:
            cells.pop()
        assert [c if c is None or c.strip() else None for c in got.cells] == cells
    return len(slow)


def test_column_wise_and_record_by_record_readers_agree(tmp_path: Path):
    """Arrow's reader (records of one width), pandas' (shorter rows padded) and the csv
    module's give the same rows and line numbers."""
    from foi_ingest.limits import current
    from foi_ingest.parsers.delimited import _arrow_columns, _fast_columns

    ragged = (
        "Social media cases\r\n\r\nRank,Date,Allegation,Outcome\r\n"
        'PC,2011,"Posted, then deleted",NFA\r\nDC,,,\r\n,,,\r\nTotal,2\r\n'
    )
    path = tmp_path / "t.csv"
    path.write_bytes(ragged.encode())
    assert _arrow_columns(path.read_bytes(), ",", 4) is None  # pandas reads it
    assert _agree(path, ragged) == 7
    even = (
        '\ufeffRank,Date,Allegation,Outcome\nPC,2011,"Posted, ""then"" deleted",NFA\nDC,,,\n,,,\n'
    )
    path.write_bytes(even.encode())
    text = even[1:]  # as decode() gives it: the BOM is not text
    columns = _arrow_columns(path.read_bytes(), ",", 4)
    assert columns is not None and columns[0].to_pylist() == ["Rank", "PC", "DC", None]
    assert columns[2].to_pylist()[1] == 'Posted, "then" deleted'
    assert _agree(path, text, "utf-8-sig") == 4
    old = "Rank,Outcome\nPC,Dismissed – gross misconduct\n".encode("cp1252")
    path.write_bytes(old)
    assert _agree(path, old.decode("cp1252"), "cp1252") == 2  # Arrow reads it as UTF-8
    multiline = 'Rank,Allegation\nPC,"two\nlines"\n'
    path.write_text(multiline)
    assert _fast_columns(path, multiline.encode(), multiline, "utf-8", ",", current()) is None


def test_every_sample_csv_reads_the_same_column_wise_as_record_by_record(sample_inbox: Path):
    """Each CSV the generator writes (every quirk: titles, totals, old encodings, delimiters)
    gives the same rows and line numbers on the fast path as with the csv module."""
    from foi_ingest.limits import current
    from foi_ingest.parsers.delimited import _fast_columns, decode, detect_delimiter
    from foi_ingest.parsers.registry import Format

    read = 0
    for path in sorted(p for p in sample_inbox.rglob("*") if p.is_file()):
        try:
            if sniff(path) != Format.CSV:
                continue
        except (EmptyFile, UnsupportedFormat):
            continue
        text, encoding = decode(path.read_bytes())
        delim = detect_delimiter(text)
        if _fast_columns(path, path.read_bytes(), text, encoding, delim, current()) is None:
            continue  # read record by record anyway
        _agree(path, text, encoding, delim)
        read += 1
    assert read >= 5
