"""Layout: header found under title rows; every other row classified, none dropped."""

from foi_ingest.mapping.columns import header_reader
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.parsers.base import RawRow, RawTable
from foi_ingest.parsers.layout import find_layout

REQ = load_pack("police-social-media")


def read_layout(table):
    """The layout as the police request's headers read it."""
    return find_layout(table, header_reader(REQ))


def table(*rows, name="Sheet1", hidden=False) -> RawTable:
    return RawTable(
        name, [RawRow(list(r), row=i + 1, sheet=name) for i, r in enumerate(rows)], hidden=hidden
    )


def kinds(layout) -> dict[int, str]:
    out = {s.row.row: s.kind for s in layout.skipped}
    out.update({d.row.row: "data" for d in layout.data})
    return dict(sorted(out.items()))


def test_title_rows_total_footnote_and_blank_rows():
    lay = read_layout(
        table(
            ["Greater Manchester Police", None, None, None],
            ["FOI 1234/14", None, None, None],
            [None, None, None, None],
            ["Rank", "Date Recorded", "Summary of allegation", "Outcome"],
            ["PC", "2011", "Posted", "NFA"],
            [None, None, None, None],
            ["Total", None, None, 1],
            ["* Figures extracted from the Professional Standards database on 3 March 2014."],
        ),
    )
    assert lay.kind == "cases"
    assert [c.value for c in lay.columns] == [
        "rank_raw",
        "date_raw",
        "allegation_raw",
        "outcome_raw",
    ]
    assert kinds(lay) == {
        1: "title",
        2: "title",
        3: "blank",
        4: "header",
        5: "data",
        6: "blank",
        7: "total",
        8: "footnote",
    }


def test_two_row_merged_header_and_year_sections():
    lay = read_layout(
        table(
            ["Date", "Officer", "Misconduct", "Misconduct"],
            ["Date", "Rank", "Allegation", "Outcome"],
            ["2011", "2011", "2011", "2011"],  # a section row merged across the table
            [None, "PC", "Posted", "NFA"],
            ["2012", None, None, None],
            [None, "DC", "Posted", "FWW"],
        ),
    )
    assert [c.value for c in lay.columns] == [
        "date_raw",
        "rank_raw",
        "allegation_raw",
        "outcome_raw",
    ]
    assert kinds(lay) == {
        1: "header",
        2: "header",
        3: "section",
        4: "data",
        5: "section",
        6: "data",
    }
    assert [d.section for d in lay.data] == ["2011", "2012"]


def test_count_table_with_years_across_the_top():
    lay = read_layout(
        table(["Outcome", 2010, 2011, "Total"], ["Dismissed", 1, "<5", 3]),
    )
    assert lay.kind == "counts"
    assert [c.kind for c in lay.columns] == ["field", "year", "year", "total"]


def test_repeated_header_on_a_new_page_is_skipped_as_header():
    lay = read_layout(
        table(["Rank", "Outcome"], ["PC", "NFA"], ["Rank", "Outcome"], ["DC", "FWW"]),
    )
    assert kinds(lay) == {1: "header", 2: "data", 3: "header", 4: "data"}


def test_notes_sheet_and_hidden_sheet_hold_no_cases():
    notes = read_layout(
        table(["Please find the information requested on the next sheets."]),
    )
    hidden = read_layout(table(["Outcome"], ["NFA"], hidden=True))
    assert (notes.kind, kinds(notes)) == ("none", {1: "notes"})
    assert (hidden.kind, kinds(hidden)) == ("none", {1: "hidden", 2: "hidden"})
