"""The tool's own workbook never breaks (issue 19): characters XML forbids, from a CSV cell, an
xlsx cell or a PDF's text, are replaced in the sheet by a visible mark while the warehouse keeps
the raw text; the workbook opens, applies, and is laid out for a person."""

from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.flows.recipe import run_here
from foi_ingest.review.cells import LISTS, MARK
from foi_ingest.review.workbook import LETTERS, MAPS, ROWS
from tests.returns import ingest_and_export, police_db, write_letter

runner = CliRunner()
BAD = "\x0b\x1f\ufffe"  # a vertical tab and a unit separator (CSV), U+FFFE (a PDF's text layer)


def _pdf_with(path, text: str) -> None:
    """A prose letter whose text layer holds characters XML forbids: fpdf2 writes it (it cannot
    encode them), then they are put into the page's uncompressed content stream."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 5, text)
    pdf.output(str(path))
    raw = path.read_bytes()
    assert b"QQQ" in raw
    path.write_bytes(raw.replace(b"QQQ", b"\x0b\x1f\x0c"))


def test_characters_xml_forbids_from_csv_xlsx_and_pdf_text_stay_valid_cells(tmp_path):
    inbox = tmp_path / "inbox"
    for folder in ("Kent Police", "Essex Police", "Dorset Police"):
        (inbox / folder).mkdir(parents=True)
    (inbox / "Kent Police" / "kent.csv").write_text(
        "Rank,Date,Allegation,Outcome\nPC,2012,posted abuse about a colleague on a page,"
        "Reprimand\x0b\ufffe\nPC,2013,shared pictures of a scene,Dismissed\n"
        "Sgt,2013,comments on a forum,Written warning\n",
        encoding="utf-8",
    )
    wb = Workbook()
    wb.active.append(["Rank", "Date", "Allegation", "Outcome"])
    wb.active.append(["PC", "2012", "tweeted", "Told off"])
    wb.save(inbox / "Essex Police" / "essex.xlsx")
    _set_xlsx_cell(inbox / "Essex Police" / "essex.xlsx", "Told off", f"Told off{BAD}")
    _pdf_with(inbox / "Dorset Police" / "letter.pdf",
              "Dear requester, two officers were given advice QQQ in 2012.")  # fmt: skip
    db = tmp_path / "w.duckdb"
    run_here([str(inbox)], str(db))
    with police_db(db) as con:
        raws = [r[0] for r in con.execute("SELECT raw FROM rejected_rows").fetchall()]
        letter = con.execute(
            "SELECT letter_text FROM responses WHERE status = 'needs_entry'"
        ).fetchone()[0]
    assert any("\ufffe" in r for r in raws)  # the warehouse keeps the raw text
    assert any(c in letter for c in "\x0b\x1f\x0c")
    book = tmp_path / "review.xlsx"
    result = runner.invoke(app, ["rejects", "export", str(book), "--db", str(db)])
    assert result.exit_code == 0, result.output
    opened = load_workbook(book)  # opens: every cell is valid XML
    texts = [str(c.value) for ws in opened for row in ws.iter_rows() for c in row if c.value]
    assert any(MARK in t and "Reprimand" in t for t in texts)  # CSV
    assert any(MARK in t and "Told off" in t for t in texts)  # xlsx
    assert any(MARK in t and "two officers" in t for t in texts)  # PDF text
    assert not any(ch in t for t in texts for ch in BAD)
    applied = runner.invoke(app, ["rejects", "apply", str(book), "--db", str(db)])
    assert applied.exit_code == 0, applied.output
    assert "Traceback" not in applied.output


def _set_xlsx_cell(path, old: str, new: str) -> None:
    """Put text openpyxl refuses to write into a workbook's shared strings, as other tools do."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/") and old.encode() in data:
            escaped = new.replace("\x0b", "_x000B_").replace("\x1f", "_x001F_")
            parts[name] = data.replace(old.encode(), escaped.encode())
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_the_workbook_is_readable_and_resizable(tmp_path):
    """Widths and wrapped text, rows and columns a person can resize and insert, drop-downs
    from a list sheet (the vocabulary of each row's own field in 'Map once')."""
    inbox = tmp_path / "inbox"
    (inbox / "Kent Police").mkdir(parents=True)
    (inbox / "Kent Police" / "kent.csv").write_text(
        "Rank,Date,Allegation,Outcome\nPC,2012,posted abuse,Reprimand\nSgt,2013,x,Told off\n"
        "Chief Wizard,2013,y,Dismissed\n",
        encoding="utf-8",
    )
    (inbox / "Essex Police").mkdir()
    write_letter(inbox / "Essex Police" / "letter.pdf", "Dear requester. " + "word " * 9000)
    db, book, wb = ingest_and_export(inbox, tmp_path, "review.xlsx")
    ws = wb[ROWS]
    header = [c.value for c in ws[1]]
    assert ws.column_dimensions["F"].width > 30  # reasons
    assert ws.cell(2, header.index("reasons") + 1).alignment.wrap_text
    assert ws.protection.sheet and not ws.protection.formatColumns
    assert not ws.protection.formatRows and not ws.protection.insertRows
    assert wb[LISTS].sheet_state == "hidden"
    maps = wb[MAPS]
    rows = {maps.cell(r, 3).value: r for r in range(2, maps.max_row + 1)}
    assert {"Reprimand", "Told off", "Chief Wizard"} <= set(rows)
    sources = {}
    for dv in maps.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            sources[ref] = dv.formula1
    assert sources[f"F{rows['Reprimand']}"] != sources[f"F{rows['Chief Wizard']}"]
    assert "map:outcome" in str(wb[LISTS].cell(1, _column(wb[LISTS], "map:outcome")).value)
    letters = wb[LETTERS]
    lh = [c.value for c in letters[1]]
    letter = letters.cell(2, lh.index("letter") + 1).value
    assert "continued in sheet 'Letter texts'" in letter  # 45,000 characters: more than a cell
    whole = "".join(r[2].value for r in wb["Letter texts"].iter_rows(min_row=2))
    assert whole.count("word") == 9000
    assert letters.cell(2, lh.index("path") + 1).value.endswith("letter.pdf")


def _column(ws, name: str) -> int:
    return next(c.column for c in ws[1] if c.value == name)
