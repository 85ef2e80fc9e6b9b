"""Layouts drawn independently of each other and of `foi_ingest.sample`, for the layout property
suite (`tests/test_layout_properties.py`) and the fidelity scorecard (`benchmarks/fidelity.py`):
each draw is a return written as a real xlsx, CSV or PDF file, with the records it holds.

The choices come from the README's conventions and the request's documented data (the header
synonyms in `columns.yaml`, the phrasings in the vocabularies), never from the generator: title
and letterhead rows (0-15), notes above and below, totals and sub-totals with the label in any
column before or after blank rows, any column order, every header synonym, merged two-row
headers, blank columns, a year per column, per section or per sheet, dates in many styles,
financial years, suppression marks with and without notes, 'N x phrase' cells.
"""

import datetime as dt
from collections import Counter
from pathlib import Path

from hypothesis import strategies as st

from foi_ingest.flows.pipeline import FileResult, process_file
from foi_ingest.packs import load_pack
from tests.returns import write_csv, write_pdf, write_xlsx

REQ = load_pack("police-social-media")

FORCE = "Greater Manchester Police"


def _phrasings(filename: str) -> dict[str, list[str]]:
    out = {}
    for code, spec in REQ.data(filename).items():
        if code in ("not_recorded", "other"):
            continue
        words = list(spec.get("phrasings", [])) + [d["phrasing"] for d in spec.get("decisions", [])]
        out[code] = [w for w in words if w.isascii() and any(c.isalpha() for c in w)]
    return out


ROLES = _phrasings("vocab/roles.yaml")
OUTCOMES = _phrasings("vocab/outcomes.yaml")
SYNONYMS = REQ.data("columns.yaml")
ALLEGATIONS = [
    "Posted an offensive meme on a personal Facebook page",
    "Sent messages to a witness through Instagram",
    "Shared body-worn video footage in a group chat",
    "Tweeted about an ongoing trial",
    "Comments about colleagues on a public forum",
]
LETTERHEAD = [
    "Freedom of Information Act 2000",
    "Request reference FOI 0412/14",
    "Professional Standards Department",
    "Dear Requester",
    "Thank you for your request for information",
    "Please find our response below",
    "Information Compliance Unit",
    "Police Headquarters, Central Park",
]
NOTES = [
    "Source: Professional Standards database",
    "Please note that these figures are correct at the time of extraction",
    "Data extracted on the date of the response and may change",
    "If you are not satisfied you may ask for an internal review",
]
DATE_STYLES = ["%d/%m/%Y", "%d %b %Y", "%Y-%m-%d", "%d.%m.%Y", "%d %B %Y", "%B %Y", "%b-%y", "%Y"]
FY_STYLES = ["{a}/{b2}", "{a}-{b2}", "{a}/{b}", "FY{a2}/{b2}", "April {a} - March {b}"]


def _case_cells(draw, fmt):
    n = draw(st.integers(1, 10))
    counted = draw(st.booleans()) and fmt != "pdf"
    cases = []
    for _ in range(n):
        day = draw(st.dates(dt.date(2009, 1, 1), dt.date(2020, 12, 31)))
        role = draw(st.sampled_from(sorted(ROLES)))
        if counted:
            k = draw(st.integers(1, 2))
            parts = [
                (draw(st.integers(1, 4)), draw(st.sampled_from(sorted(OUTCOMES)))) for _ in range(k)
            ]
        else:
            parts = [(1, draw(st.sampled_from(sorted(OUTCOMES))))]
        cases.append((day, role, parts, draw(st.sampled_from(ALLEGATIONS))))
    return cases, counted


@st.composite
def case_returns(draw):
    """(format, sheets or rows, expected {(role, outcome, year): cases})."""
    fmt = draw(st.sampled_from(["xlsx", "csv", "pdf"]))
    cases, counted = _case_cells(draw, fmt)
    year_mode = draw(st.sampled_from(["column", "section"] + (["sheet"] if fmt == "xlsx" else [])))
    fields = ["rank_raw", "outcome_raw", "allegation_raw", "reference"]
    if year_mode == "column":
        fields.append("date_raw")
    order = draw(st.permutations(fields))
    keep_allegation = draw(st.booleans())
    order = [f for f in order if f != "allegation_raw" or keep_allegation]
    header = [draw(st.sampled_from(SYNONYMS[f])).title() for f in order]
    blank_col = draw(st.integers(0, len(order))) if draw(st.booleans()) and fmt != "pdf" else None
    style = draw(st.sampled_from(DATE_STYLES))
    native = fmt == "xlsx" and draw(st.booleans())

    def cells(i, case):
        day, role, parts, allegation = case
        out = []
        for f in order:
            if f == "rank_raw":
                out.append(draw(st.sampled_from(ROLES[role])).title())
            elif f == "outcome_raw":
                phrases = [
                    (f"{n}x " if draw(st.booleans()) else f"{n} x ")
                    + draw(st.sampled_from(OUTCOMES[o]))
                    for n, o in parts
                ]
                out.append("\n".join(phrases) if counted else phrases[0].split("x ", 1)[1])
            elif f == "allegation_raw":
                out.append(allegation)
            elif f == "reference":
                out.append(f"PSD/{1000 + i}")
            else:
                out.append(dt.datetime(day.year, day.month, day.day) if native
                           else day.strftime(style))  # fmt: skip
        return out

    expected: Counter = Counter()
    for day, role, parts, _ in cases:
        for n, o in parts:
            expected[(role, o, day.year)] += n
    width = len(header)
    total_at = draw(st.integers(0, width - 1))
    ordered = sorted(cases, key=lambda c: c[0])
    body: list[list] = []
    sheets: dict[str, list[list]] = {}
    if year_mode == "column":
        body = [cells(i, c) for i, c in enumerate(ordered)]
    else:
        for year in sorted({c[0].year for c in ordered}):
            mine = [c for c in ordered if c[0].year == year]
            rows = [cells(i, c) for i, c in enumerate(mine)]
            if year_mode == "sheet":
                sheets[str(year)] = rows
                continue
            body.append([str(year)] + [None] * (width - 1))
            body += rows
            if draw(st.booleans()):  # a sub-total, its label in any column
                sub: list = [None] * width
                sub[total_at] = f"{year} Total"
                sub[(total_at + 1) % width if width > 1 else 0] = sum(
                    n for c in mine for n, _ in c[2]
                ) if width > 1 else None  # fmt: skip
                body.append(sub)
    total_row = None
    if draw(st.booleans()) and width > 1 and year_mode != "sheet":
        total_row = [None] * width
        total_row[total_at] = draw(st.sampled_from(["Total", "TOTAL", "Grand Total", "Total:"]))
        total_row[(total_at + 1) % width] = sum(expected.values())
    return dict(
        fmt=fmt, header=header, body=body, sheets=sheets, total_row=total_row,
        blank_col=blank_col, expected=expected, merged=draw(st.booleans()) and fmt == "xlsx",
    )  # fmt: skip


@st.composite
def count_returns(draw):
    fmt = draw(st.sampled_from(["xlsx", "csv", "pdf"]))
    dim = draw(st.sampled_from(["outcome", "role"]))
    vocab = OUTCOMES if dim == "outcome" else ROLES
    codes = draw(st.lists(st.sampled_from(sorted(vocab)), min_size=1, max_size=6, unique=True))
    first = draw(st.integers(2009, 2016))
    n_years = draw(st.integers(2, 5))
    fy = draw(st.booleans())
    fy_style = draw(st.sampled_from(FY_STYLES))
    years = list(range(first, first + n_years))
    labels = [
        fy_style.format(a=y, b=y + 1, a2=f"{y % 100:02d}", b2=f"{(y + 1) % 100:02d}") if fy
        else str(y)
        for y in years
    ]  # fmt: skip
    mark = draw(st.sampled_from(["<5", "*", "* ", "fewer than 5"]))
    suppress = draw(st.booleans())
    corner = draw(st.sampled_from(["", dim.title(), "Outcome of investigation" if dim == "outcome"
                                   else "Rank", "Number of cases"]))  # fmt: skip
    if corner == "Number of cases":
        corner = ""
    rows, expected = [], Counter()
    low = high = 0
    for code in codes:
        row = [draw(st.sampled_from(vocab[code])).title()]
        for y in years:
            value = draw(st.integers(0, 12))
            if suppress and 1 <= value <= 4 and draw(st.booleans()):
                row.append(mark)
                expected[(code, y, 1, 4)] += 1
                low, high = low + 1, high + 4
                continue
            zero = draw(st.sampled_from([0, "0", "-"])) if value == 0 else value
            row.append(zero if fmt != "xlsx" or isinstance(zero, int) else zero)
            if value:
                expected[(code, y, value, value)] += 1
                low, high = low + value, high + value
        rows.append(row)
    total_row = None
    if not suppress and draw(st.booleans()):
        total_row = ["Total"] + [
            sum(k[2] * n for k, n in expected.items() if k[1] == y) for y in years
        ]
    notes = ["* denotes fewer than 5"] if suppress and draw(st.booleans()) else []
    return dict(
        fmt=fmt, header=[corner, *labels], body=rows, total_row=total_row, notes=notes,
        expected=expected, low=low, high=high,
    )  # fmt: skip


def write_return(tmp: Path, spec: dict, title: list[str], notes: list[str]) -> Path:
    fmt, header = spec["fmt"], spec["header"]
    body = list(spec["body"])
    if spec.get("total_row"):
        body += [[]] * (1 if title else 0) + [spec["total_row"]]
    blank = spec.get("blank_col")
    sheets = dict(spec.get("sheets") or {})
    if blank is not None:

        def widen(rows):
            return [r[:blank] + [None] + r[blank:] if r else r for r in rows]

        header = header[:blank] + [None] + header[blank:]
        body = widen(body)
        sheets = {name: widen(rows) for name, rows in sheets.items()}
    folder = tmp / FORCE
    tail = [[]] + [[n] for n in notes] if notes else []
    if fmt == "xlsx":
        head = [[t] for t in title]
        if sheets:
            sheets = {name: head + [header, *rows] + tail for name, rows in sheets.items()}
            return write_xlsx(folder / "return.xlsx", sheets)
        merges = {}
        if spec.get("merged") and len(header) >= 2:
            band = ["Misconduct"] * len(header)
            head = head + [band]
            r = len(head)
            merges = {"Data": [f"A{r}:{chr(64 + len(header))}{r}"]}
        return write_xlsx(folder / "return.xlsx", {"Data": head + [header, *body] + tail}, merges)
    if fmt == "csv":
        rows = [[t] for t in title] + [header, *body] + tail
        return write_csv(folder / "return.csv", rows, encoding="cp1252")
    return write_pdf(folder / "return.pdf", title, [header, *[r for r in body if r]], notes)


def case_records(result: FileResult) -> Counter:
    """(role, outcome, year) -> cases, as loaded."""
    c = result.cases
    got: Counter = Counter()
    for role, outcome, year, n in zip(
        c["role"].astype(str),
        c["outcome"].astype(str),
        c["year"],
        c["case_count_low"],
        strict=True,
    ):
        got[(role, outcome, None if year is None or year != year else int(year))] += int(n)
    return got


def count_records(result: FileResult, spec: dict) -> Counter:
    """(code, year, low, high) -> cells, as loaded."""
    c = result.cases
    field = "outcome" if any(k[0] in OUTCOMES for k in spec["expected"]) else "role"
    return Counter(
        (code, None if year != year else int(year), int(lo), int(hi))
        for code, year, lo, hi in zip(
            c[field].astype(str), c["year"], c["case_count_low"], c["case_count_high"], strict=True
        )
    )


def read_back(tmp: Path, spec: dict, title: list[str], notes: list[str]) -> tuple[FileResult, bool]:
    """Write one drawn return, ingest it, and say whether it gave exactly its records (no
    rejected row, the records expected, and a stated total that agrees)."""
    path = write_return(tmp, spec, title, notes)
    result = process_file(REQ, path, tmp, "layouts")
    got = count_records(result, spec) if "low" in spec else case_records(result)
    exact = not result.rejected and got == spec["expected"]
    if spec.get("total_row"):
        exact = exact and result.response["total_check"] == "ok"
    return result, exact
