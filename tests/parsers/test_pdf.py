"""PDF letters: ruled tables across pages, text-aligned tables, scans."""

import io
from pathlib import Path

import pytest
from fpdf import FPDF

from foi_ingest.errors import LayoutError, UnsupportedFormat
from foi_ingest.mapping.columns import header_reader
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.parsers import ReadOptions, read_document
from foi_ingest.parsers.layout import find_layout
from foi_ingest.sample.phrasing import ALLEGATIONS

REQ = load_pack("police-social-media")

OPTIONS = ReadOptions(header_reader(REQ))  # the request lends the reader its headers


def test_ruled_table_over_pages_is_stitched_with_repeated_headers(sample_inbox: Path, truth):
    doc = read_document(sample_inbox / "Met Police" / "MPS response letter.pdf", OPTIONS)
    assert len(doc.tables) == 1
    layout = find_layout(doc.tables[0], header_reader(REQ))
    n_cases = truth["forces"]["metropolitan"]["cases_low"]
    pages = {r.page for r in doc.tables[0].rows}
    assert len(layout.data) == n_cases
    assert len(pages) >= 2
    assert sum(s.kind == "header" for s in layout.skipped) == len(pages)  # repeated per page
    assert "Page 1 of" in doc.text


def test_text_aligned_table_joins_wrapped_lines(sample_inbox: Path, truth):
    doc = read_document(sample_inbox / "TVP" / "TVP response.pdf", OPTIONS)
    layout = find_layout(doc.tables[0], header_reader(REQ))
    assert len(layout.data) == truth["forces"]["thames-valley"]["cases_low"]
    allegations = [" ".join(str(d.row.cells[2]).split()) for d in layout.data]
    assert set(allegations) <= set(ALLEGATIONS)  # each wrapped text whole again
    assert any(len(a) > 34 for a in allegations)  # and some were wrapped
    assert "Wilmslow" not in " ".join(str(c) for d in layout.data for c in d.row.cells)


def test_scanned_page_without_text_layer(tmp_path: Path):
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(image, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=100)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(LayoutError, match="scanned page, no text layer"):
        read_document(path)


def test_damaged_pdf(tmp_path: Path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    with pytest.raises(UnsupportedFormat, match="PDF"):
        read_document(path)
