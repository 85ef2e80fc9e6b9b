"""Parsing on threads, processes or a Dask LocalCluster gives the same warehouse."""

import pytest

from foi_ingest.flows.ingest import run_ingest
from foi_ingest.packs import load_pack  # noqa: E402
from tests.returns import police_db

REQ = load_pack("police-social-media")

SNAPSHOT = (
    "SELECT force_id, outcome_group, role, year, sum(case_count_low), sum(case_count_high), "
    "count(*) FROM cases GROUP BY ALL ORDER BY ALL"
)


@pytest.mark.parametrize("runner", ["process", "dask"])
def test_same_warehouse_on_every_task_runner(runner, ingested, sample_inbox, tmp_path):
    db, _ = ingested
    other = tmp_path / f"{runner}.duckdb"
    summary = run_ingest([str(sample_inbox)], str(other), max_workers=2, task_runner=runner)
    assert summary["failed"] == 0
    # Dask: the cluster starts while files are hashed, and is ready before the parse stage
    assert (summary.get("cluster_seconds", 0) > 0) == (runner == "dask")
    with (
        police_db(db) as a,
        police_db(other) as b,
    ):
        assert b.execute(SNAPSHOT).fetchall() == a.execute(SNAPSHOT).fetchall()
        statuses = "SELECT source_file, status, rows_read, rows_loaded FROM responses ORDER BY 1"
        assert b.execute(statuses).fetchall() == a.execute(statuses).fetchall()


def test_small_files_share_parse_tasks_and_large_ones_have_their_own(tmp_path):
    """Prefect costs 5-11 ms per task here, so small files go in batches of up to 25 (2 MB);
    order is kept; a PDF or a file of 2 MB or more is a batch of one; a small inbox keeps one
    file per task so the workers stay busy."""
    from foi_ingest.flows.batching import BATCH_BYTES, batches
    from foi_ingest.flows.discover import discover

    (tmp_path / "Kent").mkdir()
    for i in range(400):
        (tmp_path / "Kent" / f"r{i:03d}.csv").write_text(f"Rank,Outcome\nPC,NFA {i}\n")
    (tmp_path / "Kent" / "r030-big.csv").write_bytes(b"Rank,Outcome\n" + b"PC,NFA\n" * BATCH_BYTES)
    (tmp_path / "Kent" / "r100.csv").write_bytes(b"%PDF-1.4 a PDF whatever its name")
    found = sorted(discover(REQ, [tmp_path]), key=lambda f: f.relative)
    groups = batches(found)
    assert [f.relative for g in groups for f in g] == [f.relative for f in found]
    assert [len(g) for g in groups][:3] == [25, 5, 1]  # r000-r024, r025-r029, then the big file
    assert [f.relative for f in groups[2]] == ["Kent/r030-big.csv"]
    alone = [g[0].relative for g in groups if len(g) == 1]
    assert alone == ["Kent/r030-big.csv", "Kent/r100.csv"]
    assert max(len(g) for g in groups) == 25
    assert [len(g) for g in batches(found[:12])] == [1] * 12


def test_dask_worker_warm_up_runs_one_return_through_the_pipeline(tmp_path, monkeypatch):
    """A worker's preload parses a tiny CSV (so pandera's and the readers' first-use imports are
    paid before the first file) and leaves nothing behind in the temp folder."""
    import tempfile

    from foi_ingest.flows import warm

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen = []
    real = warm.process_file
    monkeypatch.setattr(warm, "process_file", lambda *a: seen.append(real(*a)) or seen[-1])
    warm.warm_up(REQ)
    assert [r.response["rows_loaded"] for r in seen] == [1]
    assert seen[0].response["status"] == "disclosed"
    assert list(tmp_path.iterdir()) == []


def test_on_dask_each_worker_gets_one_task_with_an_even_share_of_pdfs_and_other_files(tmp_path):
    """Prefect costs ~0.1 s per task on Dask, paid between tasks: one task per worker, PDFs
    shared out by size (largest first to the lightest task), then the other files."""
    from foi_ingest.flows.batching import batches
    from foi_ingest.flows.discover import discover

    (tmp_path / "Kent").mkdir()
    pdf_sizes = {"a.pdf": 9000, "b.pdf": 5000, "c.pdf": 4000, "d.pdf": 1000}
    for name, size in pdf_sizes.items():
        (tmp_path / "Kent" / name).write_bytes(b"%PDF-1.4 " + b"x" * size)
    for i in range(8):
        (tmp_path / "Kent" / f"r{i}.csv").write_text("Rank,Outcome\n" + "PC,NFA\n" * (i + 1))
    found = sorted(discover(REQ, [tmp_path]), key=lambda f: f.relative)
    groups = batches(found, min_tasks=2)
    assert len(groups) == 2
    names = [[f.path.name for f in g] for g in groups]
    assert sorted(n for g in names for n in g) == sorted(f.path.name for f in found)
    assert [[n for n in g if n.endswith(".pdf")] for g in names] == [
        ["a.pdf", "d.pdf"],
        ["b.pdf", "c.pdf"],
    ]
    assert [sum(n.endswith(".csv") for n in g) for g in names] == [4, 4]
    assert all(g == sorted(g) for g in names)  # inbox order within a task
    assert len(batches(found[:1], min_tasks=4)) == 1
