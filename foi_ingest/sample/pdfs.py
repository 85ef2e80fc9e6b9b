"""PDF letters for the sample inbox: ruled and text-aligned tables, refusals, nil returns, prose."""

import textwrap
from typing import TYPE_CHECKING

from fpdf import FPDF

if TYPE_CHECKING:
    from foi_ingest.sample.model import Case, Inbox, Target

CLOSING = (
    "If you are dissatisfied with this response you may ask for an internal review. "
    "If you remain dissatisfied you may complain to the Information Commissioner's Office, "
    "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF."
)


class Letter(FPDF):
    """An A4 letter with a 'Page X of Y' footer, as force disclosure units send them."""

    def __init__(self, force_name: str, reference: str):
        super().__init__(format="A4")
        self.force_name = force_name
        self.reference = reference
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()
        self.set_font("Helvetica", size=10)
        self.set_font("Helvetica", style="B", size=14)
        self.cell(0, 8, force_name, new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=10)
        self.cell(
            0,
            6,
            "Freedom of Information Unit, Professional Standards Department",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.cell(0, 6, f"Our reference: {reference}", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    def para(self, text: str) -> None:
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)


def _ruled(pdf: Letter, cases: list["Case"], date_format: str = "%d/%m/%Y") -> None:
    with pdf.table(
        col_widths=(30, 25, 85, 40), text_align="LEFT", repeat_headings=1, line_height=5
    ) as table:
        header = table.row()
        for label in ("Rank", "Date", "Allegation", "Outcome"):
            header.cell(label)
        for c in cases:
            row = table.row()
            for value in (c.rank_text, c.date.strftime(date_format), c.allegation, c.outcome_text):
                row.cell(value)


def ruled_multipage(inbox: "Inbox", t: "Target", n: int) -> None:
    """A ruled table inside a letter, over several pages: header repeated, page footers,
    long allegations wrapped inside their cells."""
    cases = inbox.cases(n)
    pdf = Letter(t.name, "2014010000123")
    pdf.para("Dear Requester,")
    pdf.para(
        "Thank you for your request for information regarding officers and staff "
        "investigated for misuse of social media. The information we hold is below."
    )
    _ruled(pdf, cases)
    pdf.ln(4)
    pdf.para(CLOSING)
    path = t.path(inbox, "response letter.pdf")
    pdf.output(str(path))
    inbox.record_cases(t.force_id, cases)
    inbox.file(path, "disclosed")


def partial_disclosure(inbox: "Inbox", t: "Target", n: int) -> None:
    """A table, with names withheld under section 40(2): disclosed, exemption recorded."""
    cases = inbox.cases(n)
    pdf = Letter(t.name, "FOI/2014/321")
    pdf.para(
        "Please find below the information held. Officers' names and the locations of the "
        "incidents have been withheld under section 40(2) (personal information)."
    )
    _ruled(pdf, cases, "%d %B %Y")
    pdf.para(CLOSING)
    path = t.path(inbox, "foi_321.pdf")
    pdf.output(str(path))
    inbox.record_cases(t.force_id, cases)
    inbox.force(t.force_id).sections = ["40"]
    inbox.file(path, "disclosed", sections=["40"])


def text_aligned(inbox: "Inbox", t: "Target", n: int) -> None:
    """A table with no ruling lines: columns aligned by position, allegations wrapped onto a
    second line, the header repeated on each new page, letter text above and below."""
    cases = inbox.cases(n)
    pdf = Letter(t.name, "FOI 2014/0999")
    pdf.para("Dear Sir or Madam, the table below lists each case recorded since 2010.")
    pdf.set_auto_page_break(auto=False)
    xs = (12, 68, 92, 158)

    def header(y: float) -> float:
        pdf.set_font("Helvetica", style="B", size=9)
        for x, label in zip(xs, ("Rank", "Date", "Allegation", "Outcome"), strict=True):
            pdf.set_xy(x, y)
            pdf.cell(30, 5, label)
        pdf.set_font("Helvetica", size=9)
        return y + 7

    y = header(pdf.get_y() + 2)
    for c in cases:
        lines = textwrap.wrap(c.allegation, 34)
        if y + 4.5 * len(lines) > 265:  # a row is never split across pages
            pdf.add_page()
            y = header(20)
        for x, value in zip(
            xs, (c.rank_text, c.date.strftime("%d/%m/%Y"), lines[0], c.outcome_text), strict=True
        ):
            pdf.set_xy(x, y)
            pdf.cell(30, 5, value)
        for extra in lines[1:]:
            y += 4.5
            pdf.set_xy(xs[2], y)
            pdf.cell(30, 5, extra)
        y += 6.5
    pdf.set_auto_page_break(auto=True, margin=20)
    if y > 240:
        pdf.add_page()
        y = 14
    pdf.set_xy(12, y + 6)
    pdf.set_font("Helvetica", size=10)
    pdf.para(CLOSING)
    path = t.path(inbox, "response.pdf")
    pdf.output(str(path))
    inbox.record_cases(t.force_id, cases)
    inbox.file(path, "disclosed")


def counts_by_year(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """Counts only, in a PDF: outcome by financial year, '*' for 1 to 4, a Total row."""
    years = ["2010/11", "2011/12", "2012/13"]
    outcomes = ["Dismissed", "Resigned", "Final Written Warning", "Management Advice", "NFA"]
    codes = [
        "dismissed",
        "resigned",
        "final_written_warning",
        "management_advice",
        "no_further_action",
    ]
    truth = inbox.force(t.force_id)
    pdf = Letter(t.name, "FOI 2014/2468")
    pdf.para(
        "The table below gives the outcome of each investigation by financial year. "
        "Numbers from 1 to 4 are shown as * to protect the identity of individuals."
    )
    grand = 0
    with pdf.table(text_align="LEFT", line_height=6) as table:
        header = table.row()
        for label in ("Outcome", *years):
            header.cell(label)
        for label, code in zip(outcomes, codes, strict=True):
            row = table.row()
            row.cell(label)
            for year in years:
                value = inbox.rng.choice([0, 2, 5, 7, 9])
                grand += value
                row.cell("*" if 1 <= value <= 4 else str(value))
                if value:
                    low, high = (1, 4) if value <= 4 else (value, value)
                    truth.add("not_recorded", code, int(year[:4]), low, high)
        total = table.row()
        total.cell("Total")
        for _ in years[:-1]:
            total.cell("")
        total.cell(str(grand))
    pdf.para(CLOSING)
    path = t.path(inbox, "outcomes by year.pdf")
    pdf.output(str(path))
    inbox.file(path, "disclosed", total_check="ok")


def refusal(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """A refusal on cost grounds that quotes the limit before the section number."""
    pdf = Letter(t.name, "FOI/14/0042")
    pdf.para(
        "Our data are not organised in such a way as to allow us to provide this "
        "information within the appropriate cost limit. Locating and retrieving it would "
        "require a manual review of every misconduct file and would exceed the 18 hour "
        "limit. This letter therefore serves as a refusal notice under Section 12 of the "
        "Freedom of Information Act 2000."
    )
    pdf.para(CLOSING)
    path = t.path(inbox, "refusal FOI-14-0042.pdf")
    pdf.output(str(path))
    inbox.force(t.force_id, "refused").sections = ["12"]
    inbox.file(path, "refused", sections=["12"])


def nil_return(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """A force saying it holds nothing: a nil return, not a failure."""
    pdf = Letter(t.name, "2014-0077")
    pdf.para(
        f"I can confirm that {t.name} holds no information on this matter: no cases "
        "were recorded in the period requested."
    )
    pdf.para(CLOSING)
    path = t.path(inbox, "FOI 2014-0077.pdf")
    pdf.output(str(path))
    inbox.force(t.force_id, "nil_return")
    inbox.file(path, "nil_return")


def prose(inbox: "Inbox", t: "Target", n: int = 0) -> None:
    """An answer in sentences: needs a person to enter the figures; no number is guessed."""
    pdf = Letter(t.name, "HC/FOI/2014/555")
    pdf.para(
        "1. Three officers were investigated in 2012. 2. Zero for all 3 officers. "
        "3. Three officers attended misconduct hearings, of which two received final "
        "written warnings and one management advice."
    )
    pdf.para(CLOSING)
    path = t.path(inbox, "response.pdf")
    pdf.output(str(path))
    inbox.force(t.force_id, "needs_entry")
    inbox.file(path, "needs_entry")
