"""The generic rules the real returns of the two other requests taught, each on a small return
written by hand (so they hold where ../shared/real-returns is absent): months across the top,
a year filled down, year bands, wrapped and misplaced header labels, repeated headers over new
row labels, code rows with their parts, totals per block, breakdowns that disagree, a field read
from a table's title, lookup sheets, tables continued on another grid."""

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from foi_ingest.flows.pipeline import FileResult, process_file
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.statuses import SkipKind
from tests.returns import write_csv, write_xlsx

REQ = load_pack("police-social-media")

TRUST = "Camden and Islington NHS Foundation Trust"
FORCE = "Durham Constabulary"


@pytest.fixture
def mh():
    return load_pack("mh-accommodation")


@pytest.fixture
def crime():
    return load_pack("hospital-crime")


def ingest(request, path: Path, inbox: Path) -> FileResult:
    result = process_file(request, path, inbox, "wide")
    r = result.response
    assert r["rows_read"] == r["rows_loaded"] + r["rows_rejected"] + r["rows_skipped"], r
    return result


def _by(result: FileResult, *columns: str) -> Counter:
    """Counts (low bounds) by the given columns; a period as its first day, a missing value
    as None."""
    out: Counter = Counter()
    for rec in result.cases.to_dict("records"):
        key = tuple(
            None if pd.isna(rec[c]) else str(rec[c])[:10] if c.startswith("period") else str(rec[c])
            for c in columns
        )
        out[key if len(columns) > 1 else key[0]] += int(rec["case_count_low"])
    return out


MONTHS = ["Jan", "Feb", "Mar"]


def test_month_names_take_the_year_of_the_row_filled_down_and_totals_close_blocks(mh, tmp_path):
    rows = [
        ["Q2. People on CPA, by accommodation status"],
        ["* values under 5 are replaced with *"],
        ["Year", "AccommodationStatus", *MONTHS],
        ["2018", "MA01 Owner occupier", 10, 11, "* "],
        [None, "Rough sleeper", 5, "* ", 6],
        ["2018 Total", None, 15, 12, 8],
        ["2019", "MA01 Owner occupier", 12, 12, 12],
        [None, "Not known", 7, 8, 9],
        ["2019 Total", None, 19, 20, 21],
    ]
    path = write_xlsx(tmp_path / TRUST / "cpa.xlsx", {"CPA": rows})
    result = ingest(mh, path, tmp_path)
    r = result.response
    assert (r["rows_loaded"], r["rows_rejected"]) == (4, 0)
    assert r["total_check"] == "ok" and r["stated_total"] == 35 + 60  # two block totals
    got = _by(result, "cohort", "accommodation_code", "period_start")
    assert got[("cpa", "MA01", "2018-02-01")] == 11
    assert got[("cpa", "HM01", "2018-03-01")] == 6
    assert got[("cpa", "OC99", "2019-03-01")] == 9
    assert set(result.cases["year"].astype(int)) == {2018, 2019}
    assert len(result.cases) == 12  # every cell, the '* ' marks as 1-4


def test_a_block_total_that_disagrees_is_flagged(mh, tmp_path):
    rows = [
        ["All patients in contact with adult mental health services"],
        ["Year", "Accommodation status", *MONTHS],
        ["2018", "MA01", 10, 11, 12],
        ["2018 Total", None, 10, 11, 99],
    ]
    path = write_xlsx(tmp_path / TRUST / "all.xlsx", {"Q1": rows})
    r = ingest(mh, path, tmp_path).response
    assert (
        r["total_check"].startswith("mismatch")
        and "states 120, its rows give 33" in r["total_check"]
    )


def test_months_as_dates_under_a_merged_year_band(mh, tmp_path):
    import datetime as dt

    months = [dt.datetime(2018, m, 1) for m in (11, 12)] + [dt.datetime(2019, 1, 1)]
    rows = [
        ["S117 aftercare"],
        [None, 2018, 2018, 2019],
        ["Accommodation status code", *months],
        ["CH00", 5, 6, 7],
        ["OC99", "<5", 8, 9],
    ]
    path = write_xlsx(tmp_path / TRUST / "s117.xlsx", {"Q3": rows})
    result = ingest(mh, path, tmp_path)
    got = _by(result, "cohort", "accommodation_code", "period_start")
    assert got[("s117", "CH00", "2018-11-01")] == 5
    assert got[("s117", "OC99", "2019-01-01")] == 9
    assert (result.cases["period_end"].astype(str) == "2018-11-30").sum() == 2


def test_text_months_under_a_year_band_and_a_table_naming_no_cohort(mh, tmp_path):
    rows = [
        [None, "2020", "2020", "2020"],
        ["Accommodation status", *MONTHS],
        ["MA01", 1, 2, 3],
    ]
    path = write_xlsx(tmp_path / TRUST / "q.xlsx", {"Sheet1": rows})
    result = ingest(mh, path, tmp_path)
    assert result.response["rows_rejected"] == 1 and len(result.cases) == 0
    assert "does not say which cohort" in result.rejected[0]["reasons"][0]
    assert result.rejected[0]["fields"]["period_start"] is None  # a row of months: no period


def test_code_rows_with_their_local_parts_and_parts_that_do_not_add_up(mh, tmp_path):
    import datetime as dt

    months = [dt.datetime(2019, m, 1) for m in (1, 2, 3)]
    rows = [
        ["The number in contact with adult mental health services"],
        ["MDS Accommodation Status National Code / Description", *months, "Grand Total"],
        ["CH02", 5, "<5", 7, 16],
        ["Living in refuge", 2, "<5", 3, 7],
        ["Refuge", 3, None, 4, 9],
        ["HM01", 9, 9, 9, 27],
        ["Living rough", 1, 1, 1, 3],  # 1 is not 9: not parts of HM01, read as rows
        ["Grand Total", 14, 11, 16, 43],
    ]
    path = write_xlsx(tmp_path / TRUST / "all.xlsx", {"Accommodation": rows})
    result = ingest(mh, path, tmp_path)
    r = result.response
    parts = [s for s in result.skipped if s["kind"] == SkipKind.PART]
    assert [p["source_location"] for p in parts] == [
        "sheet 'Accommodation' row 4", "sheet 'Accommodation' row 5"
    ]  # fmt: skip
    assert set(result.cases["accommodation_code"].astype(str)) == {"CH02", "HM01"}
    assert r["rows_rejected"] == 1  # 'Living rough' is no code of the vocabulary
    assert "Living rough" in str(result.rejected[0]["raw"])


def test_a_lookup_sheet_holds_no_counts(mh, tmp_path):
    rows = [["Accommodation status desc", "Accommodation status code"],
            ["Owner occupier", "MA01"], ["Rough sleeper", "HM01"]]  # fmt: skip
    path = write_xlsx(tmp_path / TRUST / "codes.xlsx", {"Codes": rows})
    result = ingest(mh, path, tmp_path)
    assert len(result.cases) == 0 and not result.rejected
    assert Counter(s["kind"] for s in result.skipped) == {SkipKind.NO_COUNTS: 3}


def test_three_breakdowns_stacked_one_disagrees_and_the_total_counts_one(crime, tmp_path):
    years = ["2019/20", "2020/21"]
    rows = [
        ["Hospital Name / Financial Year", *years],
        ["Darlington Memorial Hospital", 46, 41],
        ["West Park Hospital", 27, "-"],
        ["Total", 73, 41],
        ["Crime Group / Financial Year", *years],
        ["Burglary", 70, 40],
        ["Robbery", 3, 1],
        ["Total", 73, 41],
        ["Crime Outcome / Financial Year", *years],
        ["Charged or Summonsed", 70, 39],
    ]
    path = write_csv(tmp_path / FORCE / "tables.csv", rows)
    result = ingest(crime, path, tmp_path)
    r = result.response
    assert r["rows_rejected"] == 0 and r["total_check"] == "ok"
    assert r["stated_total"] == 114  # one breakdown's total, not 228
    assert set(result.cases["breakdown"]) == {
        "Hospital Name / Financial Year", "Crime Group / Financial Year",
        "Crime Outcome / Financial Year",
    }  # fmt: skip
    disagree = [w for w in r["warnings"] if "disagree" in w]
    assert len(disagree) == 2  # 2019/20: 70 vs 73; 2020/21: 39 vs 41
    assert "'Crime Outcome / Financial Year' gives 70" in disagree[0]
    hospitals = _by(result, "hospital")
    assert hospitals == Counter({"Darlington Memorial Hospital": 87, "West Park Hospital": 27,
                                 None: 73 + 41 + 70 + 39})  # fmt: skip


def test_hospitals_across_the_top_wrapped_labels_and_a_label_over_an_empty_column(crime, tmp_path):
    rows = [
        ["Outcome", "", "Brampton", "Carleton Clinic", "Furness General Hospital",
         "Millom Hospital", "", "Grand"],
        [None, None, "Memorial", None, None, None, None, "Total"],
        ["Charge/summons", 2, None, 94, 101, 1, 198, None],
        ["Community resolution", "", None, 23, 15, "", 38, None],
    ]  # fmt: skip
    path = write_csv(tmp_path / FORCE / "by-hospital.csv", rows)
    result = ingest(crime, path, tmp_path)
    r = result.response
    assert r["rows_rejected"] == 0 and r["rows_loaded"] == 2
    assert _by(result, "hospital", "outcome") == Counter({
        ("Brampton Memorial", "type_1"): 2, ("Carleton Clinic", "type_1"): 94,
        ("Furness General Hospital", "type_1"): 101, ("Millom Hospital", "type_1"): 1,
        ("Carleton Clinic", "type_8"): 23, ("Furness General Hospital", "type_8"): 15,
    })  # fmt: skip
    header = [s for s in result.skipped if s["kind"] == SkipKind.HEADER]
    assert len(header) == 2  # the wrapped line is a header row


def test_calendar_years_where_financial_years_were_asked_are_kept_and_noted(crime, tmp_path):
    rows = [["Crime Group / Year", "2019", "2020"], ["Burglary", 4, 5]]
    path = write_csv(tmp_path / FORCE / "calendar.csv", rows)
    result = ingest(crime, path, tmp_path)
    assert set(result.cases["period_start"].astype(str)) == {"2019-01-01", "2020-01-01"}
    notes = [w for w in result.response["warnings"] if "financial years" in w]
    assert len(notes) == 1 and "calendar years" in notes[0]


def test_a_grand_total_of_distinct_people_below_the_sum_of_months_is_named_not_loaded(mh, tmp_path):
    """A 'Grand Total' of people seen in the year is less than the sum of the monthly counts
    (one person counts in every month they are seen): kept out of the records, and the response
    says what it probably is."""
    rows = [
        ["People in contact with adult mental health services"],
        ["Year", "Accommodation status", *MONTHS],
        ["2018", "MA01", 10, 11, 12],
        ["2018", "HM01", 2, 2, 2],
        ["Grand Total", None, 12, 12, 12],  # 36 distinct people, where the months add to 39
    ]
    path = write_xlsx(tmp_path / TRUST / "all.xlsx", {"Q1": rows})
    result = ingest(mh, path, tmp_path)
    r = result.response
    assert int(result.cases["case_count_low"].sum()) == 39
    assert "states 36, less than its rows give (39)" in r["total_check"]
    assert "distinct people" in r["total_check"]
    assert [s["kind"] for s in result.skipped].count(SkipKind.TOTAL) == 1


def test_the_packs_missing_value_marks_are_not_recorded_never_phrasings(crime, tmp_path):
    """`schema.missingValues` (Frictionless): 'N/A' and '-' in a field's cell are 'no value',
    read as not recorded; a word that is no phrasing is still rejected with suggestions."""
    rows = [
        ["No.", "Financial Year", "Crime Type", "Outcome Description"],
        [1, "2019/2020", "THEFT", "N/A"],
        [2, "2019/2020", "-", "Type 1 - Charged/Summonsed"],
        [3, "2020/2021", "THEFT", "Told off"],
    ]
    path = write_csv(tmp_path / FORCE / "crimes.csv", rows)
    result = ingest(crime, path, tmp_path)
    assert _by(result, "crime_type", "outcome") == Counter(
        {("theft", "not_recorded"): 1, ("not_recorded", "type_1"): 1}
    )
    assert [r["reasons"] for r in result.rejected] == [["unknown outcome 'Told off'"]]
