"""The generic tables are declared once, as the row types of records.py: the warehouse's
columns, their NULL-ability and the loader's Arrow schemas all come from them."""

import duckdb

from foi_ingest.packs import load_pack
from foi_ingest.records import REJECTED_COLUMNS, RESPONSE_COLUMNS, Response
from foi_ingest.warehouse.db import connect
from foi_ingest.warehouse.rows import REJECTED, RESPONSES, SKIPPED, TABLES


def test_each_generic_table_has_exactly_its_row_types_columns(tmp_path):
    db = tmp_path / "w.duckdb"
    with connect(db, request=load_pack("mh-accommodation")):
        pass
    with duckdb.connect(str(db), read_only=True) as con:
        for table in TABLES:
            described = con.execute(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                "WHERE table_schema = 'mh_accommodation' AND table_name = ? "
                "ORDER BY ordinal_position", [table.name],
            ).fetchall()  # fmt: skip
            declared = [(c.name, c.sql, "YES" if c.nullable else "NO") for c in table.columns()]
            assert described[: len(declared)] == declared, table.name
            assert [d[0] for d in described[len(declared) :]] == [n for n, _ in table.extra]


def test_the_loader_and_the_type_checker_read_the_same_declaration():
    assert [c.name for c in RESPONSES.columns()] == list(RESPONSE_COLUMNS)
    assert list(RESPONSE_COLUMNS) == [k for k in Response.__annotations__ if k[0] != "_"]
    assert REJECTED.arrow_schema().names == list(REJECTED_COLUMNS)
    assert SKIPPED.arrow_schema().names == ["source_file", "source_location", "source_row",
                                            "kind", "text"]  # fmt: skip
    nullable = {c.name: c.nullable for c in RESPONSES.columns()}
    assert (nullable["status"], nullable["force_id"], nullable["stated_total"]) == (
        False, True, True
    )  # fmt: skip
