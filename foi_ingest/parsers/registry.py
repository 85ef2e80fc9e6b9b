"""Which parser reads a file: sniffed by content (magic bytes), never by extension alone.

Adding a format is one module with a function decorated `@register(Format.X, sniffer,
Capabilities(...))`: what the format can hold is declared there, so no later step tests a format
string.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from foi_ingest.errors import EmptyFile, IngestError, UnsupportedFormat
from foi_ingest.limits import current, over
from foi_ingest.parsers.base import RawDocument
from foi_ingest.parsers.header import HeaderReader


class Format(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"
    CSV = "csv"


@dataclass(frozen=True)
class ReadOptions:
    """What the request layer lends a reader; a reader that needs none ignores it.

    `header`: what a header cell names, for a reader that finds tables by their header (a PDF
    table without ruling lines starts at a line that names the request's columns)."""

    header: HeaderReader | None = None


@dataclass(frozen=True)
class Capabilities:
    """What a format's documents can be and hold, for the steps after reading."""

    letter: bool = False
    """A document of this format may be a letter whose text answers in words (a PDF): its whole
    text is read for refusals, nil returns and figures, not only the notes around tables."""
    sheet_names_are_periods: bool = False
    """A table's name may be its period ('2014' as a workbook's sheet name)."""
    sniff_order: int = 50
    """Sniffers run in this order, most specific magic first (plain text last)."""
    costly: bool = False
    """Reading costs far more than the file's size says (a PDF's pages are rendered and cut):
    such a file gets a parse task to itself, and Dask workers get an even share of them."""


Parser = Callable[[Path, ReadOptions], RawDocument]
Sniffer = Callable[[bytes], bool]
_PARSERS: dict[str, tuple[Sniffer, Parser, Capabilities]] = {}
"""Registered formats by name (`Format` names the built-in ones)."""


def register(
    fmt: str, sniffer: Sniffer, capabilities: Capabilities = Capabilities()
) -> Callable[[Parser], Parser]:
    """Register `parser` for `fmt`; `sniffer` looks at the file's first 8 KiB."""

    def wrap(parser: Parser) -> Parser:
        _PARSERS[fmt] = (sniffer, parser, capabilities)
        return parser

    return wrap


def costly(path: Path) -> bool:
    """Whether the file's format is `costly` to read (see `Capabilities`)."""
    fmt = format_of(path)
    return fmt is not None and capabilities_of(fmt).costly


def capabilities_of(fmt: str) -> Capabilities:
    """What documents of a format (a `RawDocument.format`) can be and hold."""
    found = _PARSERS.get(str(fmt))
    return found[2] if found else Capabilities()


def sniff(path: Path) -> str:
    """The format of a file from its first bytes; UnsupportedFormat with a reason otherwise."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if not head:
        raise EmptyFile("empty file (0 bytes)")
    for fmt, (sniffer, _, _) in sorted(_PARSERS.items(), key=lambda kv: kv[1][2].sniff_order):
        if sniffer(head):
            return fmt
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat(
            "legacy Office file (.xls/.doc) or password-protected workbook: "
            "save it as .xlsx or ask the force for an unprotected copy"
        )
    if head.startswith(b"PK"):
        raise UnsupportedFormat("zip archive that is not an Excel workbook (e.g. .docx): not read")
    raise UnsupportedFormat("binary file of unknown format: not an Excel, PDF or text file")


def format_of(path: Path) -> str | None:
    """The format `sniff` finds, or None where it would refuse the file."""
    try:
        return sniff(path)
    except IngestError:
        return None


def parser_for(fmt: str) -> Parser:
    return _PARSERS[fmt][1]


def read_document(path: Path, options: ReadOptions | None = None) -> RawDocument:
    """Sniff and read one file. Only the project's error types leave: anything else a reading
    library raises on a damaged file becomes UnsupportedFormat with what it said."""
    limits = current()
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UnsupportedFormat(over("max_file_bytes", size, limits.max_file_bytes))
    fmt = sniff(path)
    try:
        return parser_for(fmt)(path, options or ReadOptions())
    except IngestError:
        raise
    except RecursionError as exc:
        raise UnsupportedFormat(f"damaged {fmt} file: nested too deeply to read") from exc
    except Exception as exc:  # the boundary: libraries raise many types on damaged files
        raise UnsupportedFormat(
            f"damaged {fmt} file ({type(exc).__name__}: {str(exc)[:200]})"
        ) from exc
    except BaseException as exc:
        # a Rust reader (calamine) that panics raises pyo3's PanicException, a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise UnsupportedFormat(f"damaged {fmt} file (the reader gave up: {exc})") from exc
