"""What an ingest run shows in Prefect's UI: a table of files and a summary of rejections."""

from typing import Any

import duckdb
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from foi_ingest.packs.pack import Request
from foi_ingest.warehouse.review import files_table, open_by_code

MAX_TABLE_ROWS = 300  # the UI is for a glance; `foi rejects` and exports hold everything


def publish_artifacts(
    request: Request,
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    summary: dict[str, Any],
    suffix: str,
) -> None:
    """Publish the run's file table and its rejection summary. Keys (lowercase and dashes) end
    with `suffix`, the request and the warehouse (`writer.artifact_suffix`), so the latest
    artifacts of one warehouse are never another's."""
    files = files_table(con, MAX_TABLE_ROWS)
    columns = ["file", "force", "status", "read", "loaded", "rejected", "skipped", "reason"]
    create_table_artifact(
        key=f"ingest-files-{suffix}",
        table=[
            dict(zip(columns, [str(v) if v is not None else "" for v in r], strict=True))
            for r in files
        ],
        description=f"Files after run {run_id} (first {MAX_TABLE_ROWS})",
    )
    reasons = open_by_code(con)
    lines = [
        f"# Ingest run {run_id}",
        "",
        f"{summary['files_seen']} files: {summary['new']} new, {summary['changed']} changed, "
        f"{summary['unchanged']} unchanged, {summary['duplicate']} duplicate, "
        f"{summary['removed']} removed.",
        "",
        "## Open rejected rows by reason",
        "",
        "| body | reason code | rows |",
        "|---|---|---|",
        *[f"| {f} | {k} | {n} |" for f, k, n in reasons],
        "",
        "Review them in Excel: `foi rejects export review.xlsx`, then "
        "`foi rejects apply review.xlsx`.",
    ]
    from foi_ingest.warehouse.report import headline, ranked_headline, render_markdown

    if ranked_headline(request):  # a request whose pack declares a ranked headline
        create_markdown_artifact(
            key=f"headline-report-{suffix}",
            markdown=render_markdown(request, headline(request, con)),
            description="The headline report after this run",
        )
    create_markdown_artifact(
        key=f"ingest-rejections-{suffix}",
        markdown="\n".join(lines),
        description="Rejected rows to review",
    )
