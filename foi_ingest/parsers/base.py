"""The raw shapes every parser yields: documents of tables of rows of cells, with locations."""

from dataclasses import dataclass, field


@dataclass
class RawRow:
    """One row as the force wrote it. `row` is the number a person sees in the source."""

    cells: list[object]
    row: int
    sheet: str | None = None
    page: int | None = None

    @property
    def location(self) -> str:
        where = []
        if self.sheet is not None:
            where.append(f"sheet '{self.sheet}'")
        if self.page is not None:
            where.append(f"page {self.page}")
        where.append(f"row {self.row}")
        return " ".join(where)


@dataclass
class RawTable:
    """A block of rows: an Excel sheet, a CSV file, or a (stitched) PDF table."""

    name: str
    rows: list[RawRow]
    hidden: bool = False


@dataclass
class RawDocument:
    """Everything a parser read from one file: tables, and the letter text around them."""

    format: str
    tables: list[RawTable] = field(default_factory=list)
    text: str = ""
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
