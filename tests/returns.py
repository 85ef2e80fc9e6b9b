"""Writing test returns by hand, independently of `foi_ingest.sample`: a list of rows (what a
person sees) becomes a real xlsx, CSV or PDF, in a body's folder of an inbox.

Nothing here knows the generator's layouts; tests and the property suite describe each return
row by row, as the README's conventions say forces write them.
"""

import csv
import io
from pathlib import Path

from fpdf import FPDF
from openpyxl import Workbook

Rows = list[list[object]]


def write_xlsx(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None):
    """One worksheet per entry; `merges` lists ranges ('A1:D1') to merge per sheet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8", delimiter: str = ","):
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_pdf(path: Path, paragraphs_before: list[str], rows: Rows, paragraphs_after=()):
    """A letter: paragraphs, then a ruled table of `rows` (first row the header), then more."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for text in paragraphs_before:
        pdf.multi_cell(0, 5, text)
        pdf.ln(2)
    if rows:
        width = max(len(r) for r in rows)
        with pdf.table(col_widths=[1] * width, text_align="LEFT") as table:
            for row in rows:
                cells = table.row()
                for value in list(row) + [""] * (width - len(row)):
                    cells.cell("" if value is None else str(value))
    for text in paragraphs_after:
        pdf.ln(2)
        pdf.multi_cell(0, 5, text)
    pdf.output(str(path))
    return path


def write_letter(path: Path, *paragraphs: str):
    """A letter with no table."""
    return write_pdf(path, list(paragraphs), [])


def write_scan(path: Path, stamp: str | None = None):
    """A page that is one large image (a scan), with at most a stamp's worth of text."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    image = io.BytesIO()
    Image.new("RGB", (800, 1100), "white").save(image, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210, h=297)
    if stamp:
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(150, 5)
        pdf.cell(0, 5, stamp)
    pdf.output(str(path))
    return path


def police_db(db, read_only: bool = True):
    """A connection to a test warehouse inside the police request's schema (where its tables
    live; `main` holds only the run log), as `foi query` opens it."""
    import duckdb

    con = duckdb.connect(str(db), read_only=read_only)
    con.execute("USE police_social_media")
    return con


def ingest_and_export(inbox: Path, folder: Path, name: str = "r.xlsx"):
    """The validator's first two steps on a test inbox: read it in process into
    `folder/w.duckdb`, then `foi rejects export` the review workbook; (db, workbook path, the
    workbook opened)."""
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from foi_ingest.cli import app
    from foi_ingest.flows.recipe import run_here

    db, book = folder / "w.duckdb", folder / name
    run_here([str(inbox)], str(db))
    out = CliRunner().invoke(app, ["rejects", "export", str(book), "--db", str(db)])
    assert out.exit_code == 0, out.output
    return db, book, load_workbook(book)
