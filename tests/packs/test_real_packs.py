"""The two real mass requests, end to end through the flow, on the real returns in
../shared/real-returns (skipped cleanly where that folder is absent).

Each file is put in an inbox folder named after its body, as a newsroom files answers, and
ingested with its request pack. The figures asserted are those counted in SOURCES.md (and, where
it gives none, by reading the file: noted beside the assertion). The warehouse may say only what
the returns say: every row is loaded, rejected with a reason, or skipped as what it is.
"""

import json
import shutil
from pathlib import Path

import duckdb
import pytest

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-returns"
pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"no real returns at {REAL} (shared/real-returns is absent)"
)

POLICE = {
    "Hertfordshire Constabulary": "hospital-crime-foi-hertfordshire/Hertfordshire.pdf",
    "Durham Constabulary": "hospital-crime-foi-durham/Durham.pdf",
    "Cumbria Constabulary": "hospital-crime-foi-cumbria/Cumbria.pdf",
}
TRUSTS = {
    "Rotherham Doncaster and South Humber NHS Foundation Trust":
        "nhs-rdash-accommodation/FOI 2844 Q&A.xlsx",
    "North Staffordshire Combined Healthcare NHS Trust":
        "nhs-nstaffs-accommodation/APPENDIX 1 FOI48.21 SendVersionv2.xlsx",
    "Camden and Islington NHS Foundation Trust":
        "nhs-candi-accommodation/FOI 2021-315-Accommodation Status 2018-2021 Final.xlsx",
}  # fmt: skip
FY = ["2019-04-01", "2020-04-01", "2021-04-01", "2022-04-01", "2023-04-01"]


def _inbox(root: Path, files: dict[str, str]) -> Path:
    for body, rel in files.items():
        (root / body).mkdir(parents=True, exist_ok=True)
        shutil.copy(REAL / rel, root / body / Path(rel).name)
    return root


def _ingest(tmp: Path, request: str, files: dict[str, str]) -> Path:
    from foi_ingest.flows.ingest import run_ingest

    inbox = _inbox(tmp / "inbox", files)
    db = tmp / "foi.duckdb"
    summary = run_ingest([str(inbox)], str(db), request=request)
    assert summary["failed"] == 0
    return db


@pytest.fixture(scope="module")
def crime_db(prefect_harness, tmp_path_factory) -> Path:
    return _ingest(tmp_path_factory.mktemp("hospital-crime"), "hospital-crime", POLICE)


@pytest.fixture(scope="module")
def mh_db(prefect_harness, tmp_path_factory) -> Path:
    return _ingest(tmp_path_factory.mktemp("mh-accommodation"), "mh-accommodation", TRUSTS)


def _q(db: Path, schema: str, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"USE {schema}")
        return con.execute(sql, params or []).fetchall()


def _response(db: Path, schema: str, body: str) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"USE {schema}")
        cur = con.execute("SELECT * FROM responses WHERE force_id = ?", [body])
        names = [d[0] for d in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def _conserved(r: dict) -> None:
    assert r["rows_read"] == r["rows_loaded"] + r["rows_rejected"] + r["rows_skipped"]


# --- hospital-crime -------------------------------------------------------------------------


def test_hertfordshire_case_list_of_4492_crimes(crime_db):
    s = "hospital_crime"
    r = _response(crime_db, s, "hertfordshire")
    _conserved(r)
    assert r["status"] == "disclosed" and r["stated_total"] == 4492 and r["total_check"] == "ok"
    # the case list (4,492 rows, header once) and the summary table (5 years) both load
    assert (r["rows_read"], r["rows_loaded"], r["rows_rejected"]) == (4500, 4497, 0)
    by_year = _q(crime_db, s, "SELECT period_start::VARCHAR, count(*) FROM cases WHERE force_id = "
                 "'hertfordshire' AND record_kind = 'case' GROUP BY 1 ORDER BY 1")  # fmt: skip
    assert [n for _, n in by_year] == [883, 996, 888, 877, 848]
    assert [p for p, _ in by_year] == FY
    types = dict(_q(crime_db, s, "SELECT crime_type, count(*) FROM cases WHERE record_kind = "
                    "'case' GROUP BY 1"))  # fmt: skip
    assert types == {
        "violence_against_the_person": 2878, "theft": 423, "public_order_offences": 406,
        "criminal_damage_and_arson": 312, "sexual_offences": 174, "vehicle_offences": 150,
        "drug_offences": 47, "burglary": 41, "non_notifiable": 27,
        "miscellaneous_crimes_against_society": 17, "possession_of_weapons": 14, "robbery": 3,
    }  # fmt: skip
    outcomes = dict(_q(crime_db, s, "SELECT outcome, count(*) FROM cases WHERE record_kind = "
                       "'case' GROUP BY 1"))  # fmt: skip
    assert outcomes == {
        "type_16": 1944, "type_15": 829, "type_18": 686, "type_1": 366, "type_14": 216,
        "type_12": 145, "type_1a": 74, "type_17": 72, "type_8": 39, "type_20": 30, "type_3": 22,
        "type_10": 19, "type_13": 17, "unfinalised": 9, "type_3a": 8, "type_9": 7, "type_5": 2,
        "type_6": 2, "type_7": 2, "type_11": 1, "type_21": 1, "type_4": 1,
    }  # fmt: skip
    # two breakdowns of one population (the summary by year, the case list): one figure each year
    figures = _q(crime_db, s, "SELECT period_start::VARCHAR, count_low, breakdowns FROM v_figures "
                 "WHERE body_id = 'hertfordshire' ORDER BY 1")  # fmt: skip
    assert figures == [(p, n, 2) for p, n in zip(FY, [883, 996, 888, 877, 848], strict=True)]


def test_durham_three_breakdowns_and_the_one_that_disagrees(crime_db):
    s = "hospital_crime"
    r = _response(crime_db, s, "durham")
    _conserved(r)
    assert r["rows_rejected"] == 0 and r["total_check"] == "ok"
    assert r["stated_total"] == 1343  # one breakdown's Total row, not the sum of two

    def per_year(where: str) -> list[int]:
        rows = _q(crime_db, s, "SELECT period_start::VARCHAR, sum(count_low) FROM v_records "
                  f"WHERE body_id = 'durham' AND {where} GROUP BY 1 ORDER BY 1")  # fmt: skip
        assert [p for p, _ in rows] == FY
        return [int(n) for _, n in rows]

    assert per_year("breakdown = 'Hospital Name / Financial Year'") == [141, 213, 289, 296, 404]
    assert per_year("breakdown = 'Crime Group / Financial Year'") == [141, 213, 289, 296, 404]
    assert per_year("breakdown = 'Crime Outcome / Financial Year'") == [141, 213, 285, 296, 404]
    assert per_year("hospital = 'Darlington Memorial Hospital'") == [46, 41, 73, 76, 110]
    assert per_year("crime_type = 'violence_against_the_person'") == [45, 106, 169, 174, 272]
    chester = _q(crime_db, s, "SELECT period_start::VARCHAR, count_low FROM v_records WHERE "
                 "hospital = 'Chester-le-Street Community Hospital'")  # fmt: skip
    assert chester == [("2023-04-01", 1)]  # '-' is zero: no record for the other years
    disagree = [w for w in r["warnings"] if "disagree" in w]
    assert len(disagree) == 1 and "2021-04-01" in disagree[0]
    assert "gives 285" in disagree[0] and "gives 289" in disagree[0]
    codes = [p["code"] for p in r["warning_problems"]]  # the same warning, as data
    assert codes.count("breakdowns_disagree") == 1
    figures = _q(crime_db, s, "SELECT count_low FROM v_figures WHERE body_id = 'durham' "
                 "ORDER BY period_start")  # fmt: skip
    assert [n for (n,) in figures] == [141, 213, 289, 296, 404]


def test_cumbria_word_tables_broken_across_pages(crime_db):
    """Cumbria's letter: Q1b (offence sub-group by year, a Grand Total column whose label sits
    over the wrong cell, continued on page 3 on another grid) and Tables 1 and 2 (outcome by
    hospital, hospital names wrapped over four header rows, continued across page breaks, one
    label cut by a break). Together Tables 1 and 2 are one breakdown of the same 2,500 crimes."""
    s = "hospital_crime"
    r = _response(crime_db, s, "cumbria")
    _conserved(r)
    assert r["rows_rejected"] == 0
    assert r["stated_total"] == 2500 and r["total_check"] == "ok"
    assert not [w for w in r["warnings"] if "disagree" in w]
    by_year = _q(crime_db, s, "SELECT period_start::VARCHAR, sum(count_low) FROM v_records "
                 "WHERE body_id = 'cumbria' AND breakdown = 'Offence Sub Group' GROUP BY 1 "
                 "ORDER BY 1")  # fmt: skip
    assert by_year == list(zip(FY, [635, 505, 569, 513, 278], strict=True))
    rows = dict(_q(crime_db, s, "SELECT crime_type_raw, sum(count_low) FROM v_records WHERE "
                   "body_id = 'cumbria' AND breakdown = 'Offence Sub Group' "
                   "GROUP BY 1"))  # fmt: skip
    assert len(rows) == 32
    assert rows["Violence without Injury"] == 1108 and rows["Violence with Injury"] == 348
    assert rows["Criminal Damage"] == 254 and rows["Public Fear, Alarm Or Distress"] == 232
    assert rows["Other Theft"] == 135 and rows["Stalking and Harassment"] == 105
    assert rows["Racially Or Religiously Aggravated Public Fear, Alarm Or Distress"] == 74
    assert rows["Other Sexual Offences"] == 63
    hospitals = dict(_q(crime_db, s, "SELECT hospital, sum(count_low) FROM v_records WHERE "
                        "body_id = 'cumbria' AND breakdown = 'Outcome' GROUP BY 1"))  # fmt: skip
    table_1 = ["Brampton War Memorial Hospital", "Carleton Clinic",
               "Cockermouth Community Hospital", "Cumberland Infirmary",
               "Furness General Hospital", "James Cook University Hospital",
               "Keswick (Mary Hewetson) Community Hospital"]  # fmt: skip
    # SOURCES.md says Table 2 has 9 hospitals; its header (page 4) names 8, summing to its 473
    assert len(hospitals) == 15
    assert sum(hospitals[h] for h in table_1) == 2027
    assert sum(n for h, n in hospitals.items() if h not in table_1) == 473
    # one figure a year: the undated outcome-by-hospital breakdown is not added to them
    figures = _q(crime_db, s, "SELECT period_start::VARCHAR, count_low FROM v_figures "
                 "WHERE body_id = 'cumbria' ORDER BY 1")  # fmt: skip
    assert figures == list(zip(FY, [635, 505, 569, 513, 278], strict=True))


def test_hospital_crime_report_and_coverage(crime_db, monkeypatch):
    from typer.testing import CliRunner

    from foi_ingest.cli import app

    out = CliRunner().invoke(app, ["report", "--db", str(crime_db), "--request", "hospital-crime"])
    assert out.exit_code == 0, out.output
    # one breakdown per return: Hertfordshire 4492 + Durham 1343 + Cumbria 2500
    assert "Total: 8335, from 3 bodies." in out.output
    coverage = dict(_q(crime_db, "hospital_crime", "SELECT coverage, count(*) FROM v_coverage "
                       "GROUP BY 1"))  # fmt: skip
    assert coverage == {"data": 3, "no_answer": 42}


# --- mh-accommodation -----------------------------------------------------------------------


def _month(db: Path, body: str, cohort: str, month: str) -> tuple[int, int, int]:
    """(exact sum, low, high) of one trust's records for a cohort and month."""
    low, high, exact = _q(db, "mh_accommodation", "SELECT sum(count_low), sum(count_high), "
                          "sum(count_low) FILTER (WHERE count_low = count_high) FROM v_records "
                          "WHERE body_id = ? AND cohort = ? AND period_start = ?::DATE",
                          [body, cohort, month])[0]  # fmt: skip
    return int(exact or 0), int(low), int(high)


def test_north_staffordshire_year_filled_down_and_year_totals(mh_db):
    body = "north-staffordshire-combined-healthcare"
    r = _response(mh_db, "mh_accommodation", body)
    _conserved(r)
    assert r["rows_rejected"] == 0 and r["total_check"] == "ok"
    rows = _q(mh_db, "mh_accommodation", "SELECT cohort, year, count(DISTINCT source_location) "
              "FROM v_records WHERE body_id = ? GROUP BY 1, 2 ORDER BY 1, 2", [body])  # fmt: skip
    assert rows == [("all", 2018, 87), ("all", 2019, 89), ("all", 2020, 92),
                    ("cpa", 2018, 71), ("cpa", 2019, 71), ("cpa", 2020, 74),
                    ("s117", 2018, 54), ("s117", 2019, 57), ("s117", 2020, 59)]  # fmt: skip
    marks = dict(_q(mh_db, "mh_accommodation", "SELECT cohort, count(*) FROM v_records WHERE "
                    "body_id = ? AND count_low < count_high GROUP BY 1", [body]))  # fmt: skip
    assert marks == {"all": 924, "cpa": 1104, "s117": 1082}  # '* ' cells, as SOURCES counts
    for cohort, month, total in [
        ("all", "2018-01-01", 8229), ("all", "2018-12-01", 8694), ("all", "2019-01-01", 8587),
        ("all", "2019-12-01", 8757), ("all", "2020-01-01", 8832), ("all", "2020-12-01", 9263),
        ("cpa", "2018-01-01", 1406), ("cpa", "2018-12-01", 1170), ("cpa", "2020-01-01", 956),
        ("cpa", "2020-12-01", 1067), ("s117", "2018-01-01", 293), ("s117", "2018-12-01", 349),
        ("s117", "2020-01-01", 426), ("s117", "2020-12-01", 488),
    ]:  # fmt: skip
        _, low, high = _month(mh_db, body, cohort, month)
        assert low <= total <= high, (cohort, month, total, low, high)


def test_rotherham_code_rows_with_their_local_parts_and_an_autofill_slip(mh_db):
    body = "rotherham-doncaster-and-south-humber"
    r = _response(mh_db, "mh_accommodation", body)
    _conserved(r)
    assert r["total_check"] == "ok"  # each sheet's Grand Total lies within its rows' bounds
    # the 'UNKNOWN' row (rejected below: no code) is part of each Grand Total; its own total
    # columns say how much ('Grand Total' 698 on sheet Accommodation, row 103)
    unknown = {
        sheet: json.loads(raw) for sheet, raw in _q(mh_db, "mh_accommodation", "SELECT "
        "source_sheet, raw FROM rejected_rows WHERE force_id = ? AND raw LIKE '%UNKNOWN%'", [body])
    }  # fmt: skip
    assert int(unknown["Accommodation"]["Grand Total"]) == 698

    def held_back(sheet: str, column: str) -> int:
        value = unknown[sheet].get(column, "0")
        return 4 if value == "<5" else int(value)  # a '<5' total holds back at most 4

    for sheet, cohort, total in [("Accommodation", "all", 416379), ("117", "s117", 58107),
                                 ("CPA", "cpa", 64111)]:  # fmt: skip
        low, high = _q(mh_db, "mh_accommodation", "SELECT sum(count_low), sum(count_high) FROM "
                       "v_records WHERE body_id = ? AND cohort = ?", [body, cohort])[0]  # fmt: skip
        assert low <= total <= high + held_back(sheet, "Grand Total"), (cohort, total, low, high)
    for year, total in [(2018, 130580), (2019, 129145), (2020, 134849), (2021, 21805)]:
        low, high = _q(mh_db, "mh_accommodation", "SELECT sum(count_low), sum(count_high) FROM "
                       "v_records WHERE body_id = ? AND cohort = 'all' AND year = ?",
                       [body, year])[0]  # fmt: skip
        extra = held_back("Accommodation", f"{year} Total")
        assert low <= total <= high + extra, (year, total, low, high)
    _, low, high = _month(mh_db, body, "all", "2018-01-01")
    assert low <= 10032 <= high
    # CH00 (row 5) is 65 in Jan 2018: its two description rows (29 + 36) are its parts
    ch00 = _q(mh_db, "mh_accommodation", "SELECT count_low FROM v_records WHERE body_id = ? AND "
              "cohort = 'all' AND accommodation_code = 'CH00' AND period_start = '2018-01-01'",
              [body])  # fmt: skip
    assert ch00 == [(65,)]
    slips = [w for w in r["warnings"] if "autofill" in w]
    assert [w.split(":")[1].strip() for w in slips] == [
        "sheet '117' row 7",
        "sheet '117' row 8",
        "sheet 'CPA' row 20",
        "sheet 'CPA' row 45",
    ]
    # 'UNKNOWN' with 'Hospital patient' under it (no code; equal figures), in each sheet
    rejected = _q(
        mh_db, "mh_accommodation", "SELECT raw FROM rejected_rows WHERE force_id = ?", [body]
    )
    labels = sorted(next(iter(json.loads(raw).values())) for (raw,) in rejected)
    assert labels == ["Hospital patient"] * 3 + ["UNKNOWN"] * 3


def test_camden_and_islington_month_headers_under_merged_years(mh_db):
    body = "camden-and-islington"
    r = _response(mh_db, "mh_accommodation", body)
    _conserved(r)
    rows = dict(_q(mh_db, "mh_accommodation", "SELECT cohort, count(DISTINCT source_location) "
                   "FROM v_records WHERE body_id = ? GROUP BY 1", [body]))  # fmt: skip
    # code rows: Q1 46, Q2 43, Q3 35; CJ09 (not in the trust's own lookup) is rejected in each
    assert rows == {"all": 45, "cpa": 42, "s117": 34} and r["rows_rejected"] == 3
    months = _q(mh_db, "mh_accommodation", "SELECT count(DISTINCT period_start), "
                "min(period_start)::VARCHAR, max(period_start)::VARCHAR FROM v_records "
                "WHERE body_id = ?", [body])  # fmt: skip
    assert months == [(37, "2018-01-01", "2021-01-01")]
    rejected = [json.loads(raw) for (raw,) in _q(mh_db, "mh_accommodation", "SELECT raw FROM "
                "rejected_rows WHERE force_id = ? ORDER BY source_sheet", [body])]  # fmt: skip
    held_back = [sum(v == "<5" for v in raw.values()) for raw in rejected]  # Q1, Q2, Q3
    marks = dict(_q(mh_db, "mh_accommodation", "SELECT cohort, count(*) FROM v_records WHERE "
                    "body_id = ? AND count_low < count_high GROUP BY 1", [body]))  # fmt: skip
    assert [marks["all"] + held_back[0], marks["cpa"] + held_back[1],
            marks["s117"] + held_back[2]] == [413, 789, 1239]  # fmt: skip
    jan21_cj09 = 5  # read from sheet Q1, row CJ09, column Jan-21
    assert _month(mh_db, body, "all", "2018-01-01")[0] == 12043
    assert _month(mh_db, body, "all", "2021-01-01")[0] + jan21_cj09 == 13935
    assert _month(mh_db, body, "cpa", "2018-01-01")[0] == 1573
    assert _month(mh_db, body, "s117", "2018-01-01")[0] == 11
    oc99 = _q(mh_db, "mh_accommodation", "SELECT count_low FROM v_records WHERE body_id = ? AND "
              "cohort = 'all' AND accommodation_code = 'OC99' AND period_start = '2018-01-01'",
              [body])  # fmt: skip
    assert oc99 == [(8254,)]


def test_mh_accommodation_report_and_coverage(mh_db, monkeypatch):
    from typer.testing import CliRunner

    from foi_ingest.cli import app

    out = CliRunner().invoke(app, ["report", "--db", str(mh_db), "--request", "mh-accommodation"])
    assert out.exit_code == 0, out.output
    assert "from 3 bodies" in out.output and "Camden and Islington" in out.output
    coverage = dict(_q(mh_db, "mh_accommodation", "SELECT coverage, count(*) FROM v_coverage "
                       "GROUP BY 1"))  # fmt: skip
    assert coverage == {"data": 3, "no_answer": 48}


# --- the validator loop, on real files -------------------------------------------------------


def _map_once(tmp: Path, db: Path, request: str, phrase: str, code: str) -> None:
    """Export the review workbook, map `phrase` to `code` in its 'Map once' sheet, apply it."""
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from foi_ingest.cli import app

    review = tmp / "review.xlsx"
    runner = CliRunner()
    out = runner.invoke(app, ["rejects", "export", str(review), "--db", str(db),
                              "--request", request])  # fmt: skip
    assert out.exit_code == 0, out.output
    wb = load_workbook(review)
    ws = wb["Map once"]
    rows = [r for r in ws.iter_rows(min_row=2) if r[2].value == phrase]
    assert rows, f"'{phrase}' is not offered for mapping"
    rows[0][5].value = code
    wb.save(review)
    applied = runner.invoke(app, ["rejects", "apply", str(review), "--db", str(db),
                                  "--request", request, "--by", "Jo"])  # fmt: skip
    assert applied.exit_code == 0, applied.output


def test_validator_maps_a_trusts_unlisted_code_once_and_it_loads(
    prefect_harness, tmp_path, monkeypatch
):
    """C&I's sheets use 'CJ09', which its own lookup does not define: rejected in Q1-Q3 with
    suggestions; a validator maps it once (here to CJ12, 'other accommodation with criminal
    justice support') and the three rows load on the next run."""
    files = {"Camden and Islington NHS Foundation Trust": TRUSTS[
        "Camden and Islington NHS Foundation Trust"]}  # fmt: skip
    db = _ingest(tmp_path, "mh-accommodation", files)
    assert _q(db, "mh_accommodation", "SELECT count(*) FROM rejected_rows WHERE status = 'open'"
              ) == [(3,)]  # fmt: skip
    _map_once(tmp_path, db, "mh-accommodation", "CJ09", "CJ12")
    loaded = _q(db, "mh_accommodation", "SELECT cohort, count(*) FROM v_records WHERE "
                "accommodation_raw = 'CJ09' GROUP BY 1 ORDER BY 1")  # fmt: skip
    assert loaded == [("all", 37), ("cpa", 37), ("s117", 37)]  # every month of each row
    assert _q(db, "mh_accommodation", "SELECT count(*) FROM rejected_rows WHERE status = 'open'"
              ) == [(0,)]  # fmt: skip


def test_validator_maps_a_police_outcome_wording_once_and_it_loads(
    prefect_harness, tmp_path, monkeypatch
):
    """The hospital-crime pack without one of Durham's wordings ('Cautioned - Youth'): the row is
    rejected with suggestions; mapped once to type_2 it loads, with its three crimes in 2021/22."""
    from foi_ingest.packs.registry import SHIPPED

    packs = tmp_path / "requests"
    shutil.copytree(SHIPPED / "hospital-crime", packs / "hospital-crime")
    vocab = packs / "hospital-crime" / "vocab" / "outcomes.yaml"
    text = vocab.read_text(encoding="utf-8")
    assert "cautioned - youth, " in text
    vocab.write_text(text.replace("cautioned - youth, ", ""), encoding="utf-8")
    monkeypatch.setenv("FOI_REQUESTS_PATH", str(packs))
    db = _ingest(tmp_path, "hospital-crime", {"Durham Constabulary": POLICE["Durham Constabulary"]})
    open_rows = _q(db, "hospital_crime", "SELECT raw, suggestions FROM rejected_rows")
    assert len(open_rows) == 1 and "Cautioned - Youth" in open_rows[0][0]
    assert "type_2" in json.loads(open_rows[0][1])["outcome"]
    _map_once(tmp_path, db, "hospital-crime", "Cautioned - Youth", "type_2")
    assert _q(db, "hospital_crime", "SELECT period_start::VARCHAR, count_low FROM v_records "
              "WHERE outcome = 'type_2'") == [("2021-04-01", 3)]  # fmt: skip
