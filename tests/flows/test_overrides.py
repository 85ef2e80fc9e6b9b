"""Per-force overrides in an inbox's `_overrides/`: applied as data; a bad one is reported."""

from pathlib import Path

from foi_ingest.flows.pipeline import process_file
from foi_ingest.packs import load_pack  # noqa: E402

REQ = load_pack("police-social-media")


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    (inbox / "Kent Police").mkdir(parents=True)
    (inbox / "Kent Police" / "kent.csv").write_text(
        "Grade,When,What happened,Misc. Res\n"
        "PC,2012,Posted a photo,Reprimand\n"
        "DC,2013,Comments,NFA\n",
        encoding="utf-8",
    )
    (inbox / "_overrides").mkdir()
    return inbox


def test_without_override_the_unknown_columns_leave_no_table(tmp_path: Path):
    inbox = _inbox(tmp_path)
    result = process_file(REQ, inbox / "Kent Police" / "kent.csv", inbox, "r1")
    assert result.response["status"] == "unparseable"
    assert "add a per-force override" in result.response["status_reason"]


def test_override_maps_columns_and_a_phrasing(tmp_path: Path):
    inbox = _inbox(tmp_path)
    (inbox / "_overrides" / "kent.yaml").write_text(
        'columns: {"When": date_raw, "What happened": allegation_raw, "Misc. Res": outcome_raw,'
        ' "Grade": rank_raw}\n'
        'phrasings: {outcome: {"Reprimand": written_warning}}\n',
        encoding="utf-8",
    )
    result = process_file(REQ, inbox / "Kent Police" / "kent.csv", inbox, "r1")
    cases = result.cases.sort_values("source_row")
    assert list(cases["outcome"]) == ["written_warning", "no_further_action"]
    assert list(cases["year"]) == [2012, 2013]
    assert result.response["rows_loaded"] == 2


def test_an_invalid_override_is_reported_on_the_response(tmp_path: Path):
    inbox = _inbox(tmp_path)
    (inbox / "_overrides" / "kent.yaml").write_text(
        'phrasings: {outcome: {"Reprimand": telling_off}}\n', encoding="utf-8"
    )
    result = process_file(REQ, inbox / "Kent Police" / "kent.csv", inbox, "r1")
    assert result.response["status"] == "unparseable"
    assert "'telling_off' is not a outcome code" in result.response["status_reason"]
