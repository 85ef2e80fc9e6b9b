"""CSV and other delimited text: any encoding a force's system writes, any common delimiter.

Named `delimited` so it does not shadow the standard library's `csv`. Files are read into
columns by Arrow's CSV reader (records of one width) or pandas' C parser (shorter rows padded);
the csv module reads, record by record, the few files whose records span lines or break a
limit, so that every row keeps the line it starts on.
"""

import csv
import io
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from charset_normalizer import from_bytes

from foi_ingest.errors import EmptyFile, UnsupportedFormat
from foi_ingest.limits import Limits, current, over
from foi_ingest.parsers.base import RawDocument, RawRow, RawTable
from foi_ingest.parsers.registry import Capabilities, Format, ReadOptions, register

DELIMITERS = (",", ";", "\t", "|")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return control <= len(head) // 100


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM) first, then what
    charset-normalizer finds (cp1252 and Latin-1 for older UK systems)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        best = from_bytes(data).best()
        if best is None:
            raise UnsupportedFormat(
                "text in an unknown encoding: not UTF-8, cp1252 or Latin-1"
            ) from exc
        return str(best), best.encoding


def head_lines(text: str, lines: int) -> str:
    """The first `lines` lines of `text`, found without splitting (or copying) the rest."""
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[: end + 1]


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of fields."""
    sample = head_lines(text, 40).splitlines()[:40]
    best, best_score = ",", -1
    for delim in DELIMITERS:
        try:
            widths = Counter(len(r) for r in csv.reader(sample, delimiter=delim) if len(r) > 1)
        except csv.Error:
            continue  # e.g. a field over the limit: the reader reports it with its line
        if not widths:
            continue
        width, freq = widths.most_common(1)[0]
        score = freq * 100 + width
        if score > best_score:
            best, best_score = delim, score
    return best


def _fast_columns(
    path: Path, data: bytes, text: str, encoding: str, delim: str, limits: Limits
) -> list | None:
    """The file's columns (Arrow text, or object arrays) read by a C reader, or None where only
    the csv module can say exactly which line each record starts on or which limit a record
    breaks.

    That is: a record spanning lines (quoted line breaks), old Mac line endings, a field over
    the field limit, or a record wider than the first thousand lines. The slow path reads those
    files the same way, one record at a time. Arrow's multi-threaded reader takes a file whose
    records all have one width; pandas' reader one with shorter rows too (titles, blank lines,
    totals), padding them. Cells stay text as written.
    """
    # checked on UTF-8 bytes (no line break inside a multi-byte character): a scan of bytes is
    # several times faster than of text holding characters outside Latin-1
    source = data if encoding in ("utf-8", "utf-8-sig") else text.encode("utf-8")
    if b"\r" in source and source.count(b"\r") != source.count(b"\r\n"):
        return None
    try:
        # a record cut at the end of these lines fails here and goes the slow way: still exact
        head = list(csv.reader(io.StringIO(head_lines(text, 1000)), delimiter=delim))
    except csv.Error:
        return None  # the slow path names the problem and its line
    width = max((len(r) for r in head), default=0)
    if not width or width > limits.max_columns:
        return None
    columns = _arrow_columns(source, delim, width)
    if columns is None:
        frame = _pandas_frame(path, encoding, delim, width)
        if frame is None:
            return None
        columns = [_column(frame[c]) for c in frame.columns]
    if len(columns[0]) != source.count(b"\n") + (not source.endswith(b"\n")):
        return None
    longest = max((_longest(c) for c in columns), default=0)
    return columns if longest <= limits.csv_max_field_bytes else None


def _arrow_columns(source: bytes, delim: str, width: int) -> list | None:
    """Arrow text columns from UTF-8 `source`, or None when a record is not `width` fields
    wide."""
    names = [str(i) for i in range(width)]
    ragged: list[int] = []

    def other_width(row) -> str:
        ragged.append(row.number)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.py_buffer(source),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=delim, ignore_empty_lines=False, invalid_row_handler=other_width
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()), null_values=[""],
                strings_can_be_null=True, quoted_strings_can_be_null=True,
            ),
        )  # fmt: skip
    except (pa.ArrowInvalid, ValueError):
        return None
    if ragged or not table.num_columns:
        return None
    return [column.combine_chunks() for column in table.columns]


def _pandas_frame(path: Path, encoding: str, delim: str, width: int) -> pd.DataFrame | None:
    """pandas' C reader, rows shorter than `width` padded; a numeric column read again as text."""
    options = dict(
        sep=delim, header=None, names=range(width), encoding=encoding, keep_default_na=False,
        na_values=[""], skip_blank_lines=False, engine="c",
    )  # fmt: skip
    try:
        frame = pd.read_csv(path, **options)
        numeric = [c for c in frame.columns if not _is_text(frame[c])]
        if numeric:
            again = pd.read_csv(path, usecols=numeric, dtype=object, **options)
            for col in numeric:
                frame[col] = again[col]
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError):
        return None  # a wider record further down: read record by record
    return frame


def _column(series: pd.Series):
    """A frame column as Arrow text, or as objects (None for missing)."""
    if _is_text(series):
        return pa.array(series.array)  # pandas' public Arrow protocol (__arrow_array__)
    return series.to_numpy(dtype=object, na_value=None)


def _is_text(column: pd.Series) -> bool:
    return isinstance(column.array, pd.arrays.ArrowStringArray)


def _longest(column) -> int:
    """The longest field in bytes of UTF-8 (the limit's unit), from Arrow's offsets alone."""
    if isinstance(column, pa.Array):
        longest = pc.max(pc.binary_length(column)).as_py()
    else:
        longest = max((len(str(v).encode()) for v in column if v is not None), default=0)
    return int(longest or 0)


@register(Format.CSV, _looks_like_text, Capabilities(sniff_order=90))  # any text: last
def read_delimited(path: Path, options: ReadOptions | None = None) -> RawDocument:
    """Every record of the file as a row; `row` is the line on which the record starts."""
    data = path.read_bytes()
    text, encoding = decode(data)
    if not text.strip():
        raise EmptyFile("empty file (only whitespace)")
    limits = current()
    csv.field_size_limit(limits.csv_max_field_bytes)
    delim = detect_delimiter(text)
    columns = _fast_columns(path, data, text, encoding, delim, limits)
    del data
    if columns is not None:
        numbers = np.arange(1, len(columns[0]) + 1, dtype=np.int64)
        table = RawTable(path.name, columns=columns, row_numbers=numbers)
    else:
        table = RawTable(path.name, _records(text, delim, limits))
    return RawDocument(
        Format.CSV, [table], text=text if len(text) < 200_000 else "", encoding=encoding
    )


def _records(text: str, delim: str, limits: Limits) -> list[RawRow]:
    """Record by record with the csv module, noting the line each record starts on."""
    rows: list[RawRow] = []
    line = 1
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        for record in reader:
            if len(record) > limits.max_columns:
                raise UnsupportedFormat(
                    f"line {line}: " + over("max_columns", len(record), limits.max_columns)
                )
            rows.append(RawRow([c if c.strip() else None for c in record], row=line))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _unreadable(exc, line, limits) from exc
    return rows


def _unreadable(exc: csv.Error, line: int, limits: Limits) -> UnsupportedFormat:
    if "field larger than field limit" in str(exc):
        return UnsupportedFormat(
            f"line {line}: a field is over the limit of {limits.csv_max_field_bytes:,} "
            "bytes; raise it with FOI_LIMIT_CSV_MAX_FIELD_BYTES=N if the file is genuine"
        )
    return UnsupportedFormat(f"line {line}: not a readable CSV ({exc})")
