"""Every rejection is data: a code from one enumeration, the field and value it concerns, and
its message; `foi rejects --summary` groups by code, with no pattern matching over prose."""

import json
import pickle

from typer.testing import CliRunner

from foi_ingest.cli import app
from foi_ingest.reasons import Code, Reason, records

runner = CliRunner()


def test_the_sample_inbox_rejects_its_three_invalid_rows_each_with_its_code(con, ingested):
    """The sample writes three rows no careful reader would load: a '#N/A' outcome (Northumbria's
    workbook), an impossible date 31/02/2012 and an unknown outcome 'Reprimand'."""
    rows = con.execute(
        "SELECT force_id, reasons, problems FROM rejected_rows WHERE status = 'open' ORDER BY 1"
    ).fetchall()
    found = sorted((p["code"], p["field"], p["value"]) for _, _, ps in rows for p in ps)
    assert found == [
        ("bad_date", "date", "31/02/2012"),
        ("excel_error", "Outcome", "#N/A"),
        ("unknown_phrasing", "outcome", "Reprimand"),
    ]
    for _, reasons, problems in rows:  # the message is the reason a person reads
        assert [p["message"] for p in problems] == list(reasons)
    assert {p["code"] for _, _, ps in rows for p in ps} <= {c.value for c in Code}
    db, _ = ingested
    out = runner.invoke(app, ["rejects", "--db", str(db), "--summary", "--json"])
    assert out.exit_code == 0, out.output
    summary = {(r["code"], r["force_id"]): r["rows"] for r in json.loads(out.output)}
    assert summary == {("bad_date", "avon-and-somerset"): 1, ("excel_error", "northumbria"): 1,
                       ("unknown_phrasing", "west-midlands"): 1}  # fmt: skip


def test_a_responses_warnings_are_data_too(con):
    """The sample's Greater Manchester workbook has a hidden sheet with rows: not read, said."""
    rows = con.execute(
        "SELECT source_file, p.code, p.value FROM responses, unnest(warning_problems) AS u(p) "
        "ORDER BY 1"
    ).fetchall()
    hidden = [r for r in rows if r[1] == "hidden_sheet"]
    assert len(hidden) == 1 and hidden[0][0].startswith("Greater Manchester Police/")
    assert {r[1] for r in rows} <= {c.value for c in Code}


def test_a_reason_keeps_its_code_through_pickling_and_a_bare_message_is_refused():
    reason = Reason("unknown outcome 'Reprimand'", Code.UNKNOWN_PHRASING, "outcome", "Reprimand")
    again = pickle.loads(pickle.dumps(reason))  # as it travels back from a Dask worker
    assert (again, again.code, again.field, again.value) == (
        "unknown outcome 'Reprimand'", Code.UNKNOWN_PHRASING, "outcome", "Reprimand"
    )  # fmt: skip
    assert records([again]) == [{"code": "unknown_phrasing", "field": "outcome",
                                 "value": "Reprimand", "message": str(reason)}]  # fmt: skip
    try:
        records(["a message with no code"])
    except TypeError as exc:
        assert "without a code" in str(exc)
    else:
        raise AssertionError("a reason without a code was accepted")
