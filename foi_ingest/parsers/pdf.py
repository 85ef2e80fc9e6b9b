"""PDF letters with tables, with pdfplumber's table finder over pages PDFium reads.

Ruled tables first (pdfplumber's `lines` strategy); where a page has none, text-aligned columns are
rebuilt from word positions under a recognised header line, joining wrapped lines to their row.
Tables continuing across pages are stitched when the column count matches; a repeated header is
left in and skipped (and counted) by the layout step. Text outside tables is the letter.
"""

from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
from pdfplumber.table import Table

from foi_ingest.errors import LayoutError, UnsupportedFormat
from foi_ingest.limits import current, over
from foi_ingest.parsers.base import RawDocument, RawRow, RawTable
from foi_ingest.parsers.header import HeaderReader, looks_like_header
from foi_ingest.parsers.pdf_pages import PageLayer, close_pdf, open_pdf, page_count, read_page
from foi_ingest.parsers.registry import Capabilities, Format, ReadOptions, register
from foi_ingest.values.text import clean_cell

GAP = 9.0  # points of white space that separate two cells on a text-aligned line


def _is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]


def _chunks(words: list[dict]) -> list[tuple[float, float, str]]:
    """Split one line's words into cells where the gap between words is wide."""
    chunks: list[tuple[float, float, str]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if chunks and w["x0"] - chunks[-1][1] < GAP:
            x0, _, text = chunks[-1]
            chunks[-1] = (x0, w["x1"], f"{text} {w['text']}")
        else:
            chunks.append((w["x0"], w["x1"], w["text"]))
    return chunks


def _lines(page: PageLayer) -> list[tuple[float, float, list[dict]]]:
    """Words grouped into lines by their top coordinate: (top, bottom, words)."""
    lines: list[tuple[float, float, list[dict]]] = []
    for w in sorted(page.extract_words(keep_blank_chars=False), key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]) < 3:
            lines[-1][2].append(w)
        else:
            lines.append((w["top"], w["bottom"], [w]))
    return lines


def _text_aligned(page, page_no: int, columns: list[float] | None, header: HeaderReader):
    """Rows of a table without ruling lines; returns (rows, columns) or ([], columns)."""
    lines = _lines(page)
    rows: list[RawRow] = []
    last_bottom = None
    pitch = None
    for top, bottom, words in lines:
        chunks = _chunks(words)
        texts = [c[2] for c in chunks]
        if columns is None or (len(chunks) >= 2 and looks_like_header(texts, header)):
            if len(chunks) >= 2 and looks_like_header(texts, header):
                columns = [c[0] for c in chunks]
                rows.append(RawRow(texts, row=len(rows) + 1, page=page_no))
                last_bottom = bottom
            continue
        if last_bottom is None:
            # a continued table: the first line aligned to the known columns starts it
            if len(chunks) < 2:
                continue
            last_bottom = top
        gap = top - last_bottom
        cells: list[object] = [None] * len(columns)
        for x0, _x1, text in chunks:
            idx = max((i for i, cx in enumerate(columns) if cx <= x0 + 4), default=0)
            cells[idx] = text if cells[idx] is None else f"{cells[idx]} {text}"
        height = bottom - top
        if pitch is None and rows:
            pitch = max(gap, height * 0.5)
        close = gap < max(height * 0.9, (pitch or height) * 1.5)
        if len(chunks) >= 2 and cells[0] is not None:
            rows.append(RawRow(cells, row=len(rows) + 1, page=page_no))
            last_bottom = bottom
        elif rows and close and cells[0] is None:
            prev = rows[-1].cells  # wrapped text continues the row above
            for i, value in enumerate(cells):
                if value is not None:
                    prev[i] = value if prev[i] is None else f"{prev[i]} {value}"
            last_bottom = bottom
        else:
            break  # the letter resumes below the table
    return rows, columns


@dataclass
class _Grid:
    """Where a ruled table's columns sit on its page, and whether it reaches the page's edge."""

    columns: list[tuple[float, float]]  # (x0, x1) of each column
    at_top: bool  # starts in the top fifth of its page
    at_bottom: bool  # ends in the bottom fifth


def _grid(table: Table, page: PageLayer) -> _Grid:
    x0, top, x1, bottom = table.bbox
    columns = [(c.bbox[0], c.bbox[2]) for c in table.columns]
    return _Grid(columns, top < page.height * 0.2, bottom > page.height * 0.8)


def _continued(
    rows: list[RawRow], grid: _Grid, previous: _Grid | None, header: HeaderReader | None
) -> list[RawRow] | None:
    """The rows of a table that continues the previous page's table on a grid of its own (a
    Word table whose cells merge differently after the break): each cell placed under the
    previous table's column whose span holds its centre. None where it is not a continuation:
    not at the top of a page right after a table that reached the bottom, a header of its own,
    or two cells of a row falling under one column."""
    if previous is None or not (grid.at_top and previous.at_bottom) or not rows:
        return None
    first = [clean_cell(c) for c in rows[0].cells if clean_cell(c)]
    if header is not None and looks_like_header(first, header):
        return None

    def column_of(x: float) -> int | None:
        return next((j for j, (a, b) in enumerate(previous.columns) if a <= x < b), None)

    at = [column_of((a + b) / 2) for a, b in grid.columns]
    out = []
    for r in rows:
        cells: list[object] = [None] * len(previous.columns)
        for value, j in zip(r.cells, at, strict=False):
            if not clean_cell(value):
                continue
            if j is None or cells[j] is not None:
                return None
            cells[j] = value
        out.append(RawRow(cells, row=r.row, page=r.page))
    return out


def _outermost(tables: list[Table]) -> list[Table]:
    """Tables not drawn inside another table of the page: boxes around a header cell's lines
    ('Cockermouth / Community / Hospital') repeat text the outer table already holds."""

    def inside(a: tuple, b: tuple) -> bool:
        return (
            a != b
            and a[0] >= b[0] - 1
            and a[1] >= b[1] - 1
            and a[2] <= b[2] + 1
            and (a[3] <= b[3] + 1)
        )

    return [t for t in tables if not any(inside(t.bbox, o.bbox) for o in tables if o is not t)]


def _join_split_row(above: list[RawRow], moved: list[RawRow]) -> None:
    """A row cut by the page break: its label's last lines open the next page with no figure
    beside them ('action but evidential difficulties ...'); they join the row above."""
    first = moved[0].cells if moved else []
    if not above or not first or not clean_cell(first[0]):
        return
    if any(clean_cell(c) for c in first[1:]):
        return
    last = above[-1].cells
    last[0] = f"{last[0]}\n{first[0]}" if last and last[0] else first[0]
    moved.pop(0)


SCAN_IMAGE_SHARE = 0.5
"""A page is a scan when images cover at least this share of it ..."""
SCAN_MAX_CHARS = 200
"""... and its text layer holds fewer characters than this (a stamp, a reference, a page
number): it is decided by how much of the page is image, not by whether any text is there."""


def _is_scan(page: PageLayer) -> bool:
    """Whether a page is an image of paper: images and no text at all, or mostly image with
    only a stamp's worth of text (see `SCAN_IMAGE_SHARE`)."""
    if not page.image_area:
        return False
    if not page.chars:
        return True
    area = float(page.width * page.height) or 1.0
    return page.image_area / area >= SCAN_IMAGE_SHARE and len(page.chars) < SCAN_MAX_CHARS


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return open_pdf(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnsupportedFormat(
                "password-protected PDF: ask the force for an open copy"
            ) from exc
        raise UnsupportedFormat(f"damaged PDF ({exc}): cannot be read") from exc


@register(Format.PDF, _is_pdf, Capabilities(letter=True, sniff_order=10, costly=True))
def read_pdf(path: Path, options: ReadOptions | None = None) -> RawDocument:
    """Tables with page and row numbers; the whole text as the letter. Tables without ruling
    lines are found only with `options.header` (their header line names the request's columns).
    Pages are read by PDFium (`pdf_pages`): characters, ruling lines and images."""
    header = options.header if options else None
    pdf = _open(path)
    try:
        limits = current()
        pages = page_count(pdf)
        if pages > limits.pdf_max_pages:
            raise UnsupportedFormat(over("pdf_max_pages", pages, limits.pdf_max_pages))
        texts: list[str] = []
        outside: list[str] = []  # words outside ruled tables: where a PDF's own notes are
        stamps: list[str] = []  # the little text a scanned page carries (a stamp, a reference)
        scanned: list[int] = []
        ruled: list[RawTable] = []
        aligned_rows: list[RawRow] = []
        columns: list[float] | None = None
        last_grid: _Grid | None = None
        for page_no in range(1, pages + 1):
            page = read_page(pdf, page_no - 1)
            if _is_scan(page):
                scanned.append(page_no)
                stamps.append(page.text)
                continue
            texts.append(page.text)
            if not page.chars:
                continue
            found = _outermost(page.find_tables())
            outside.append(page.text_outside(found))
            for t_no, table in enumerate(found, start=1):
                cells = page.extract(table)
                rows = [RawRow(list(r), row=i + 1, page=page_no) for i, r in enumerate(cells)]
                width = max((len(r.cells) for r in rows), default=0)
                grid = _grid(table, page)
                if ruled and len(ruled[-1].rows[0].cells) == width and t_no == 1:
                    ruled[-1].rows.extend(rows)
                    continue
                moved = _continued(rows, grid, last_grid, header) if t_no == 1 and ruled else None
                if moved is not None:
                    _join_split_row(ruled[-1].rows, moved)
                    ruled[-1].rows.extend(moved)
                    last_grid = replace(last_grid, at_bottom=grid.at_bottom) if last_grid else None
                    continue
                ruled.append(RawTable(f"page {page_no} table {t_no}", rows))
                last_grid = grid
            if not found and header is not None:
                rows, columns = _text_aligned(page, page_no, columns, header)
                aligned_rows.extend(rows)
    finally:
        close_pdf(pdf)
    if scanned and not any(t.strip() for t in texts) and not ruled and not aligned_rows:
        raise LayoutError(
            f"scanned page, no text layer (pages {', '.join(map(str, scanned))}); "
            "OCR is not enabled: enter the figures by hand or ask for a text PDF"
        )
    tables = list(ruled)
    if aligned_rows:
        tables.append(RawTable("text-aligned table", aligned_rows))
    warnings = [f"page {p}: scanned page, no text layer" for p in scanned]
    return RawDocument(
        Format.PDF, tables, text="\n".join(texts + stamps), warnings=warnings,
        outside_tables="\n".join(outside),
    )  # fmt: skip
