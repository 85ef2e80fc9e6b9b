"""The review loop is lossless by construction (issue 19): every decision a person made stays
on file and in the warehouse through any number of export, edit and apply rounds; a workbook
applied with no edits changes nothing, byte for byte; clearing is explicit.

Run in process (`recipe.run_here`, what `foi rejects apply` runs), for every pack in
`requests/` and for a hand-written pack whose field has groups (dedicated / generic posts) and
whose vocabulary has no `not_recorded` code of its own.
"""

import os
import random
import tempfile
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.flows.recipe import run_here
from foi_ingest.packs import available, load_pack
from foi_ingest.review.decisions import ENTRY, load_decisions
from foi_ingest.review.workbook import LETTERS
from foi_ingest.schemas.bodies import bodies_of
from foi_ingest.schemas.record import editable_fields
from foi_ingest.schemas.vocab import vocabulary_of
from tests.returns import write_letter


def _active():
    """The pack the CLI commands of these tests act on (`$FOI_REQUEST`, as a user sets it)."""
    return load_pack(os.environ["FOI_REQUEST"])


runner = CliRunner()
STAFF_REQUEST = """\
id: staff-posts
title: Staff who support inpatients with housing
question: How many staff support inpatients with housing, by kind of post?
body_kind: nhs-trust
schema:
  fields:
    - name: post
      type: string
      title: Kind of post
      constraints: {required: true}
      foi: {vocabulary: vocab/posts.yaml, raw: post_raw, group: post_group}
    - {name: team, type: string, title: Team}
"""
POSTS = """\
housing_officer: {group: dedicated, phrasings: [housing officer, housing officers]}
housing_link_worker: {group: dedicated, phrasings: [housing link worker]}
support_worker: {group: generic, phrasings: [support worker, social worker]}
"""
LETTER = (
    "Dear requester, thank you for your request. We can confirm that our inpatient wards are "
    "supported by two housing officers and one social worker who spends part of her time on "
    "housing. Yours sincerely, Information Governance."
)


@pytest.fixture
def staff_pack(tmp_path_factory, monkeypatch) -> str:
    root = tmp_path_factory.mktemp("packs") / "staff-posts"
    (root / "vocab").mkdir(parents=True)
    (root / "request.yaml").write_text(STAFF_REQUEST, encoding="utf-8")
    (root / "vocab" / "posts.yaml").write_text(POSTS, encoding="utf-8")
    (root / "columns.yaml").write_text("post_raw: [post, kind of post]\n", encoding="utf-8")
    monkeypatch.setenv("FOI_REQUESTS_PATH", str(root.parent))
    monkeypatch.setenv("FOI_REQUEST", "staff-posts")
    return "staff-posts"


@contextmanager
def letters_inbox(pack_id: str, n_bodies: int = 2):
    """An inbox of `n_bodies` bodies of the pack's kind, each with one letter in prose."""
    old = os.environ.get("FOI_REQUEST")
    os.environ["FOI_REQUEST"] = pack_id  # as a user sets it for the CLI commands below
    with tempfile.TemporaryDirectory(prefix="foi-lossless-") as tmp:
        inbox = Path(tmp) / "inbox"
        bodies = list(bodies_of(load_pack(pack_id).body_kind).values())[:n_bodies]
        for body in bodies:
            (inbox / body.name).mkdir(parents=True)
            write_letter(inbox / body.name / "reply.pdf", LETTER)
        (inbox / "request.yaml").write_text(f"request: {pack_id}\n", encoding="utf-8")
        db = Path(tmp) / "w.duckdb"
        run_here([str(inbox)], str(db))
        try:
            yield inbox, db, Path(tmp)
        finally:
            if old is None:
                os.environ.pop("FOI_REQUEST", None)
            else:
                os.environ["FOI_REQUEST"] = old


def _letter_rows(path: Path) -> tuple[object, list[str], list[tuple]]:
    wb = load_workbook(path)
    ws = wb[LETTERS]
    header = [c.value for c in ws[1]]
    return wb, header, list(ws.iter_rows(min_row=2))


def _export(db: Path, out: Path) -> Path:
    result = runner.invoke(app, ["rejects", "export", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return out


def _apply(db: Path, workbook: Path) -> object:
    return runner.invoke(app, ["rejects", "apply", str(workbook), "--db", str(db), "--by", "v"])


def _on_file(inbox: Path) -> dict[tuple[str, int], dict[str, str]]:
    decisions = load_decisions(inbox)
    return {
        (f, int(where.removeprefix(ENTRY))): {k: c.get(k, "") for k in _fields()}
        for (f, _, where), c in decisions.corrections.items()
        if c["decision"] == "enter"
    }


def _fields() -> list[str]:
    return ["year", *editable_fields(_active()), "case_count"]


def _in_warehouse(db: Path) -> dict[tuple[str, int], str]:
    """Each entry's place in the warehouse: 'loaded' (a record) or 'failing' (an open row)."""
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"USE {load_pack(os.environ['FOI_REQUEST']).schema_name}")
        loaded = con.execute(
            "SELECT source_file, source_location FROM cases WHERE source_location LIKE ?",
            [ENTRY + "%"],
        ).fetchall()
        failing = con.execute(
            "SELECT source_file, source_location FROM rejected_rows WHERE status = 'open' "
            "AND source_location LIKE ?",
            [ENTRY + "%"],
        ).fetchall()
    out = {(f, int(w.removeprefix(ENTRY))): "loaded" for f, w in loaded}
    out.update({(f, int(w.removeprefix(ENTRY))): "failing" for f, w in failing})
    return out


def _bytes(inbox: Path) -> dict[str, bytes]:
    folder = inbox / "_corrections"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}


def test_letter_entries_with_a_grouped_field_blank_or_not_recorded_survive_every_round(
    staff_pack,
):
    """The reported loss: sixteen entries, half with the grouped field blank or not_recorded,
    were written to file, not loaded, and deleted by the next round. Now all sixteen load (the
    group of a blank field is not_recorded) and three rounds later all sixteen are still there."""
    with letters_inbox(staff_pack) as (inbox, db, tmp):
        book = _export(db, tmp / "r1.xlsx")
        wb, header, rows = _letter_rows(book)
        posts = ["", "not_recorded", "housing_officer", "support_worker"]

        def type_in(row, n: int) -> None:
            row[header.index("post")].value = posts[n % 4] or None
            row[header.index("case_count")].value = n
            row[header.index("year")].value = 2020

        offered = [r for r in rows if r[header.index("entry")].value is not None]
        for row in offered:
            type_in(row, row[header.index("entry")].value)
        assert len(offered) == 12  # six rows a letter; the person inserts two more under each
        ws = wb[LETTERS]
        for last in sorted((r[0].row for r in offered if r[header.index("entry")].value == 6),
                           reverse=True):  # fmt: skip
            ws.insert_rows(last + 1, 2)
            for n, at in ((7, last + 1), (8, last + 2)):
                type_in(ws[at], n)
        wb.save(book)
        result = _apply(db, book)
        assert result.exit_code == 0, result.output
        assert "16 figures entered from letters, 0 still failing" in " ".join(result.output.split())
        with duckdb.connect(str(db), read_only=True) as con:
            groups = con.execute(
                "SELECT post, post_group, count(*), sum(case_count) FROM staff_posts.cases "
                "GROUP BY ALL ORDER BY ALL"
            ).fetchall()
        assert groups == [
            ("housing_officer", "dedicated", 4, 2 + 6 + 2 + 6),
            ("not_recorded", "not_recorded", 8, (4 + 8 + 1 + 5) * 2),
            ("support_worker", "generic", 4, 3 + 7 + 3 + 7),
        ]
        first = _bytes(inbox)
        for round_ in (2, 3, 4):
            result = _apply(db, _export(db, tmp / f"r{round_}.xlsx"))
            assert result.exit_code == 0, result.output
            assert _bytes(inbox) == first  # no edits: the decision files are untouched
            assert len(_on_file(inbox)) == 16
            assert list(_in_warehouse(db).values()) == ["loaded"] * 16


PACKS = ["staff-posts", *sorted(available())]
edits = st.lists(
    st.tuples(
        st.integers(0, 1),  # which letter
        st.integers(1, 8),  # which entry
        st.sampled_from(["set", "set", "clear", "empty"]),
        st.integers(0, 10_000),  # a seed for the values typed
    ),
    max_size=6,
)


@pytest.mark.parametrize("pack_id", PACKS)
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rounds=st.lists(edits, min_size=1, max_size=3))
def test_any_rounds_of_export_edit_apply_keep_every_decision(pack_id, rounds, staff_pack):
    with letters_inbox(pack_id) as (inbox, db, tmp):
        model: dict[tuple[str, int], dict[str, str]] = {}
        for i, round_edits in enumerate(rounds):
            book = _export(db, tmp / f"round{i}.xlsx")
            before = _bytes(inbox)
            unchanged = _apply(db, book)  # export then apply, no edits: nothing changes
            assert _bytes(inbox) == before, unchanged.output
            wb, header, rows = _letter_rows(book)
            files = sorted({r[header.index("source_file")].value for r in rows})
            by_key = {(r[header.index("source_file")].value, r[header.index("entry")].value): r
                      for r in rows}  # fmt: skip
            final: dict[tuple[str, int], tuple[str, dict[str, str]]] = {}
            for letter, n, act, seed in round_edits:  # the row as the person leaves it
                key = (files[letter % len(files)], n)
                if key in by_key:
                    final[key] = (act, _values(random.Random(seed)) if act == "set" else {})
            for key, (act, values) in final.items():
                row = by_key[key]
                if act == "clear":
                    row[header.index("action")].value = "clear"
                    model.pop(key, None)
                elif act == "empty" and key in model:  # refused: the entry stays on file
                    for name in _fields():
                        row[header.index(name)].value = None
                elif act == "set":
                    for name, value in values.items():
                        row[header.index(name)].value = value or None
                    model[key] = values
            wb.save(book)
            _apply(db, book)
            assert _on_file(inbox) == model
            assert set(_in_warehouse(db)) == set(model)  # each loaded, or open with a reason


def _values(rng: random.Random) -> dict[str, str]:
    values = {"year": str(rng.randint(2009, 2021)), "case_count": str(rng.randint(1, 20))}
    for name in editable_fields(_active()):
        codes = list(vocabulary_of(_active(), name).codes)
        values[name] = rng.choice(["", "not_recorded", *codes])
    return values
