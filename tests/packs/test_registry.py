"""Request packs: found by id or path, checked on load with messages that say what to fix."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.errors import ConfigError
from foi_ingest.packs import available, load_pack, resolve
from foi_ingest.packs.pack import RequestPack

REQ = load_pack("police-social-media")


def test_no_request_is_built_in_a_project_file_or_the_inbox_names_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="which request\\? name it with --request ID"):
        resolve(None, [tmp_path])
    (tmp_path / "foi.yaml").write_text("request: police-social-media\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # found in a folder above, too
    pack = resolve(None, [])
    assert pack.id == "police-social-media"
    inbox = tmp_path / "inbox"
    (inbox / "Kent Police").mkdir(parents=True)
    (inbox / "request.yaml").write_text("request: hospital-crime\n", encoding="utf-8")
    assert resolve(None, [inbox / "Kent Police"]).id == "hospital-crime"  # the inbox wins
    assert resolve("mh-accommodation", [inbox]).id == "mh-accommodation"  # --request wins
    assert pack.body_kind == "police-force"
    assert pack.schema_name == "police_social_media"
    assert "social media" in pack.question
    assert "dismissed" in pack.data("vocab/outcomes.yaml")


def test_a_pack_is_found_by_id_on_the_search_path_and_by_folder(tmp_path, monkeypatch):
    pack = tmp_path / "packs" / "hospital-crime"
    pack.mkdir(parents=True)
    (pack / "request.yaml").write_text(
        "id: hospital-crime\ntitle: Crimes on hospital grounds\n"
        "question: How many crimes were recorded on hospital grounds?\nbody_kind: police-force\n"
        + FIELDS,
        encoding="utf-8",
    )
    monkeypatch.setenv("FOI_REQUESTS_PATH", str(tmp_path / "packs"))
    assert set(available()) >= {"hospital-crime", "police-social-media"}
    assert load_pack(str(pack)).title == "Crimes on hospital grounds"
    listed = CliRunner().invoke(app, ["requests"])
    assert "hospital-crime" in listed.output and "police-social-media" in listed.output


FIELDS = "schema: {fields: [{name: place}]}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id: other\ntitle: t\nquestion: q\nbody_kind: police-force\n" + FIELDS,
            "id: 'other' differs from its folder",
        ),
        ("id: mine\ntitle: t\n" + FIELDS, "question: missing(.|\n)*body_kind: missing"),
        ("- a list\n", "expected keys"),
        ("id: [unclosed\n", "not valid YAML"),
        (
            "id: mine\ntitle: t\nquestion: q\nbody_kind: parish\n" + FIELDS,
            "no reference list of bodies",
        ),
        ("id: mine\ntitle: t\nquestion: q\nbody_kind: police-force\n", "schema: missing"),
    ],
)
def test_a_wrong_pack_says_what_to_fix(tmp_path: Path, text, message):
    root = tmp_path / "mine"
    root.mkdir()
    (root / "request.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        RequestPack.read(root)


def test_an_unknown_pack_lists_the_known_ones():
    with pytest.raises(ConfigError, match="known: .*police-social-media"):
        load_pack("no-such-request")


def test_new_request_writes_a_pack_that_loads_and_declares_fields(tmp_path, monkeypatch):
    from foi_ingest.schemas.case_schema import case_schema
    from foi_ingest.schemas.record import dimensions

    out = CliRunner().invoke(app, ["new-request", "council-parking", "--folder", str(tmp_path)])
    assert out.exit_code == 0, out.output
    root = tmp_path / "council-parking"
    pack = RequestPack.read(root)
    assert (pack.id, pack.title) == ("council-parking", "Council Parking")
    pack = load_pack(root)
    assert [d.name for d in dimensions(pack)] == ["category", "place"]
    assert {"category", "category_raw", "category_group", "place"} <= set(case_schema(pack).columns)
    again = CliRunner().invoke(app, ["new-request", "council-parking", "--folder", str(tmp_path)])
    assert again.exit_code == 2 and "exists already" in again.output
    bad = CliRunner().invoke(app, ["new-request", "Bad Id", "--folder", str(tmp_path)])
    assert bad.exit_code == 2 and "lowercase words" in bad.output


def test_the_sample_inbox_is_the_packs_recipe(tmp_path, monkeypatch):
    """`foi sample` runs the generator the active pack names; a pack without one says so."""
    from typer.testing import CliRunner

    from foi_ingest.cli import app

    out = CliRunner().invoke(app, ["sample", str(tmp_path / "s"), "--request", "hospital-crime"])
    assert out.exit_code == 2
    assert "declares no sample inbox" in " ".join(out.output.split())
    ok = CliRunner().invoke(app, ["sample", str(tmp_path / "p"), "--request",
                                  "police-social-media"])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    truth = json.loads((tmp_path / "p" / "truth.json").read_text(encoding="utf-8"))
    assert truth["cases_low"] > 0 and (tmp_path / "p" / "Kent Police").is_dir()
