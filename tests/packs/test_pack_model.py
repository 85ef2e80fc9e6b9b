"""A pack is one typed value, checked as a whole: unknown keys are refused with their file, line
and the nearest known key; each field's declared type is honoured from cell to warehouse."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.errors import ConfigError
from foi_ingest.flows.recipe import run_here
from foi_ingest.packs.lint import check
from foi_ingest.packs.pack import RequestPack
from foi_ingest.packs.registry import SHIPPED

runner = CliRunner()

STAFF = """\
id: staff-posts
title: Posts supporting patients with housing
question: How many posts support inpatients with housing, in which team, since when?
body_kind: nhs-trust
schema:
  fields:
    - {name: team, title: Team, categories: [inpatient, community]}
    - {name: wte, type: number, title: Whole-time equivalent, constraints: {minimum: 0}}
    - {name: funded, type: boolean, title: Funded}
    - {name: since, type: date, title: Since}
    - {name: posts, type: integer, title: Posts}
"""


def _pack(folder: Path, text: str = STAFF) -> Path:
    root = folder / "staff-posts"
    root.mkdir(parents=True)
    (root / "request.yaml").write_text(text, encoding="utf-8")
    (root / "columns.yaml").write_text(
        "wte: [wte, whole time equivalent]\nfunded: [funded]\nsince: [since, start date]\n"
        "posts: [posts]\nteam: [team]\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("pack", sorted(p.name for p in SHIPPED.iterdir() if p.is_dir()))
def test_every_pack_of_the_repository_is_valid(pack):
    assert check(SHIPPED / pack).problems == []


def test_a_misspelt_key_is_refused_with_its_file_line_and_the_key_meant(tmp_path):
    root = tmp_path / "mh-accommodation"
    shutil.copytree(SHIPPED / "mh-accommodation", root)
    text = (root / "request.yaml").read_text(encoding="utf-8")
    (root / "request.yaml").write_text(
        text.replace("{vocabulary: vocab/acc", "{vocabluary: vocab/acc"), encoding="utf-8"
    )
    line = 1 + next(i for i, t in enumerate(text.splitlines()) if "vocabulary: vocab/acc" in t)
    (problem,) = check(root).problems
    assert str(problem) == (
        f"{root}/request.yaml:{line}: schema.fields.1.foi.vocabluary: unknown key "
        "(did you mean 'vocabulary'?)"
    )
    with pytest.raises(ConfigError, match="did you mean 'vocabulary'"):
        RequestPack.read(root)  # never read as a field of free text
    out = runner.invoke(app, ["check-request", str(root)])
    assert out.exit_code == 1 and "vocabluary" in out.output and "1 problem" in out.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("title: Posts", "titel: Posts"), "titel: unknown key (did you mean 'title'?)"),
        (("type: number", "type: decimal"), "schema.fields.1.type: Input should be 'string'"),
        (("{minimum: 0}", "{minimum: none}"), "schema.fields.1.constraints.minimum"),
        (("body_kind: nhs-trust", "body_kind: nhs-trusts"), "has no reference list of bodies"),
        (("- {name: posts,", "- {name: team,"), "'team' is declared twice"),
    ],
)
def test_each_kind_of_mistake_is_named(tmp_path, change, message):
    root = _pack(tmp_path, STAFF.replace(*change))
    assert any(message in str(p) for p in check(root).problems), check(root).problems


def test_a_stray_column_synonym_and_letter_key_are_refused(tmp_path):
    root = _pack(tmp_path)
    (root / "columns.yaml").write_text("wtee: [wte]\n", encoding="utf-8")
    (root / "letters.yaml").write_text("nil_retrun: [no posts]\n", encoding="utf-8")
    found = [str(p) for p in check(root).problems]
    assert any("wtee: not a header field of the request (did you mean 'wte'?)" in p for p in found)
    assert any("nil_retrun: unknown key (did you mean 'nil_return'?)" in p for p in found)


def test_new_request_output_passes_the_check(tmp_path):
    out = runner.invoke(app, ["new-request", "council-parking", "--folder", str(tmp_path)])
    assert out.exit_code == 0, out.output
    checked = runner.invoke(app, ["check-request", str(tmp_path / "council-parking")])
    assert checked.exit_code == 0 and "the pack is valid (2 fields)" in checked.output


def test_declared_types_are_honoured_from_cell_to_warehouse(tmp_path, monkeypatch):
    root = _pack(tmp_path / "packs")
    monkeypatch.setenv("FOI_REQUESTS_PATH", str(tmp_path / "packs"))
    body = tmp_path / "inbox" / "Camden and Islington"
    body.mkdir(parents=True)
    (body / "posts.csv").write_text(
        "Team,WTE,Funded,Since,Posts,Year\n"
        "Inpatient,0.5,Yes,2019-04-01,1,2020\n"  # a decimal, yes, a day
        'Community,"1,250.75 WTE",no,31/03/2021,2,2020\n'  # thousands, a unit word
        "Inpatients,2,Y,2020-01-01,3,2020\n"  # not one of the enum: close to 'inpatient'
        "Community,about half,N,2020-01-01,4,2020\n"  # not a number
        "Community,1,maybe,2020-01-01,5,2020\n"  # not yes or no
        "Community,1,Y,March 2020,6,2020\n"  # a month, not a day
        "Community,-1,Y,2020-01-01,7,2020\n"  # below the declared minimum
        "Community,1,Y,2020-01-01,2.5,2020\n",  # not a whole number
        encoding="utf-8",
    )
    db = tmp_path / "w.duckdb"
    run_here([str(tmp_path / "inbox")], str(db), request=str(root))
    con = duckdb.connect(str(db), read_only=True)
    types = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'staff_posts' AND table_name = 'cases'"
    ).fetchall())  # fmt: skip
    assert (types["wte"], types["funded"], types["since"], types["posts"], types["team"]) == (
        "DOUBLE", "BOOLEAN", "DATE", "BIGINT", "VARCHAR"
    )  # fmt: skip
    loaded = con.execute(
        "SELECT team, wte, funded, since, posts FROM staff_posts.cases ORDER BY source_row"
    ).fetchall()
    assert loaded == [
        ("inpatient", 0.5, True, dt.date(2019, 4, 1), 1),
        ("community", 1250.75, False, dt.date(2021, 3, 31), 2),
    ]
    rejected = dict(con.execute(
        "SELECT source_row, array_to_string(reasons, '; ') FROM staff_posts.rejected_rows "
        "ORDER BY source_row"
    ).fetchall())  # fmt: skip
    assert len(rejected) == 6
    assert "'Inpatients' in column 'Team' is not one of inpatient, community" in rejected[4]
    assert "'about half' in column 'Whole-time equivalent' is not a number" in rejected[5]
    assert "'maybe' in column 'Funded' is not yes or no" in rejected[6]
    assert "'March 2020' in column 'Since' is not a day" in rejected[7]
    assert "'-1' in column 'Whole-time equivalent' is below 0" in rejected[8]
    assert "'2.5' in column 'Posts' is not a whole number" in rejected[9]
    suggested = con.execute(
        "SELECT suggestions FROM staff_posts.rejected_rows WHERE source_row = 4"
    ).fetchone()[0]
    assert "inpatient" in str(suggested)


def test_a_pack_adds_its_own_bodies_and_a_near_folder_name_is_suggested(tmp_path):
    root = _pack(tmp_path / "packs", STAFF + "bodies: {file: bodies.csv}\n")
    (root / "bodies.csv").write_text(
        "trust_id,name,country,region,aliases\n"
        "northfield-health,Northfield Health NHS Trust,England,North West,NHT;Northfield\n",
        encoding="utf-8",
    )
    inbox = tmp_path / "inbox"
    for folder in ("Northfield Health NHS Trust", "Camden and Islingtn"):
        (inbox / folder).mkdir(parents=True)
        (inbox / folder / "posts.csv").write_text(
            "Team,WTE,Year\nInpatient,0.5,2020\n", encoding="utf-8"
        )
    db = tmp_path / "w.duckdb"
    run_here([str(inbox)], str(db), request=str(root))
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = con.execute("SELECT force_id, wte FROM staff_posts.cases").fetchall()
        (reason,) = con.execute(
            "SELECT status_reason FROM staff_posts.responses WHERE force_id IS NULL"
        ).fetchone()
        kinds = con.execute("SELECT count(*) FROM staff_posts.bodies").fetchone()[0]
    assert loaded == [("northfield-health", 0.5)]  # the pack's own body, by its folder
    assert "did you mean 'Camden and Islington NHS Foundation Trust'?" in reason
    assert kinds == 1 + sum(1 for _ in (SHIPPED.parent / "schemas" / "data" / "bodies" /
                                        "nhs-trust.csv").open()) - 1  # fmt: skip


def test_allowed_values_as_constraints_enum_or_categories_are_one_rule(tmp_path):
    from foi_ingest.schemas.record import dimensions

    by_enum = _pack(tmp_path / "a", STAFF.replace(
        "categories: [inpatient, community]", "constraints: {enum: [inpatient, community]}"
    ))  # fmt: skip
    by_categories = _pack(tmp_path / "b")
    for root in (by_enum, by_categories):
        (team, *_) = dimensions(RequestPack.read(root))
        assert team.kind.enum == ("inpatient", "community")
    both = _pack(tmp_path / "c", STAFF.replace(
        "categories: [inpatient, community]",
        "categories: [inpatient], constraints: {enum: [inpatient, community]}",
    ))  # fmt: skip
    assert any("categories or constraints.enum" in str(p) for p in check(both).problems)


def test_the_export_descriptor_says_what_the_model_declares(tmp_path):
    import json

    from typer.testing import CliRunner as Runner

    root = _pack(tmp_path / "packs", STAFF.replace(
        "{name: wte, type: number, title: Whole-time equivalent,",
        "{name: wte, type: number, title: Whole-time equivalent, description: Posts in WTE.,",
    ))  # fmt: skip
    body = tmp_path / "inbox" / "Camden and Islington"
    body.mkdir(parents=True)
    (body / "posts.csv").write_text("Team,WTE,Funded,Year\nInpatient,0.5,yes,2020\n")
    db = tmp_path / "w.duckdb"
    run_here([str(tmp_path / "inbox")], str(db), request=str(root))
    out = Runner().invoke(app, ["export", str(tmp_path / "out"), "--db", str(db),
                                "--format", "csv", "--request", str(root)])  # fmt: skip
    assert out.exit_code == 0, out.output
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    cases = next(r for r in package["resources"] if r["name"] == "cases")
    fields = {f["name"]: f for f in cases["schema"]["fields"]}
    assert fields["wte"]["type"] == "number" and fields["wte"]["constraints"] == {"minimum": 0}
    assert fields["wte"]["description"] == "Posts in WTE."
    assert fields["team"]["constraints"] == {"enum": ["inpatient", "community"]}
    assert (fields["funded"]["type"], fields["since"]["type"], fields["posts"]["type"]) == (
        "boolean", "date", "integer"
    )  # fmt: skip
