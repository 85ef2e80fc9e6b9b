"""Hostile and broken inputs: each ends as a `responses` row with a documented status and a
reason, and the run goes on. The session summary prints how many were tried."""

import io
import os
import zipfile

import pytest
from fpdf import FPDF
from openpyxl import Workbook

from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import load_pack  # noqa: E402

REQ = load_pack("police-social-media")

DOCUMENTED = {"disclosed", "refused", "nil_return", "needs_entry", "unparseable", "unknown_body"}
TRIED: list[str] = []


def _xlsx_bytes() -> bytes:
    wb = Workbook()
    wb.active.append(["Rank", "Date", "Allegation", "Outcome"])
    wb.active.append(["PC", 2012, "Posted", "NFA"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _pdf(pages: int = 1, password: str | None = None) -> bytes:
    pdf = FPDF()
    for i in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        pdf.cell(0, 10, f"Page {i + 1}: no information held")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    return bytes(pdf.output())


def _corrupt_xlsx() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut mid-element: not well-formed XML
            out.writestr(item, data)
    return buf.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))
    return buf.getvalue()


def _many_cells() -> bytes:
    wb = Workbook()
    wb.active.append(["Rank", "Date", "Allegation", "Outcome"])
    for i in range(600):
        wb.active.append(["PC", 2012, f"Posted {i}", "NFA"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_macros() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("xl/vbaProject.bin", b'Sub AutoOpen(): Shell "rm -rf /": End Sub')
    return buf.getvalue()


CASES = {
    # name: (bytes, expected status, words the reason must contain, env limits)
    "zero-byte.csv": (b"", "unparseable", "empty file", {}),
    "truncated.xlsx": (_xlsx_bytes()[:900], "unparseable", "damaged Excel file", {}),
    "corrupt.xlsx": (_corrupt_xlsx(), "unparseable", "damaged", {}),
    "encrypted.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096, "unparseable",
                       "password-protected", {}),
    "bomb.xlsx": (_zip_bomb(), "unparseable", "over the limit",
                  {"FOI_LIMIT_XLSX_MAX_UNCOMPRESSED_BYTES": str(32 * 1024 * 1024)}),
    "many-cells.xlsx": (_many_cells(), "unparseable", "is over the limit of 2,000",
                        {"FOI_LIMIT_XLSX_MAX_CELLS": "2000"}),
    "macros.xlsm": (_with_macros(), "disclosed", "", {}),
    "malformed.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "unparseable", "PDF", {}),
    "encrypted.pdf": (_pdf(password="secret"), "unparseable", "password-protected PDF", {}),
    "long.pdf": (_pdf(pages=6), "unparseable", "pdf max pages", {"FOI_LIMIT_PDF_MAX_PAGES": "5"}),
    "nul-bytes.csv": (b"Rank,Outcome\nPC,\0NFA\n" * 10, "unparseable", "binary file", {}),
    "binary.csv": (bytes(range(256)) * 40, "unparseable", "binary file", {}),
    "huge-field.csv": (b'Rank,Allegation,Outcome\nPC,"' + b"x" * (50 * 1024 * 1024) + b'",NFA\n',
                       "unparseable", "field is over the limit", {}),
    "wide-row.csv": (b"Rank,Outcome\n" + b",".join([b"PC"] * 10_000) + b"\n", "unparseable",
                     "max columns", {}),
    "r\u00e9ponse avec espaces\nligne.csv": (b"Rank,Date,Allegation,Outcome\nPC,2012,x,NFA\n",
                                            "disclosed", "", {}),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_ends_as_a_documented_response(name, tmp_path, monkeypatch):
    data, status, reason, env = CASES[name]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    inbox = tmp_path / "inbox"
    path = inbox / "Kent" / name
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    result = process_file(REQ, path, inbox, "hostile")
    r = result.response
    TRIED.append(name)
    assert r["status"] == status, r["status_reason"]
    assert reason.lower() in (r["status_reason"] or "").lower()
    assert r["rows_read"] == r["rows_loaded"] + r["rows_rejected"] + r["rows_skipped"]


def test_symlinks_out_of_the_inbox_and_folder_loops_are_not_followed(tmp_path):
    from foi_ingest.flows.discover import discover

    outside = tmp_path / "secret.csv"
    outside.write_text("Rank,Outcome\nPC,NFA\n")
    inbox = tmp_path / "inbox"
    (inbox / "Kent").mkdir(parents=True)
    (inbox / "Kent" / "real.csv").write_text("Rank,Outcome\nPC,NFA\n")
    os.symlink(outside, inbox / "Kent" / "link.csv")
    os.symlink(inbox, inbox / "Kent" / "loop")
    found = [f.relative for f in discover(REQ, [inbox])]
    TRIED.extend(["symlink out of the inbox", "folder loop"])
    assert found == ["Kent/real.csv"]
