"""A format is one parser module: it registers its sniffer and declares what its documents can
be (a letter, sheet names as periods, costly to read, sniff order); no later step tests a
format's name. Shown with a format made up here: lines of `key=value` pairs."""

import json

import pytest

from foi_ingest.flows.batching import batches
from foi_ingest.flows.discover import Found
from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import load_pack
from foi_ingest.parsers import registry
from foi_ingest.parsers.base import RawDocument, RawRow, RawTable
from foi_ingest.parsers.registry import Capabilities, capabilities_of, register, sniff

REQ = load_pack("police-social-media")


@pytest.fixture
def key_values():
    """`#kv` files: each line a record of `key=value` pairs, split by '|'."""

    def read(path, options) -> RawDocument:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        pairs = [dict(p.split("=", 1) for p in line.split("|")) for line in lines]
        header = list(pairs[0])
        rows = [RawRow(header, 1)] + [
            RawRow([p.get(k) for k in header], i) for i, p in enumerate(pairs, start=2)
        ]
        return RawDocument("kv", [RawTable(path.name, rows)], text="")

    register("kv", lambda head: head.startswith(b"#kv"), Capabilities(sniff_order=5,
             costly=True))(read)  # fmt: skip
    yield
    registry._PARSERS.pop("kv")


def test_a_new_format_is_sniffed_before_text_and_read_through_the_whole_pipeline(
    key_values, tmp_path
):
    path = tmp_path / "inbox" / "Kent Police" / "cases.txt"
    path.parent.mkdir(parents=True)
    path.write_text(
        "#kv\nRank=PC|Date=01/02/2012|Outcome=Dismissed\n"
        "Rank=Sergeant|Date=03/04/2013|Outcome=Reprimand\n",
        encoding="utf-8",
    )
    assert sniff(path) == "kv"  # before the text sniffer, which would take it as a CSV
    result = process_file(REQ, path, tmp_path / "inbox", "run")
    r = result.response
    assert (r["format"], r["rows_read"], r["rows_loaded"], r["rows_rejected"]) == ("kv", 3, 1, 1)
    assert list(result.cases["outcome"].astype(str)) == ["dismissed"]
    assert json.loads(json.dumps(result.rejected[0]["reasons"])) == ["unknown outcome 'Reprimand'"]
    # declared costly: a file of it gets a parse task to itself
    small = tmp_path / "inbox" / "Kent Police" / "a.csv"
    small.write_text("Rank,Date,Outcome\nPC,01/02/2012,Dismissed\n", encoding="utf-8")
    found = [Found(p, tmp_path / "inbox") for p in [small] * 40 + [path] + [small] * 40]
    groups = batches(found)
    assert [g for g in groups if path in (f.path for f in g)] == [[found[40]]]
    assert max(len(g) for g in groups) > 1  # small files share their tasks


def test_the_built_in_formats_declare_what_the_flow_asks_of_them():
    assert capabilities_of("pdf") == Capabilities(letter=True, sniff_order=10, costly=True)
    assert capabilities_of("xlsx").sheet_names_are_periods
    assert not capabilities_of("csv").letter and capabilities_of("csv").sniff_order == 90
