"""Writing a review workbook's cells so that any text a return holds is a valid, inert, readable
cell: never a formula, never a character XML forbids, columns a person can read and resize."""

import hashlib
import re

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

MARK = "\ufffd"
"""What stands in a sheet for a character XML 1.0 forbids (the warehouse keeps the raw text)."""
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CELL_LIMIT = 32_767
"""Excel's most characters in one cell."""
EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
LISTS = "Lists"


def sheet_text(value: object) -> object:
    """`value` as a sheet may hold it: text with each character XML forbids (U+FFFE from a
    PDF's text layer, control characters from a CSV cell) replaced by a visible mark."""
    if isinstance(value, str):
        return _FORBIDDEN.sub(MARK, value)
    return value


def text_cell(cell: Cell, value: object) -> None:
    """Write `value` so Excel shows it and never runs it (formula injection), and so the file
    stays valid XML whatever the return held."""
    value = sheet_text(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def stamp(values: list[str]) -> str:
    """A short fingerprint of a row's editable values as exported: applying compares a row
    with it, so only what a person changed is applied."""
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:16]


def header_row(ws: Worksheet, columns: list[str]) -> None:
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = _WRAP


def append_row(ws: Worksheet, values: list[object], first_edit: int, last_edit: int) -> None:
    """A row of text cells; columns `first_edit`..`last_edit` (1-based) unlocked and shaded."""
    ws.append([None] * len(values))
    for i, (cell, value) in enumerate(zip(ws[ws.max_row], values, strict=True), start=1):
        text_cell(cell, value)
        if first_edit <= i <= last_edit:
            cell.protection = Protection(locked=False)
            cell.fill = EDIT_FILL


def lay_out(ws: Worksheet, widths: dict[str, int], wrapped: set[str], hidden: set[str]) -> None:
    """Column widths by header name, wrapped text where cells are long, hidden bookkeeping
    columns; the sheet protected (read-only columns locked) but rows and columns resizable,
    rows insertable, filters and sorting allowed."""
    header = [c.value for c in ws[1]]
    for i, name in enumerate(header, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = widths.get(str(name), 14)
        ws.column_dimensions[letter].hidden = name in hidden
        if name in wrapped:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = _WRAP
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.alignment is None or not cell.alignment.wrap_text:
                cell.alignment = _TOP
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.formatCells = False
    protection.insertRows = protection.deleteRows = False
    protection.autoFilter = protection.sort = False
    ws.auto_filter.ref = ws.dimensions


def list_ranges(wb: Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    """Write each named list into a hidden sheet, one column each; return name -> the range a
    drop-down refers to (a range, not an inline list: Excel caps inline lists at 255
    characters, which a national code list passes)."""
    ws = wb.create_sheet(LISTS)
    ranges: dict[str, str] = {}
    for col, (name, values) in enumerate(lists.items(), start=1):
        ws.cell(1, col, name)
        for row, value in enumerate(values, start=2):
            text_cell(ws.cell(row, col), value)
        letter = get_column_letter(col)
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${max(len(values), 1) + 1}"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return ranges


def drop_down(ws: Worksheet, source: str, cells: list[str]) -> None:
    """A drop-down of the list at `source` on `cells` (ranges such as 'F2:F9' or 'F3')."""
    if not cells:
        return
    dv = DataValidation(type="list", formula1=source, allow_blank=True)
    dv.showErrorMessage = False  # a person may type a new value; applying checks it
    ws.add_data_validation(dv)
    for ref in cells:
        dv.add(ref)
