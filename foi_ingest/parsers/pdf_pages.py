"""A PDF page's characters, ruling lines and images, read with pypdfium2 (PDFium, in C) and
handed to pdfplumber's own table finder.

pdfplumber finds and cuts tables well, but reads a page through pdfminer in Python: on a 61-page
table printed from Excel that is ~0.35 s a page, most of the time of an ingest. PDFium reads the
same characters and path objects in a few milliseconds. `PageLayer` offers the part of
pdfplumber's `Page` its table finder and word extractor use (`chars`, `edges`, `bbox`,
`extract_words`), so the rules stay pdfplumber's: the same tables, the same cells, the same text
(tested against `extract_tables()` on the real returns). Cells are filled with array operations
instead of pdfplumber's per-row scan of every character of the page.
"""

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber import utils
from pdfplumber.table import Table, TableFinder

PDFIUM = threading.RLock()
"""PDFium is not thread-safe (pypdfium2's documentation): every call into it, from any thread
(Prefect runs parse tasks in threads), holds this lock. What is built from a page afterwards
(tables, cells, words) is plain Python and runs outside it."""

LINE_WIDTH = 2.0
"""A path thinner than this (points) is a ruling line; a wider one is a box with four edges."""


@dataclass
class PageLayer:
    """What pdfplumber's table finder needs of a page, read by PDFium (top-left origin)."""

    width: float
    height: float
    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    image_area: float = 0.0  # points² covered by images (a scanned page is mostly image)
    text: str = ""
    _mids: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        return utils.extract_words(self.chars, **kwargs)

    def find_tables(self) -> list[Table]:
        """Ruled tables, by pdfplumber's default ('lines') strategy."""
        return TableFinder(self, {}).tables  # type: ignore[arg-type]

    def text_outside(self, tables: list[Table]) -> str:
        """The page's words outside the given tables (a letter's lines, a table's notes)."""
        if not tables:
            return utils.extract_text(self.chars) if self.chars else ""
        h_mid, v_mid = self._char_mids()
        inside = np.zeros(len(self.chars), dtype=bool)
        for t in tables:
            x0, top, x1, bottom = t.bbox
            inside |= (h_mid >= x0) & (h_mid < x1) & (v_mid >= top) & (v_mid < bottom)
        kept = [self.chars[i] for i in np.flatnonzero(~inside)]
        return utils.extract_text(kept) if kept else ""

    def _char_mids(self) -> tuple[np.ndarray, np.ndarray]:
        if self._mids is None:
            self._mids = (
                np.array([(c["x0"] + c["x1"]) / 2 for c in self.chars]),
                np.array([(c["top"] + c["bottom"]) / 2 for c in self.chars]),
            )
        return self._mids

    def extract(self, table: Table) -> list[list[str | None]]:
        """`table.extract()`, with each row's and cell's characters picked by array masks."""
        h_mid, v_mid = self._char_mids()
        out = []
        for row in table.rows:
            x0, top, x1, bottom = row.bbox
            mine = np.flatnonzero((h_mid >= x0) & (h_mid < x1) & (v_mid >= top) & (v_mid < bottom))
            hm, vm = h_mid[mine], v_mid[mine]
            cells: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    cells.append(None)
                    continue
                cx0, ctop, cx1, cbottom = cell
                pick = mine[(hm >= cx0) & (hm < cx1) & (vm >= ctop) & (vm < cbottom)]
                cells.append(utils.extract_text([self.chars[i] for i in pick]) if len(pick) else "")
            out.append(cells)
        return out


def _chars(textpage: pdfium.PdfTextPage, height: float) -> tuple[list[dict[str, Any]], str]:
    """The page's characters as pdfplumber describes them; a space PDFium generated between
    words takes the gap after the character before it (pdfplumber keeps the PDF's spaces)."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    chars: list[dict[str, Any]] = []
    for i, ch in enumerate(text[:count]):
        if ch in "\r\n" or (not ch.strip() and ch != " "):
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        if ch == " ":
            if not chars:
                continue
            prev = chars[-1]
            left, right = prev["x1"], max(prev["x1"] + 0.5, right)
            top, bottom = height - prev["top"], height - prev["bottom"]
        elif right <= left:
            continue
        chars.append({
            "text": ch, "x0": left, "x1": right, "top": height - top, "bottom": height - bottom,
            "doctop": height - top, "upright": True, "width": right - left, "height": top - bottom,
            "size": top - bottom, "fontname": "", "object_type": "char",
        })  # fmt: skip
    return chars, text


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
        "height": bottom - top, "orientation": orientation, "object_type": "line",
    }  # fmt: skip


def _edges_and_images(page: pdfium.PdfPage, height: float) -> tuple[list[dict], float]:
    edges: list[dict[str, Any]] = []
    image_area = 0.0
    kinds = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]
    for obj in page.get_objects(filter=kinds, max_depth=5):
        left, bottom, right, top = obj.get_bounds()
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            image_area += max(right - left, 0) * max(top - bottom, 0)
            continue
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        if y1 - y0 < LINE_WIDTH:
            y = (y0 + y1) / 2
            edges.append(_edge(x0, x1, y, y, "h"))
        elif x1 - x0 < LINE_WIDTH:
            x = (x0 + x1) / 2
            edges.append(_edge(x, x, y0, y1, "v"))
        else:
            edges += [_edge(x0, x1, y, y, "h") for y in (y0, y1)]
            edges += [_edge(x, x, y0, y1, "v") for x in (x0, x1)]
    return edges, image_area


def read_page(pdf: pdfium.PdfDocument, index: int) -> PageLayer:
    """Page `index` (0-based) of an open document."""
    with PDFIUM:
        page = pdf[index]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            chars, text = _chars(textpage, height)
            edges, image_area = _edges_and_images(page, height)
            textpage.close()
        finally:
            page.close()
    return PageLayer(width, height, chars, edges, image_area, text.replace("\r\n", "\n"))


def open_pdf(path: object) -> pdfium.PdfDocument:
    """`pdfium.PdfDocument(path)` under the lock."""
    with PDFIUM:
        return pdfium.PdfDocument(path)


def close_pdf(pdf: pdfium.PdfDocument) -> None:
    with PDFIUM:
        pdf.close()


def page_count(pdf: pdfium.PdfDocument) -> int:
    with PDFIUM:
        return len(pdf)
