"""CSV and other delimited text: any encoding a force's system writes, any common delimiter.

Named `delimited` so it does not shadow the standard library's `csv`.
"""

import csv
import io
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes

from foi_ingest.errors import EmptyFile, UnsupportedFormat
from foi_ingest.limits import current, over
from foi_ingest.parsers.base import RawDocument, RawRow, RawTable
from foi_ingest.parsers.registry import Format, register

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


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the most sample lines into the same number (>1) of fields."""
    sample = text.splitlines()[:40]
    best, best_score = ",", -1
    for delim in DELIMITERS:
        widths = Counter(len(r) for r in csv.reader(sample, delimiter=delim) if len(r) > 1)
        if not widths:
            continue
        width, freq = widths.most_common(1)[0]
        score = freq * 100 + width
        if score > best_score:
            best, best_score = delim, score
    return best


@register(Format.CSV, _looks_like_text)
def read_delimited(path: Path) -> RawDocument:
    """Every record of the file as a row; `row` is the line on which the record starts."""
    data = path.read_bytes()
    text, encoding = decode(data)
    if not text.strip():
        raise EmptyFile("empty file (only whitespace)")
    limits = current()
    csv.field_size_limit(limits.csv_max_field_bytes)
    rows: list[RawRow] = []
    line = 1
    try:
        delim = detect_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        for record in reader:
            if len(record) > limits.max_columns:
                raise UnsupportedFormat(
                    f"line {line}: " + over("max_columns", len(record), limits.max_columns)
                )
            rows.append(RawRow([c if c.strip() else None for c in record], row=line))
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise UnsupportedFormat(
                f"line {line}: a field is over the limit of {limits.csv_max_field_bytes:,} "
                "bytes; raise it with FOI_LIMIT_CSV_MAX_FIELD_BYTES=N if the file is genuine"
            ) from exc
        raise UnsupportedFormat(f"line {line}: not a readable CSV ({exc})") from exc
    return RawDocument(
        Format.CSV,
        [RawTable(path.name, rows)],
        text=text if len(text) < 200_000 else "",
        encoding=encoding,
    )
