"""Quirks of returns the sample generator never wrote (issue 12), one test per quirk, each on a
file written by hand (`tests/returns.py`) with the figures a careful reader counts in it.

Every test also holds the two invariants: rows read = loaded + rejected + skipped, and no
loaded record is empty in every dimension.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from foi_ingest.flows.pipeline import FileResult, process_file
from foi_ingest.packs import load_pack  # noqa: E402
from tests.returns import write_csv, write_letter, write_pdf, write_scan, write_xlsx

REQ = load_pack("police-social-media")

FORCE = "Kent Police"
CASE_HEADER = ["Ref", "Date", "Rank", "Allegation", "Outcome"]


def ingest(path: Path, inbox: Path) -> FileResult:
    result = process_file(REQ, path, inbox, "unseen")
    check_invariants(result)
    return result


def check_invariants(result: FileResult) -> None:
    r = result.response
    assert r["rows_read"] == r["rows_loaded"] + r["rows_rejected"] + r["rows_skipped"], r
    cases = result.cases
    if len(cases):
        empty = (
            (cases["role"].astype(str) == "not_recorded")
            & (cases["outcome"].astype(str) == "not_recorded")
            & cases["year"].isna()
            & cases["allegation_raw"].isna()
        )
        assert not empty.any(), cases[empty]


def outcomes(result: FileResult) -> dict[str, int]:
    c = result.cases
    return {
        k: int(v) for k, v in c.groupby(c["outcome"].astype(str))["case_count_low"].sum().items()
    }


def years(result: FileResult) -> dict[int, int]:
    c = result.cases
    return {int(k): int(v) for k, v in c.groupby("year")["case_count_low"].sum().items()}


def skipped_kinds(result: FileResult) -> dict[str, int]:
    return pd.Series([s["kind"] for s in result.skipped]).value_counts().to_dict()


CASES = [
    ["A1", "03/02/2011", "PC", "Posted racist comments on Facebook", "Dismissed"],
    ["A2", "14/06/2012", "PCSO", "Friend request to a victim", "Written warning"],
    ["A3", "01/09/2012", "Police staff", "Shared photographs of a crime scene", "NFA"],
]


# --- 1. phantom cases from total and note rows --------------------------------------------------


def test_total_label_under_ref_and_figure_under_outcome(tmp_path):
    rows = [CASE_HEADER, *CASES, [None, None, None, None, None], ["TOTAL", None, None, None, 3]]
    path = write_xlsx(tmp_path / FORCE / "cases.xlsx", {"Sheet1": rows})
    result = ingest(path, tmp_path)
    assert result.response["rows_loaded"] == 3 and len(result.cases) == 3
    assert skipped_kinds(result) == {"header": 1, "blank": 1, "total": 1}
    assert result.response["total_check"] == "ok"


def test_total_label_in_a_middle_column_after_blank_rows(tmp_path):
    rows = [
        ["Misconduct cases"],
        [],
        CASE_HEADER,
        *CASES,
        [],
        [],
        [None, None, "Grand Total:", None, "3"],
    ]
    path = write_csv(tmp_path / FORCE / "cases.csv", rows)
    result = ingest(path, tmp_path)
    assert len(result.cases) == 3
    assert skipped_kinds(result)["total"] == 1
    assert result.response["total_check"] == "ok"


def test_row_with_no_value_of_any_field_is_rejected_not_loaded(tmp_path):
    rows = [CASE_HEADER, *CASES, ["A4", None, None, None, None]]
    path = write_xlsx(tmp_path / FORCE / "cases.xlsx", {"Sheet1": rows})
    result = ingest(path, tmp_path)
    assert len(result.cases) == 3
    assert [r["source_row"] for r in result.rejected] == [5]
    assert "no value in any of this request's fields" in result.rejected[0]["reasons"][0]


# --- 2. unrecognised count tables ---------------------------------------------------------------


def test_crime_types_by_year_is_another_requests_table(tmp_path):
    rows = [
        ["Crime type", "2019/20", "2020/21", "2021/22"],
        ["Violence with injury", 12, 9, 14],
        ["Criminal damage", 3, "-", 5],
        ["Theft", 7, 8, 1],
        ["Public order offences", 2, 2, 2],
        ["Grand Total", 24, 19, 22],
    ]
    path = write_xlsx(tmp_path / FORCE / "crimes.xlsx", {"Data": rows})
    result = ingest(path, tmp_path)
    assert len(result.cases) == 0 and not result.rejected
    assert result.response["status"] == "unparseable"
    assert "no table of this request's fields" in result.response["status_reason"]
    assert skipped_kinds(result) == {"header": 1, "total": 1, "foreign table": 4}


def test_unknown_row_label_among_outcomes_is_rejected_with_suggestions(tmp_path):
    rows = [
        ["", "2011", "2012"],
        ["Dismissed", 2, 1],
        ["Final written warning", 3, 0],
        ["Reprimand", 1, 2],
        ["Management advice", 4, 5],
    ]
    path = write_xlsx(tmp_path / FORCE / "counts.xlsx", {"Sheet1": rows})
    result = ingest(path, tmp_path)
    assert outcomes(result) == {"dismissed": 3, "final_written_warning": 3, "management_advice": 9}
    assert years(result) == {2011: 9, 2012: 6}
    [rejected] = result.rejected
    assert rejected["source_row"] == 4
    assert "unknown outcome 'Reprimand'" in rejected["reasons"][0]
    assert rejected["suggestions"]["outcome"]


# --- 3. dates -----------------------------------------------------------------------------------


def test_date_after_the_response_is_rejected(tmp_path):
    rows = [CASE_HEADER, *CASES, ["A4", "12/03/2031", "PC", "Posted comments", "Dismissed"]]
    path = write_csv(tmp_path / FORCE / "cases.csv", rows)
    result = ingest(path, tmp_path)
    assert len(result.cases) == 3
    [rejected] = result.rejected
    assert "after the response" in rejected["reasons"][0]


@pytest.mark.parametrize("fmt", ["csv", "pdf", "xlsx"])
def test_impossible_date_31_april_is_rejected_in_every_format(tmp_path, fmt):
    rows = [CASE_HEADER, *CASES, ["A4", "31/04/2011", "PC", "Posted comments", "Dismissed"]]
    path = tmp_path / FORCE / f"cases.{fmt}"
    if fmt == "csv":
        write_csv(path, rows)
    elif fmt == "xlsx":
        write_xlsx(path, {"Sheet1": rows})
    else:
        write_pdf(path, ["Dear requester, the information is below."], rows)
    result = ingest(path, tmp_path)
    assert len(result.cases) == 3
    [rejected] = result.rejected
    assert "31/04/2011" in rejected["reasons"][0]


def test_pdf_date_column_under_a_longer_header_gives_each_row_its_year(tmp_path):
    header = ["Case ref", "Date of incident", "Rank at time", "Nature of complaint", "Outcome"]
    path = write_pdf(tmp_path / FORCE / "letter.pdf", ["Please see the table."], [header, *CASES])
    result = ingest(path, tmp_path)
    assert years(result) == {2011: 1, 2012: 2}
    assert outcomes(result) == {"dismissed": 1, "written_warning": 1, "no_further_action": 1}


# --- 4. counts written inside cells -------------------------------------------------------------


def test_counts_written_inside_outcome_cells(tmp_path):
    rows = [
        CASE_HEADER,
        ["B1", "2021", "PC", "Comments on Facebook",
         "3x Reflective practice requires improvement\n1 x Written warning"],
        ["B2", "2021", "PC", "Comments on Twitter", "1 x Written warning"],
        ["B3", "2022", "PC", "Messages to a victim", "2 x Final written warning\n1 x Reprimand"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / FORCE / "cases.xlsx", {"Sheet1": rows})
    result = ingest(path, tmp_path)
    # the unknown part alone is rejected; the row's other part loads
    assert outcomes(result) == {
        "management_advice": 3, "written_warning": 2, "final_written_warning": 2
    }  # fmt: skip
    assert set(result.cases["record_kind"].astype(str)) == {"count"}
    [rejected] = result.rejected
    assert rejected["source_location"] == "sheet 'Sheet1' row 4 part 2"
    assert rejected["reasons"] == ["part '1 x Reprimand': unknown outcome 'Reprimand'"]
    assert rejected["fields"]["case_count"] == 1
    r = result.response
    assert (r["rows_loaded"], r["rows_rejected"], r["records_loaded"]) == (2, 1, 4)


def test_a_validator_maps_the_rejected_part_and_the_row_loads_whole(tmp_path):
    from foi_ingest.review.decisions import load_decisions

    rows = [CASE_HEADER, ["B3", "2022", "PC", "Messages", "2 x FWW\n1 x Reprimand"]]
    path = write_xlsx(tmp_path / FORCE / "cases.xlsx", {"Sheet1": rows})
    folder = tmp_path / "_corrections"
    folder.mkdir()
    (folder / "mappings.csv").write_text(
        "vocabulary,force_id,phrasing,code,by,at\noutcome,*,Reprimand,written_warning,Jo,2026\n",
        encoding="utf-8",
    )
    result = process_file(REQ, path, tmp_path, "unseen", decisions=load_decisions(tmp_path))
    check_invariants(result)
    assert outcomes(result) == {"final_written_warning": 2, "written_warning": 1}
    assert (result.response["rows_loaded"], result.response["rows_rejected"]) == (1, 0)


# --- 5. letters ---------------------------------------------------------------------------------


def test_cover_letter_beside_its_attachment(tmp_path):
    letter = write_letter(
        tmp_path / FORCE / "response letter.pdf",
        "Dear Sir or Madam, thank you for your request.",
        "The information is provided in the enclosed spreadsheet.",
    )
    write_xlsx(tmp_path / FORCE / "cases.xlsx", {"Sheet1": [CASE_HEADER, *CASES]})
    result = ingest(letter, tmp_path)
    assert result.response["status"] == "cover_letter"
    alone = tmp_path / "alone"
    (alone / FORCE).mkdir(parents=True)
    moved = alone / FORCE / "response letter.pdf"
    moved.write_bytes(letter.read_bytes())
    assert "not in the folder" in ingest(moved, alone).response["status_reason"]


@pytest.mark.parametrize(
    "wording",
    [
        "No information held.",
        "A search of our systems located no records relevant to your request.",
        "There have been no such cases in the period you asked about.",
        "I can confirm that the force holds no information of the kind you describe.",
        "Officers found in breach can receive management advice, a written warning or a final "
        "written warning, or be dismissed. However, no information is held on any such cases.",
    ],
)
def test_nil_return_wordings(tmp_path, wording):
    path = write_letter(tmp_path / FORCE / "reply.pdf", "Dear requester,", wording)
    result = ingest(path, tmp_path)
    assert result.response["status"] == "nil_return"
    assert len(result.cases) == 0


def test_scanned_page_with_a_stamp_is_still_a_scan(tmp_path):
    path = write_scan(tmp_path / FORCE / "scan.pdf", stamp="RECEIVED 12 MAR 2014  Ref 123/14")
    result = ingest(path, tmp_path)
    assert result.response["status"] == "unparseable"
    assert "scanned page, no text layer" in result.response["status_reason"]


@pytest.mark.parametrize(
    ("wording", "sections"),
    [
        ("We can neither confirm nor deny whether information is held, under section 30(3).",
         ["30"]),
        ("The force neither confirms nor denies holding this information (s.40(5)).", ["40"]),
        ("To establish whether the information is held would itself exceed the cost limit, so "
         "we neither confirm nor deny that it is held.", ["12"]),
        ("This information is already reasonably accessible to you by other means: it is "
         "published on our website. Section 21 applies.", ["21"]),
        ("Retrieving it would take well beyond the appropriate limit, so we are unable to "
         "comply with your request.", ["12"]),
        ("The cost of locating it exceeds the limits set out in 12 of the Act.", ["12"]),
        ("The information is exempt under sections 30, 31 and 40 of the Act and is refused.",
         ["30", "31", "40"]),
    ],
)  # fmt: skip
def test_refusal_shapes(tmp_path, wording, sections):
    path = write_letter(tmp_path / FORCE / "reply.pdf", "Dear requester,", wording)
    result = ingest(path, tmp_path)
    assert (result.response["status"], result.response["sections"]) == ("refused", sections)


def test_partial_answer_with_a_figure_is_for_entry_not_a_refusal(tmp_path):
    path = write_letter(
        tmp_path / FORCE / "reply.pdf",
        "Dear requester,",
        "Q1 - 52\nQ2 and Q3: we neither confirm nor deny holding this information, s.40(5B).",
    )
    result = ingest(path, tmp_path)
    assert result.response["status"] == "needs_entry"
    assert "partial answer" in result.response["status_reason"]
    assert result.response["sections"] == ["40"]


# --- 6. suppression -----------------------------------------------------------------------------


def test_suppression_note_fewer_than_5_hides_one_to_four(tmp_path):
    rows = [
        ["Outcome", "2012", "2013"],
        ["Dismissed", "* ", 6],
        ["Written warning", 5, "*"],
        [],
        ["* denotes fewer than 5"],
    ]
    path = write_xlsx(tmp_path / FORCE / "counts.xlsx", {"Sheet1": rows})
    c = ingest(path, tmp_path).cases
    assert (int(c["case_count_low"].sum()), int(c["case_count_high"].sum())) == (13, 19)


def test_suppression_note_saying_zero_may_be_hidden(tmp_path):
    rows = [
        ["Outcome", "2012", "2013"],
        ["Dismissed", "*", 6],
        [],
        ["* denotes a figure between 0 and 4"],
    ]
    path = write_xlsx(tmp_path / FORCE / "counts.xlsx", {"Sheet1": rows})
    c = ingest(path, tmp_path).cases
    assert (int(c["case_count_low"].sum()), int(c["case_count_high"].sum())) == (6, 10)


def test_a_row_reading_0_then_4_beside_a_mark_is_not_a_note_that_zero_is_hidden(tmp_path):
    """'Dismissed | 0 | 0 | 4 | <5' and 'fewer than 5 | 0 | 0 | 0 | 4' hold '0 4' beside a mark:
    cells, not a suppression note (the property suite found both)."""
    rows = [
        ["", "2009", "2010", "2011", "2012", "2013"],
        ["Dismissed", 0, 0, 4, "<5", None],
        ["Written warning", "fewer than 5", 0, 0, 0, 4],
    ]
    path = write_xlsx(tmp_path / FORCE / "counts.xlsx", {"Sheet1": rows})
    c = ingest(path, tmp_path).cases
    assert sorted(zip(c["year"].astype(int), c["case_count_low"].astype(int),
                      c["case_count_high"].astype(int), strict=True)) == [
        (2009, 1, 4), (2011, 4, 4), (2012, 1, 4), (2013, 4, 4)]  # fmt: skip


def test_autofill_less_than_marks_are_read_and_flagged(tmp_path):
    rows = [
        ["Outcome", "2010", "2011", "2012", "2013", "2014"],
        ["Dismissed", "<5", "<6", "<7", "<8", "<9"],
        ["Written warning", 3, "<5", 2, "<5", 1],
    ]
    path = write_xlsx(tmp_path / FORCE / "counts.xlsx", {"Sheet1": rows})
    result = ingest(path, tmp_path)
    c = result.cases
    assert len(c) == 10  # every non-zero cell is a record
    assert int(c["case_count_high"].sum()) == 4 + 5 + 6 + 7 + 8 + 3 + 4 + 2 + 4 + 1
    [warning] = [w for w in result.response["warnings"] if "autofill" in w]
    assert "row 2" in warning and "'<5' rising to '<9'" in warning


def test_financial_year_table_with_suppressed_cells_keeps_every_nonzero_cell(tmp_path):
    rows = [
        ["Outcome", "2011/12", "2012-13", "FY13/14", "April 2014 - March 2015"],
        ["Dismissed", "<5", 0, 2, "*"],
        ["Management advice", 7, "<5", "<5", 3],
    ]
    path = write_csv(tmp_path / FORCE / "counts.csv", rows)
    c = ingest(path, tmp_path).cases
    assert len(c) == 7
    assert sorted(years_of := c["year"].astype(int).tolist()) == sorted(years_of)
    assert set(c["period_start"].dt.month) == {4}


# --- 7. mappings that are decisions -------------------------------------------------------------


def test_every_choice_in_the_outcome_vocabulary_is_listed_with_its_reason():
    from foi_ingest.schemas import vocab

    v = vocab.vocabulary_of(REQ, "outcome")
    for phrasing in ("local resolution", "management action", "words of advice", "sub judice"):
        assert phrasing in v.decisions and v.decisions[phrasing]
    assert v.lookup("Reflective practice requires improvement").code == "management_advice"
    assert v.lookup("Reduction in rank").code is None  # not listed: rejected, never guessed
    assert v.lookup("Dismissd").code is None  # no fuzzy match


# --- 8. columns dropped without a word ----------------------------------------------------------


def test_year_column_with_a_footnote_mark_is_read_with_the_notes_period(tmp_path):
    rows = [
        ["Outcome", "2012", "2013", "2014*"],
        ["Dismissed", 2, 3, 1],
        ["Written warning", 4, 0, 2],
        ["Total", 6, 3, 3],
        [],
        ["* to 28 February"],
    ]
    path = write_xlsx(tmp_path / FORCE / "counts.xlsx", {"Sheet1": rows})
    result = ingest(path, tmp_path)
    assert years(result) == {2012: 6, 2013: 3, 2014: 3}
    late = result.cases[result.cases["year"] == 2014]
    assert set(late["period_end"].dt.date) == {dt.date(2014, 2, 28)}
    assert result.response["total_check"] == "ok"


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("2014 (Jan-Feb)", dt.date(2014, 1, 1), dt.date(2014, 2, 28)),
        ("Apr-Dec 2013", dt.date(2013, 4, 1), dt.date(2013, 12, 31)),
        ("2014 to date", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
        ("2014¹", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
    ],
)
def test_partial_period_headers_are_read(tmp_path, header, start, end):
    rows = [["Outcome", "2012", header], ["Dismissed", 2, 1], ["Written warning", 4, 2]]
    path = write_csv(tmp_path / FORCE / "counts.csv", rows)
    c = ingest(path, tmp_path).cases
    assert int(c["case_count_low"].sum()) == 9
    last = c[c["period_start"].dt.date == start]
    assert set(last["period_end"].dt.date) == {end} and int(last["case_count_low"].sum()) == 3


def test_numbers_under_a_header_that_is_not_a_period_reject_their_rows(tmp_path):
    rows = [["Outcome", "2012", "Previous"], ["Dismissed", 2, 1], ["Written warning", 4, 0]]
    path = write_csv(tmp_path / FORCE / "counts.csv", rows)
    result = ingest(path, tmp_path)
    assert outcomes(result) == {"written_warning": 4}
    [rejected] = result.rejected
    assert "column 'Previous' holds numbers" in rejected["reasons"][0]


def test_stated_total_that_disagrees_is_flagged(tmp_path):
    rows = [CASE_HEADER, *CASES, ["Total", None, None, None, 5]]
    path = write_xlsx(tmp_path / FORCE / "cases.xlsx", {"Sheet1": rows})
    result = ingest(path, tmp_path)
    assert result.response["total_check"].startswith("mismatch")


# --- the invariants over every file the other suites read ---------------------------------------


def test_no_loaded_record_is_empty_in_every_dimension_on_the_sample_inbox(sample_inbox):
    from foi_ingest.flows.discover import discover

    files = list(discover(REQ, [sample_inbox]))
    assert len(files) > 15
    for f in files:
        check_invariants(process_file(REQ, f.path, f.inbox, "unseen"))


def test_cover_letter_leaves_coverage_to_its_attachment(tmp_path):
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.load import load_file

    letter = write_letter(tmp_path / FORCE / "letter.pdf", "Please find attached our response.")
    table = write_xlsx(tmp_path / FORCE / "cases.xlsx", {"Sheet1": [CASE_HEADER, *CASES]})
    with connect(tmp_path / "foi.duckdb", request=REQ) as con:
        for path in (letter, table):
            r = ingest(path, tmp_path)
            load_file(REQ, con, r.response, r.cases, r.rejected, r.skipped)
        coverage, cases = con.execute(
            "SELECT coverage, cases_low FROM v_coverage JOIN v_force_summary USING (force_id) "
            "WHERE force_id = 'kent'"
        ).fetchone()
    assert (coverage, cases) == ("data", 3)
