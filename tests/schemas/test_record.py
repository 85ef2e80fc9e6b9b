"""A record's columns and its pandera schema are built from the request pack's declared fields:
adding or removing a field in `request.yaml` changes them, with no code change."""

import shutil
from pathlib import Path

import pytest
import yaml

from foi_ingest.errors import ConfigError
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.packs.pack import RequestPack
from foi_ingest.packs.registry import SHIPPED
from foi_ingest.schemas.case_schema import case_schema
from foi_ingest.schemas.record import dimension_columns, dimensions, record_columns

REQ = load_pack("police-social-media")

HISTORIC = {  # the 25 columns the police request's records had before packs (DDL 001_tables.sql)
    "force_id", "year", "period_start", "period_end", "role", "rank_raw", "allegation_raw",
    "allegation_category", "outcome", "outcome_raw", "outcome_group", "case_count",
    "case_count_low", "case_count_high", "record_kind", "source_file", "source_sha256",
    "source_sheet", "source_page", "source_row", "source_location", "run_id", "corrected_by",
    "corrected_at", "correction_note",
}  # fmt: skip
ADDED = {"breakdown"}  # since: the table of the return a record came from (several per return)


def test_the_police_pack_declares_the_columns_it_always_had():
    assert [d.name for d in dimensions(REQ)] == ["role", "allegation_category", "outcome"]
    assert set(record_columns(REQ)) == HISTORIC | ADDED
    assert len(record_columns(REQ)) == len(HISTORIC | ADDED)
    schema = case_schema(REQ)
    assert set(schema.columns) == HISTORIC | ADDED
    assert {c.name for c in schema.checks} == {
        "period_start is on or before period_end",
        "case_count lies within its bounds (low <= count <= high)",
        "outcome_group is the group of the outcome",
    }


def _copy_pack(tmp_path: Path, edit) -> Path:
    root = tmp_path / "police-social-media"
    shutil.copytree(SHIPPED / "police-social-media", root)
    path = root / "request.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def test_removing_a_declared_field_removes_its_columns_and_checks(tmp_path, monkeypatch):
    def without_allegation(text: str) -> str:
        start = text.index("    - name: allegation_category")
        end = text.index("    - name: outcome")
        return text[:start] + text[end:]

    root = _copy_pack(tmp_path, without_allegation)
    synonyms = yaml.safe_load((root / "columns.yaml").read_text(encoding="utf-8"))
    with pytest.raises(ConfigError, match="allegation_raw: not a header field of the request"):
        RequestPack.read(root)  # its column synonyms name it still: refused, never ignored
    del synonyms["allegation_raw"]
    (root / "columns.yaml").write_text(yaml.safe_dump(synonyms), encoding="utf-8")
    pack = load_pack(root)
    assert "allegation_category" not in dimension_columns(pack)
    assert "allegation_raw" not in case_schema(pack).columns
    assert "role" in case_schema(pack).columns


def test_a_field_with_both_a_vocabulary_and_keywords_says_what_to_fix(tmp_path, monkeypatch):
    both = "foi: {keywords: vocab/allegations.yaml, vocabulary: vocab/roles.yaml, "
    root = _copy_pack(
        tmp_path, lambda t: t.replace("foi: {keywords: vocab/allegations.yaml, ", both)
    )
    with pytest.raises(ConfigError, match="at most one of vocabulary and keywords"):
        load_pack(root)  # refused when read, before any step uses it


def test_a_field_with_neither_is_free_text(tmp_path, monkeypatch):
    root = _copy_pack(
        tmp_path, lambda t: t.replace("foi: {keywords: vocab/allegations.yaml, ", "foi: {")
    )
    pack = load_pack(root)
    [free] = [d for d in dimensions(pack) if d.free_text]
    assert free.name == "allegation_category"
