"""Turning whatever a force wrote in a date column into `year`, `period_start`, `period_end`.

A date cell may be a real date, an Excel serial number, text in several shapes, a year alone or a
financial year. The precision is kept as a period: 'March 2011' is the whole month, '2011/12' is
1 April 2011 to 31 March 2012 (year 2011, the year the financial year starts).
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil import parser as dateparser

from foi_ingest.values.text import clean_cell

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FY = re.compile(r"^(?:fy\s*)?(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})$", re.I)
_YEAR = re.compile(r"^\d{4}(?:\.0)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_MONTH_YY = re.compile(r"^([a-z]{3,9})[\s\-/.']+(\d{2})$", re.I)  # 'Mar-11', 'March 11'
_MONTHS = (
    {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
    | {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
    | {"sept": 9}
)
_MIN_YEAR, _MAX_YEAR = 1990, 2035


class DateProblem(ValueError):
    """A date cell that cannot be read; the message quotes the cell."""


@dataclass(frozen=True)
class Period:
    year: int
    start: dt.date
    end: dt.date


def month_period(year: int, month: int) -> Period:
    """The calendar month `month` of `year`."""
    return _month(year, month)


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(year, dt.date(year, month, 1), dt.date(year, month, last))


def _day(day: dt.date) -> Period:
    return Period(day.year, day, day)


def _check(period: Period, raw: object) -> Period:
    if not _MIN_YEAR <= period.year <= _MAX_YEAR:
        raise DateProblem(f"date '{raw}' gives year {period.year}, outside {_MIN_YEAR}-{_MAX_YEAR}")
    return period


def parse_period(value: object) -> Period | None:
    """The period a date cell stands for, or None for an empty cell; DateProblem if unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _check(_day(value.date()), value)
    if isinstance(value, dt.date):
        return _check(_day(value), value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = clean_cell(value)
    if not text:
        return None
    found = _parse_cached(text)
    if isinstance(found, DateProblem):
        raise DateProblem(str(found))
    return found


@lru_cache(maxsize=1 << 16)  # a return holds few distinct dates; parse each once
def _parse_cached(text: str) -> "Period | DateProblem":
    try:
        return _parse_str(text)
    except DateProblem as exc:
        return exc


def _parse_str(text: str) -> Period:
    if _YEAR.match(text):
        year = int(float(text))
        return _check(Period(year, dt.date(year, 1, 1), dt.date(year, 12, 31)), text)
    fy = _FY.match(text)
    if fy:
        first = int(fy.group(1))
        second = fy.group(2)
        second_year = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if second_year != first + 1:
            raise DateProblem(f"'{text}' is not a financial year (years must be consecutive)")
        return _check(Period(first, dt.date(first, 4, 1), dt.date(first + 1, 3, 31)), text)
    month_yy = _MONTH_YY.match(text)
    if month_yy and month_yy.group(1).lower() in _MONTHS:
        year = 2000 + int(month_yy.group(2))
        return _check(_month(year, _MONTHS[month_yy.group(1).lower()]), text)
    if _SERIAL.match(text):
        day = _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
        return _check(_day(day), text)
    return _check(_parse_text(text), text)


_YEAR_FIRST = re.compile(r"^\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?\b")


def _parse_text(text: str) -> Period:
    """Day-first text dates (a UK return's 01/04/2019 is 1 April), but a date that starts with
    its year is year, month, day (ISO 8601: 2019-04-01 is 1 April, never 4 January); a missing
    day makes the period the whole month."""
    first = not _YEAR_FIRST.match(text)
    try:
        a = dateparser.parse(
            text, dayfirst=first, yearfirst=not first, default=dt.datetime(2000, 1, 1)
        )
        b = dateparser.parse(
            text, dayfirst=first, yearfirst=not first, default=dt.datetime(2001, 2, 28)
        )
    except (ValueError, OverflowError) as exc:
        raise DateProblem(f"date '{text}' not understood ({exc})") from exc
    if a.year != b.year:
        raise DateProblem(f"date '{text}' has no year")
    if a.month != b.month:
        raise DateProblem(f"date '{text}' has no month")
    if a.day != b.day:
        return _month(a.year, a.month)
    return _day(a.date())


def month_number(label: object) -> int | None:
    """The month a header names by its name alone ('Jan', 'January', 'Sept'), or None: its year
    comes from the row (a 'Year' column) or the table (a year band above the months)."""
    return _MONTHS.get(clean_cell(label).lower().rstrip("."))


# --- periods written in a header: footnote marks, partial years ---------------------------------

_HEADER_MARK = re.compile(r"\s*(\*+|†+|‡+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\w{1,2}\]|\((?:[a-z]|\d)\)|\^\w+)$")
_MONTH_RANGE = r"([a-z]{3,9})\.?\s*(?:-|–|to)\s*([a-z]{3,9})\.?"
_YEAR_THEN_MONTHS = re.compile(rf"^(\d{{4}})\s*[(\[]?\s*{_MONTH_RANGE}\s*(?:only)?[)\]]?$", re.I)
_MONTHS_THEN_YEAR = re.compile(rf"^{_MONTH_RANGE}\s+(\d{{4}})$", re.I)
_TO_DATE = re.compile(
    r"^(\d{4}(?:\s*[/\-–]\s*\d{2,4})?)\s*[(\[]?\s*(?:to date|ytd|year to date|so far|part year|"
    r"partial|part|incomplete|provisional)\s*[)\]]?$",
    re.I,
)


@dataclass(frozen=True)
class HeaderPeriod:
    """A header's period, its footnote mark (to look up in the notes) and whether the header
    itself says the period is partial ('2014 to date')."""

    period: Period
    mark: str | None = None
    partial: bool = False


def _months(year: int, first: str, last: str) -> Period | None:
    a, b = _MONTHS.get(first.lower()), _MONTHS.get(last.lower())
    if a is None or b is None or b < a:
        return None
    end = calendar.monthrange(year, b)[1]
    return Period(year, dt.date(year, a, 1), dt.date(year, b, end))


def header_period(label: object) -> HeaderPeriod | None:
    """The period a column header stands for, if it is one of a month or longer: '2014',
    '2011/12', 'Jan-18', '2014*' (mark kept), '2014 (Jan-Feb)', 'Apr-Dec 2013', '2014 to date'."""
    if isinstance(label, dt.date | dt.datetime) or (
        isinstance(label, int | float) and not isinstance(label, bool)
    ):
        try:
            period = parse_period(label)
        except DateProblem:
            return None
        if period and period.start == period.end and period.start.day == 1:
            return HeaderPeriod(_month(period.year, period.start.month))  # 'Jan-18' as a date
        return HeaderPeriod(period) if period and period.start != period.end else None
    text = clean_cell(label)
    mark = None
    found = _HEADER_MARK.search(text)
    if found and found.start() > 0:
        mark, text = found.group(1), text[: found.start()].strip()
    if not any(ch.isdigit() for ch in text):
        return None
    m = _YEAR_THEN_MONTHS.match(text)
    if m:
        period = _months(int(m.group(1)), m.group(2), m.group(3))
        return HeaderPeriod(period, mark, True) if period else None
    m = _MONTHS_THEN_YEAR.match(text)
    if m:
        period = _months(int(m.group(3)), m.group(1), m.group(2))
        return HeaderPeriod(period, mark, True) if period else None
    span = _span(text)
    if span is not None:
        return HeaderPeriod(span, mark, False)
    partial = False
    m = _TO_DATE.match(text)
    if m:
        text, partial = m.group(1), True
    try:
        period = parse_period(text)
    except DateProblem:
        return None
    if period is None or (period.end - period.start).days < 27:
        return None
    if _MIN_YEAR <= period.year <= _MAX_YEAR:
        return HeaderPeriod(period, mark, partial)
    return None


_SPAN = re.compile(r"^(.+?)\s*(?:\s-\s|\s–\s|–|\sto\s)\s*(.+)$", re.I)
_FY_SHORT = re.compile(r"^fy\s*(\d{2})\s*[/\-–]\s*(\d{2})$", re.I)


def _span(text: str) -> Period | None:
    """A header written as a span: 'April 2011 - March 2012', '01/04/2011 to 31/03/2012',
    'FY11/12'; None where it is not one."""
    fy = _FY_SHORT.match(text)
    if fy and int(fy.group(2)) == (int(fy.group(1)) + 1) % 100:
        first = 2000 + int(fy.group(1))
        return Period(first, dt.date(first, 4, 1), dt.date(first + 1, 3, 31))
    m = _SPAN.match(text)
    if not m or not any(c.isalpha() or c == "/" for c in m.group(1)):
        return None
    try:
        a, b = parse_period(m.group(1)), parse_period(m.group(2))
    except DateProblem:
        return None
    if a is None or b is None or b.end < a.start or (b.end - a.start).days < 27:
        return None
    return Period(a.start.year, a.start, b.end)


_NOTE_SPAN = re.compile(
    r"(?:(?:from|between)\s+(?P<start>.+?)\s+)?(?:to|until|up to|and|as at|as of|-|–)\s+"
    r"(?P<end>(?:the\s+)?(?:end of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[a-z]{3,9}\.?(?:\s+\d{4})?|"
    r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)\b",
    re.I,
)


def period_from_note(period: Period, note: str) -> Period | None:
    """The part of `period` a footnote gives ('* to 28 February', '* 1 January to 28 February
    2014', '* data up to end of February'), or None when the note names no date."""
    text = clean_cell(note).lstrip("*†‡¹²³⁴⁵⁶⁷⁸⁹⁰ ").strip()
    m = _NOTE_SPAN.search(text)
    if not m:
        months = re.search(rf"\b{_MONTH_RANGE}\b", text, re.I)
        found = _months(period.start.year, months.group(1), months.group(2)) if months else None
        return found if found and period.start <= found.start <= period.end else None
    end = _note_date(m.group("end"), period, last=True)
    start = _note_date(m.group("start"), period, last=False) if m.group("start") else period.start
    if end is None or start is None or not period.start <= start <= end <= period.end:
        return None
    return Period(start.year, start, end)


def _note_date(text: str, period: Period, *, last: bool) -> dt.date | None:
    text = re.sub(r"^(?:the\s+)?(?:end of\s+)?", "", text.strip(), flags=re.I)
    year = period.end.year if last else period.start.year
    try:
        a = dateparser.parse(text, dayfirst=True, default=dt.datetime(year, 1, 1))
        b = dateparser.parse(text, dayfirst=True, default=dt.datetime(year, 1, 28))
    except (ValueError, OverflowError):
        return None
    if a.day != b.day:  # no day written: the month's first or last day
        day = calendar.monthrange(a.year, a.month)[1] if last else 1
        return dt.date(a.year, a.month, day)
    return a.date()
