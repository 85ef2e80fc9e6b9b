"""CSV returns for the sample inbox (old encodings, delimiters, title lines) and broken files."""

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from foi_ingest.sample.model import Case, Inbox, Target


def _csv(rows: list[list[object]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _fy(c: "Case") -> str:
    start = c.date.year if c.date.month >= 4 else c.date.year - 1
    return f"{start}/{str(start + 1)[2:]}"


def cp1252_semicolons(inbox: "Inbox", t: "Target", n: int) -> None:
    """cp1252 with an en dash and a pound sign, ';' delimiter, a title line, a trailing empty
    column, financial years for some dates, a multi-line quoted allegation, and one outcome no
    vocabulary knows ('Reprimand'): rejected with suggestions, never guessed."""
    cases = inbox.cases(n)
    rows: list[list[object]] = [[f"{t.name} – FOI 2014/567 – cost of request £0"], []]
    rows.append(["Rank/Grade", "Date", "Allegation", "Result", ""])
    for i, c in enumerate(cases):
        if i % 3 == 0:
            date = _fy(c)
            c.year = int(date[:4])
        else:
            date = c.date.strftime("%d.%m.%Y")
        allegation = c.allegation if i != 4 else c.allegation.replace(" on ", "\non ", 1)
        rows.append([c.rank_text, date, allegation, c.outcome_text, ""])
    rows.append(["PC", "01.06.2012", "Shared a meme mocking a victim", "Reprimand", ""])
    path = t.path(inbox, "foi_response.csv")
    path.write_bytes(_csv(rows, ";").encode("cp1252"))
    inbox.record_cases(t.force_id, cases)
    inbox.force(t.force_id).rejected += 1
    inbox.file(path, "disclosed", rejected=1)


def bom_title_total(inbox: "Inbox", t: "Target", n: int) -> None:
    """UTF-8 with BOM, a title line, dates as 'March 2011', 'Mar-11', '12/03/2011', one
    impossible date (31/02/2012, rejected) and a Total line that states the row count."""
    cases = inbox.cases(n)
    rows: list[list[object]] = [[f"{t.name} - Misuse of social media"]]
    rows.append(["Role", "Date of allegation", "Allegation", "Outcome"])
    for i, c in enumerate(cases):
        shape = i % 3
        date = (
            c.date.strftime("%B %Y")
            if shape == 0
            else c.date.strftime("%b-%y")
            if shape == 1
            else c.date.strftime("%d/%m/%Y")
        )
        rows.append([c.rank_text, date, c.allegation, c.outcome_text])
    rows.append(["DC", "31/02/2012", "Posted comments about a court case", "Written Warning"])
    rows.append(["Total", "", "", str(len(cases) + 1)])
    path = t.path(inbox, "social_media_cases.csv")
    path.write_bytes(b"\xef\xbb\xbf" + _csv(rows).encode("utf-8"))
    inbox.record_cases(t.force_id, cases)
    inbox.force(t.force_id).rejected += 1
    inbox.file(path, "disclosed", rejected=1, stated_total=len(cases) + 1, total_check="ok")


def tab_latin1(inbox: "Inbox", t: "Target", n: int) -> None:
    """Tab-delimited Latin-1, a year alone as the date, an accented word in the text."""
    cases = inbox.cases(n)
    rows: list[list[object]] = [["Rank", "Year", "Allegation", "Outcome"]]
    for c in cases:
        rows.append(
            [
                c.rank_text,
                str(c.date.year),
                c.allegation.replace("a ", "a café ", 1),
                c.outcome_text,
            ]
        )
    path = t.path(inbox, "response.txt")
    path.write_bytes(_csv(rows, "\t").encode("latin-1"))
    inbox.record_cases(t.force_id, cases)
    inbox.file(path, "disclosed")


def unknown_force_folder(inbox: "Inbox", t: "Target", n: int) -> None:
    """A return in a folder that names no force: recorded with a reason, never guessed."""
    cases = inbox.cases(n)
    rows = [["Rank", "Date", "Allegation", "Outcome"]]
    rows += [[c.rank_text, c.date.isoformat(), c.allegation, c.outcome_text] for c in cases]
    path = t.path(inbox, "response from police.csv")
    path.write_text(_csv(rows), encoding="utf-8")
    inbox.file(path, "unknown_body")


def total_mismatch(inbox: "Inbox", t: "Target", n: int) -> None:
    """A Total line that disagrees with the rows above it: loaded, and flagged for a person."""
    cases = inbox.cases(n)
    rows = [["Rank", "Date", "Allegation", "Outcome"]]
    rows += [
        [c.rank_text, c.date.strftime("%d/%m/%Y"), c.allegation, c.outcome_text] for c in cases
    ]
    rows.append(["Total", "", "", str(len(cases) + 2)])
    path = t.path(inbox, "cases with total.csv")
    path.write_text(_csv(rows), encoding="utf-8")
    inbox.record_cases(t.force_id, cases)
    inbox.file(path, "disclosed", stated_total=len(cases) + 2, total_check="mismatch")


def header_only(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """A header and nothing under it: 'empty file', not a nil return."""
    path = t.path(inbox, "response.csv")
    path.write_text("Rank,Date,Allegation,Outcome\r\n", encoding="utf-8")
    inbox.force(t.force_id, "unparseable")
    inbox.file(path, "unparseable")


def legacy_doc(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """A legacy Word file: a responses row with a reason, not a crash."""
    doc = t.path(inbox, "response.doc")
    body = f"Word 97 document from {t.name}".encode() + bytes(range(256)) * 8
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + body)
    inbox.force(t.force_id, "unparseable")
    inbox.file(doc, "unparseable")


def zero_bytes(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """A zero-byte file: 'empty file', not a nil return."""
    empty = t.path(inbox, "foi.csv")
    empty.write_bytes(b"")
    inbox.force(t.force_id, "unparseable")
    inbox.file(empty, "unparseable")
