"""What an ingest run publishes in Prefect's UI matches the warehouse it wrote."""

import json
from pathlib import Path

from foi_ingest.packs import load_pack  # noqa: E402
from tests.returns import police_db

REQ = load_pack("police-social-media")


def _artifacts(key: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        return client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )


def test_file_table_and_rejection_summary_match_the_warehouse(ingested):
    from foi_ingest.flows.writer import artifact_suffix

    db, summary = ingested
    run = summary["run_id"]
    suffix = artifact_suffix("police-social-media", Path(db).resolve())
    assert suffix.startswith("police-social-media-foi-")  # the request and the warehouse
    tables = [a for a in _artifacts(f"ingest-files-{suffix}") if run in (a.description or "")]
    assert len(tables) == 1
    rows = tables[0].data if isinstance(tables[0].data, list) else json.loads(tables[0].data)
    with police_db(db) as con:
        files = con.execute(
            "SELECT source_file, status, rows_read, rows_loaded, rows_rejected, rows_skipped "
            "FROM responses ORDER BY source_file"
        ).fetchall()
        open_by_force = dict(
            con.execute(
                "SELECT force_id, count(*) FROM rejected_rows WHERE status = 'open' GROUP BY 1"
            ).fetchall()
        )
    assert [
        (r["file"], r["status"], int(r["read"]), int(r["loaded"]), int(r["rejected"]),
         int(r["skipped"]))
        for r in rows
    ] == files  # fmt: skip
    notes = [
        a
        for a in _artifacts(f"ingest-rejections-{suffix}")
        if (a.data or "").startswith(f"# Ingest run {run}")
    ]
    assert len(notes) == 1
    counted: dict[str, int] = {}
    for line in notes[0].data.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3 and cells[2].isdigit():
            counted[cells[0]] = counted.get(cells[0], 0) + int(cells[2])
    assert counted == open_by_force and sum(counted.values()) > 0
    assert "| west-midlands | unknown_phrasing | 1 |" in notes[0].data  # by code, not by prose
    assert f"{summary['files_seen']} files: {summary['new']} new" in notes[0].data


def test_two_warehouses_keep_their_own_latest_artifacts(prefect_harness, tmp_path):
    """Artifacts are keyed by request and warehouse: a run on another DuckDB file does not
    overwrite the first warehouse's latest file table."""
    from foi_ingest.flows.ingest import run_ingest
    from foi_ingest.flows.writer import artifact_suffix

    inbox = tmp_path / "inbox" / "Kent"
    inbox.mkdir(parents=True)
    (inbox / "a.csv").write_text("Rank,Date,Outcome\nPC,2012,Dismissed\n", encoding="utf-8")
    keys = []
    for name in ("one.duckdb", "two.duckdb"):
        db = tmp_path / name
        run_ingest([str(tmp_path / "inbox")], str(db))
        keys.append(f"ingest-files-{artifact_suffix('police-social-media', db.resolve())}")
    assert keys[0] != keys[1]
    for key in keys:
        latest = [a for a in _artifacts(key)]
        assert latest and all(a.key == key for a in latest)
