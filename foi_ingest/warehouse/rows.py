"""The warehouse's generic tables and their Arrow types, written from the row types of
`records.py`: a column is declared once, as a key of its TypedDict.

A key's type gives its column: `str` VARCHAR, `int` INTEGER, `list[str]` VARCHAR[], a `dict`
VARCHAR (JSON text); `X | None` may be NULL, anything else is NOT NULL. What SQL alone says (a
timestamp the loader adds, a default, a check across columns) is given beside the row type in
`TABLES`. Keys starting with '_' travel with a row inside a run and are never stored.
"""

import types
import typing
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from foi_ingest.records import RejectedRow, Response, SkippedRow, UnappliedDecision

_TEXT = pa.large_string()
_PROBLEM = pa.struct([(k, _TEXT) for k in ("code", "field", "value", "message")])


@dataclass(frozen=True)
class Column:
    name: str
    sql: str
    arrow: Any
    nullable: bool


@dataclass(frozen=True)
class RowTable:
    """One generic table: its row type, and what only SQL says."""

    name: str
    row: type
    extra: tuple[tuple[str, str], ...] = ()  # (column, SQL type and constraints), not in the row
    defaults: tuple[tuple[str, str], ...] = ()  # (column, SQL default)
    checks: tuple[str, ...] = ()

    def columns(self) -> list[Column]:
        """The stored columns of the row type, in declaration order."""
        hints = typing.get_type_hints(self.row)
        return [_column(k, hints[k]) for k in self.row.__annotations__ if not k.startswith("_")]

    def ddl(self) -> str:
        """`CREATE TABLE IF NOT EXISTS` for this table."""
        defaults = dict(self.defaults)
        parts = [
            f"{c.name} {c.sql}{'' if c.nullable else ' NOT NULL'}"
            + (f" DEFAULT {defaults[c.name]}" if c.name in defaults else "")
            for c in self.columns()
        ]
        parts += [f"{name} {sql}" for name, sql in self.extra]
        parts += [f"CHECK ({check})" for check in self.checks]
        body = ",\n    ".join(parts)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {body}\n)"

    def arrow_schema(self, *more: tuple[str, Any]) -> pa.Schema:
        """The Arrow schema the loader hands DuckDB (plus columns it adds itself)."""
        return pa.schema([(c.name, c.arrow) for c in self.columns()] + list(more))


def _column(name: str, hint: Any) -> Column:
    nullable = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(hint))
        hint = args[0]
    origin = typing.get_origin(hint) or hint
    if origin is list:
        return Column(name, "VARCHAR[]", pa.list_(_TEXT), nullable)
    if origin is dict:
        return Column(name, "VARCHAR", _TEXT, nullable)  # JSON text
    if hint is int:
        return Column(name, "INTEGER", pa.int64(), nullable)
    return Column(name, "VARCHAR", _TEXT, nullable)


_PROBLEMS_SQL = "STRUCT(code VARCHAR, field VARCHAR, value VARCHAR, message VARCHAR)[]"
RESPONSES = RowTable(
    "responses", Response,
    extra=(("loaded_at", "TIMESTAMP NOT NULL"), ("warning_problems", _PROBLEMS_SQL)),
    checks=("rows_read = rows_loaded + rows_rejected + rows_skipped",),
)  # fmt: skip
REJECTED = RowTable(
    "rejected_rows", RejectedRow,
    extra=(("problems", _PROBLEMS_SQL),),
    defaults=(("status", "'open'"),),
)  # fmt: skip
SKIPPED = RowTable("skipped_rows", SkippedRow)
UNAPPLIED = RowTable("unapplied_decisions", UnappliedDecision)
TABLES = (RESPONSES, REJECTED, SKIPPED, UNAPPLIED)
"""Every generic table of a request's schema (its `cases` comes from the pack's fields)."""
PROBLEMS_ARROW = pa.list_(_PROBLEM)
"""`rejected_rows.problems`: each reason as (code, field, value, message)."""
