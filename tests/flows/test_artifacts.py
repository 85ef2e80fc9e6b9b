"""What an ingest run publishes in Prefect's UI matches the warehouse it wrote."""

import json

import duckdb


def _artifacts(key: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        return client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )


def test_file_table_and_rejection_summary_match_the_warehouse(ingested):
    db, summary = ingested
    run = summary["run_id"]
    tables = [a for a in _artifacts("ingest-files") if run in (a.description or "")]
    assert len(tables) == 1
    rows = tables[0].data if isinstance(tables[0].data, list) else json.loads(tables[0].data)
    with duckdb.connect(str(db), read_only=True) as con:
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
        for a in _artifacts("ingest-rejections")
        if (a.data or "").startswith(f"# Ingest run {run}")
    ]
    assert len(notes) == 1
    counted: dict[str, int] = {}
    for line in notes[0].data.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3 and cells[2].isdigit():
            counted[cells[0]] = counted.get(cells[0], 0) + int(cells[2])
    assert counted == open_by_force and sum(counted.values()) > 0
    assert f"{summary['files_seen']} files: {summary['new']} new" in notes[0].data
