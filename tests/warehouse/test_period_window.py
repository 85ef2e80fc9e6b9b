"""The period rule, on dates counted by hand: whole period inside the window counts in the
lower bound; partly overlapping or unknown counts only in the upper bound."""

import datetime as dt

from foi_ingest.flows.ingest import run_ingest
from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.warehouse.report import headline
from tests.returns import police_db

REQ = load_pack("police-social-media")

ROWS = """Rank,Date,Allegation,Outcome
PC,15/03/2013,inside,NFA
PC,28/02/2014,inside (last day),Dismissed
PC,01/03/2014,after the window,NFA
PC,2008,before the window,NFA
PC,2013/14,financial year ends 31/03/2014: partly inside,Resigned
PC,,no date at all,NFA
"""


def test_window_counts_by_the_documented_rule(prefect_harness, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "Kent").mkdir(parents=True)
    (inbox / "Kent" / "kent.csv").write_text(ROWS, encoding="utf-8")
    db = tmp_path / "foi.duckdb"
    run_ingest([str(inbox)], str(db))
    with police_db(db) as con:
        everything = headline(REQ, con)
        window = headline(REQ, con, dt.date(2009, 1, 1), dt.date(2014, 2, 28))
    assert (everything["cases_low"], everything["cases_high"]) == (6, 6)
    assert (window["cases_low"], window["cases_high"]) == (2, 4)  # 2 inside; + FY and no date
    assert window["shares"]["left_force"] == 50.0  # 1 dismissed of the 2 inside
    assert window["window"] == {"from": "2009-01-01", "to": "2014-02-28"}
