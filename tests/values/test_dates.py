"""Every shape of date a force writes becomes the right period."""

import datetime as dt

import pytest

from foi_ingest.values.dates import DateProblem, parse_period

D = dt.date


@pytest.mark.parametrize(
    ("cell", "year", "start", "end"),
    [
        (dt.datetime(2011, 3, 12), 2011, D(2011, 3, 12), D(2011, 3, 12)),
        (40614, 2011, D(2011, 3, 12), D(2011, 3, 12)),  # Excel serial
        ("40614", 2011, D(2011, 3, 12), D(2011, 3, 12)),
        ("12.03.2011", 2011, D(2011, 3, 12), D(2011, 3, 12)),
        ("12/03/2011", 2011, D(2011, 3, 12), D(2011, 3, 12)),  # day first, UK
        ("March 2011", 2011, D(2011, 3, 1), D(2011, 3, 31)),
        ("Mar-11", 2011, D(2011, 3, 1), D(2011, 3, 31)),
        ("Feb-12", 2012, D(2012, 2, 1), D(2012, 2, 29)),
        ("2011", 2011, D(2011, 1, 1), D(2011, 12, 31)),
        (2011, 2011, D(2011, 1, 1), D(2011, 12, 31)),
        ("2011/12", 2011, D(2011, 4, 1), D(2012, 3, 31)),  # financial year
        ("2011-2012", 2011, D(2011, 4, 1), D(2012, 3, 31)),
        ("FY 2013/14", 2013, D(2013, 4, 1), D(2014, 3, 31)),
    ],
)
def test_period(cell, year, start, end):
    period = parse_period(cell)
    assert (period.year, period.start, period.end) == (year, start, end)


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_empty_cell_has_no_period(cell):
    assert parse_period(cell) is None


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2012", "day is out of range"),
        ("2011/13", "not a financial year"),
        ("soon", "not understood"),
        ("1850", "outside"),
    ],
)
def test_unreadable_dates_say_why(cell, message):
    with pytest.raises(DateProblem, match=message):
        parse_period(cell)


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2019-04-01", dt.date(2019, 4, 1)),  # year first: ISO 8601, never 4 January
        ("2019/04/01", dt.date(2019, 4, 1)),
        ("2021-12-03 00:00:00", dt.date(2021, 12, 3)),
        ("01/04/2019", dt.date(2019, 4, 1)),  # day first, as UK returns write it
        ("3.12.2021", dt.date(2021, 12, 3)),
    ],
)
def test_a_date_that_starts_with_its_year_is_year_month_day(cell, day):
    period = parse_period(cell)
    assert (period.start, period.end) == (day, day)
