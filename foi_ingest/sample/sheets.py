"""Excel returns for the sample inbox, each written with the quirks real forces' workbooks have."""

import datetime as dt
import shutil
from typing import TYPE_CHECKING

from openpyxl import Workbook

from foi_ingest.sample.phrasing import OUTCOME_PHRASES, ROLE_PHRASES

if TYPE_CHECKING:
    from foi_ingest.sample.model import Inbox, Target

FOOTNOTE = "* Figures extracted from the Professional Standards database on 3 March 2014."


def yearly_sheets(inbox: "Inbox", t: "Target", n: int) -> None:
    """Cover sheet, one sheet per year with title rows, a Total row and a footnote, a hidden
    lists sheet; real Excel dates. Saved twice under two names (counted once)."""
    cases = inbox.cases(n, (2011, 2013))
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    for line in [
        t.name,
        "Freedom of Information request 1234/14",
        "Please find the information requested on the following sheets, one per year.",
    ]:
        cover.append([line])
    for year in (2011, 2012, 2013):
        ws = wb.create_sheet(str(year))
        ws.append([t.name])
        ws.append([f"Social media misconduct cases recorded in {year}"])
        ws.append([])
        ws.append(["Rank", "Date Recorded", "Summary of allegation", "Outcome"])
        rows = [c for c in cases if c.date.year == year]
        for c in rows:
            ws.append(
                [c.rank_text, dt.datetime.combine(c.date, dt.time()), c.allegation, c.outcome_text]
            )
            ws.cell(ws.max_row, 2).number_format = "DD/MM/YYYY"
        ws.append([])
        ws.append(["Total", None, None, len(rows)])
        ws.append([FOOTNOTE])
    lists = wb.create_sheet("Lists")
    lists.append(["Outcome"])
    for phrases in OUTCOME_PHRASES.values():
        lists.append([phrases[0]])
    lists.sheet_state = "hidden"
    path = t.path(inbox, "FOI 1234-14 response.xlsx")
    wb.save(path)
    inbox.record_cases(t.force_id, cases)
    inbox.file(path, "disclosed")
    copy = t.path(inbox, "Copy of FOI 1234-14 response.xlsx")
    shutil.copyfile(path, copy)
    inbox.file(copy, "duplicate")


def outcome_by_year(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """Counts only: outcome by year, '<5' for small numbers, a Total column and row."""
    years = [2010, 2011, 2012, 2013]
    truth = inbox.force(t.force_id)
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append([f"{t.name} - FOI 2014-0456"])
    ws.append(["Outcome of investigations into misuse of social media, by year"])
    ws.append(["Outcome", *years, "Total"])
    grand = 0
    for outcome, phrases in OUTCOME_PHRASES.items():
        if outcome in ("other", "retired"):
            continue
        row: list[object] = [phrases[0]]
        true_total = 0
        for year in years:
            value = inbox.rng.choice([0, 0, 1, 2, 3, 5, 6, 8, 11])
            true_total += value
            if 1 <= value <= 4:
                row.append("<5")
                truth.add("not_recorded", outcome, year, 1, 4)
            else:
                row.append(value)
                if value:
                    truth.add("not_recorded", outcome, year, value)
        grand += true_total
        row.append(true_total)
        ws.append(row)
    ws.append(["Total", None, None, None, None, grand])
    ws.append(["Figures between 1 and 4 are shown as <5 to protect the identity of individuals."])
    path = t.path(inbox, "outcomes by year.xlsx")
    wb.save(path)
    inbox.file(path, "disclosed")


def role_by_outcome(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """Counts only: role by outcome, no years; '*' hides numbers under 5, which may be zero."""
    outcomes = [
        "dismissed",
        "resigned",
        "final_written_warning",
        "written_warning",
        "management_advice",
        "no_further_action",
    ]
    truth = inbox.force(t.force_id)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([t.name, "", "", "FOI 2014/789"])
    ws.append([])
    ws.append(["Role", *[OUTCOME_PHRASES[o][0] for o in outcomes], "Total"])
    for role in ("police_officer", "police_staff", "pcso", "special_constable"):
        row: list[object] = [
            "Police Officer" if role == "police_officer" else ROLE_PHRASES[role][0]
        ]
        for outcome in outcomes:
            value = inbox.rng.choice([0, 1, 3, 5, 7, 9, 12])
            if value < 5:
                row.append("*")
                truth.add(role, outcome, None, 0, 4)
            else:
                row.append(value)
                truth.add(role, outcome, None, value)
        row.append(None)
        ws.append(row)
    ws.append([])
    ws.append(["* denotes a figure of fewer than 5, which may include zero."])
    path = t.path(inbox, "response.xlsx")
    wb.save(path)
    inbox.file(path, "disclosed")


def merged_sections(inbox: "Inbox", t: "Target", n: int) -> None:
    """Two-row header with merged cells, year section rows, dates in every shape a person
    types, and one row whose outcome is an Excel error value (rejected)."""
    cases = inbox.cases(n, (2011, 2012))
    wb = Workbook()
    ws = wb.active
    ws.title = "FOI"
    ws.append([f"{t.name}: misuse of social media"])
    ws.append(["Date", "Officer", "Misconduct", None])
    ws.append([None, "Rank", "Allegation", "Outcome"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("C2:D2")
    kept = []
    for year in (2011, 2012):
        ws.append([str(year)])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
        for i, c in enumerate(x for x in cases if x.date.year == year):
            shape = i % 6
            if shape == 0:
                date: object = dt.datetime.combine(c.date, dt.time())
            elif shape == 1:
                date = c.date.strftime("%B %Y")
            elif shape == 2:
                date = c.date.strftime("%b-%y")
            elif shape == 3:
                date = (c.date - dt.date(1899, 12, 30)).days  # an Excel serial typed as a number
            elif shape == 4:
                date = c.date.strftime("%d.%m.%Y")
            else:
                date = None  # the section row gives the year
            ws.append([date, c.rank_text, c.allegation, c.outcome_text])
            kept.append(c)
    ws.append([None, "PC", "Posted a photograph of a prisoner", "#N/A"])
    path = t.path(inbox, "FOI 2014.xlsx")
    wb.save(path)
    inbox.record_cases(t.force_id, kept)
    inbox.force(t.force_id).rejected += 1
    inbox.file(path, "disclosed", rejected=1)


def clean(inbox: "Inbox", t: "Target", n: int) -> None:
    """The easy case: header in row 1, real dates, nothing else."""
    cases = inbox.cases(n)
    wb = Workbook()
    ws = wb.active
    ws.append(["Rank", "Date", "Allegation", "Outcome"])
    for c in cases:
        ws.append(
            [c.rank_text, dt.datetime.combine(c.date, dt.time()), c.allegation, c.outcome_text]
        )
    path = t.path(inbox, "response.xlsx")
    wb.save(path)
    inbox.record_cases(t.force_id, cases)
    inbox.file(path, "disclosed")
