"""Commands for validators: `foi rejects` and its `export` and `apply`."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from foi_ingest.cli import DbOption, RequestOption, _request, app, console
from foi_ingest.packs.pack import Request

rejects_app = typer.Typer(help="Review rejected rows: list, export to Excel, apply decisions.")
app.add_typer(rejects_app, name="rejects")
InboxOption = Annotated[
    Path | None, typer.Option(help="The inbox whose _corrections/ hold the decisions (default: "
                          "the last run's).")
]  # fmt: skip


@rejects_app.callback(invoke_without_command=True)
def rejects(
    ctx: typer.Context,
    db: DbOption = None,
    request: RequestOption = None,
    force: Annotated[
        str | None, typer.Option("--body", "--force", help="Only this body's id (`foi bodies`).")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Only reasons containing this text.")] = None,
    run: Annotated[str | None, typer.Option(help="Only rows from this run id.")] = None,
    summary: Annotated[bool, typer.Option(help="Counts by reason and force.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List open rejected rows (where, what the force wrote, why, the closest values) and the
    decisions on file that did not take effect, with why."""
    if ctx.invoked_subcommand:
        return
    req = _request(request, db=db)
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.review import (
        letters_to_enter,
        open_rejections,
        self_disagreements,
        unapplied,
    )

    with connect(db, request=req, read_only=True) as con:
        items = open_rejections(con, force, run, reason)
        letters = letters_to_enter(con, force)
        alarms = self_disagreements(con, force)
        not_applied = unapplied(con, force)
    if summary:
        counts: dict[tuple[str, str], int] = {}
        example: dict[tuple[str, str, str], str] = {}
        for it in items:
            # read before reasons had codes: one bucket, until the file is read again
            problems = it["problems"] or [{"code": "unclassified", "field": None,
                                           "message": "; ".join(it["reasons"])}]  # fmt: skip
            for p in {(p["code"], p["field"] or "", p["message"]) for p in problems}:
                key = (p[0], p[1], it["force_id"] or "")
                counts[key] = counts.get(key, 0) + 1
                example.setdefault(key, p[2])
        for u in not_applied:
            key = (f"not_applied:{u['code']}", "", u["force_id"] or "")
            counts[key] = counts.get(key, 0) + 1
            example.setdefault(key, u["message"])
        if as_json:
            print(json.dumps([{"code": c, "field": f or None, "force_id": b, "rows": n,
                               "example": example[(c, f, b)]}
                              for (c, f, b), n in sorted(counts.items())], indent=2))  # fmt: skip
            return
        table = Table("code", "field", "force", "rows", "for example")
        for (code, field, force_id), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(code, field, force_id, str(n), example[(code, field, force_id)])
        console.print(table)
        return
    if as_json:
        print(json.dumps({"rejected": items, "not_applied": not_applied}, indent=2,
                         ensure_ascii=False, default=str))  # fmt: skip
        return
    table = Table("force", "file / location", "as written", "reasons", "closest")
    for it in items:
        table.add_row(
            it["force_id"], f"{it['source_file']}\n{it['location']}",
            "; ".join(f"{k}: {v}" for k, v in it["raw"].items()), "\n".join(it["reasons"]),
            "\n".join(f"{k}: {', '.join(v)}" for k, v in it["suggestions"].items()),
        )  # fmt: skip
    console.print(table)
    console.print(f"{len(items)} open rejected rows")
    if not_applied:
        stale = Table("file / location", "decision", "why not applied")
        for u in not_applied:
            stale.add_row(f"{u['source_file']}\n{u['location']}", u["decision"], u["message"])
        console.print(stale)
        console.print(
            f"{len(not_applied)} decisions on file did not take effect: see why above; clear "
            "them in the sheet 'Not applied' of `foi rejects export`, or make them again."
        )
    if alarms:
        checks = Table("force", "file", "what to check")
        for force_id, file, total_check, slips in alarms:
            said = [f"stated total {total_check}"] if total_check else []
            checks.add_row(force_id, file, "\n".join(said + list(slips)))
        console.print(checks)
        console.print(
            f"{len(alarms)} files disagree with themselves (a stated total their rows do not "
            "give, or '<N' marks that look like an autofill slip): check them with the body."
        )
    if letters:
        console.print(
            f"{letters} letters answer in prose, with no table: enter their figures in the "
            "sheet 'Enter from letters' of `foi rejects export`."
        )


def _inbox(con: Any, req: "Request", given: Path | None) -> Path | None:
    """The inbox whose decisions a review reads and writes: `--inbox`, else the last run's."""
    if given is not None:
        return given
    from foi_ingest.warehouse.review import last_inbox

    return last_inbox(con, req.id)


@rejects_app.command("export")
def rejects_export(
    workbook: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
    db: DbOption = None,
    request: RequestOption = None,
    force: Annotated[
        str | None, typer.Option("--body", "--force", help="Only this body's id (`foi bodies`).")
    ] = None,
    inbox: InboxOption = None,
) -> None:
    """Write the review workbook: open rejected rows and every decision on file."""
    req = _request(request, db=db)
    from foi_ingest.review.decisions import Decisions, load_decisions
    from foi_ingest.review.workbook import export_review
    from foi_ingest.warehouse.db import connect

    with connect(db, request=req, read_only=True) as con:
        folder = _inbox(con, req, inbox)
        decisions = load_decisions(folder) if folder else Decisions()
        n = export_review(req, con, workbook, force, decisions, folder)
    console.print(
        f"Wrote {n} rejected rows to {workbook}. Fill the yellow columns, then run "
        f"`foi rejects apply {workbook}`.", highlight=False,
    )  # fmt: skip


@rejects_app.command("apply")
def rejects_apply(
    workbook: Annotated[Path, typer.Argument(help="The reviewed .xlsx file.", exists=True)],
    db: DbOption = None,
    request: RequestOption = None,
    inbox: InboxOption = None,
    by: Annotated[str | None, typer.Option(help="Who decided (default: system user).")] = None,
) -> None:
    """Record what the workbook changed in INBOX/_corrections/ and re-read the files it
    touches (in this process: no orchestrator for an edit). Exits 1 while a decision on file
    is not applied or does not pass."""
    req = _request(request, db=db)
    from foi_ingest.errors import UserError
    from foi_ingest.flows.recipe import run_here
    from foi_ingest.review.apply import inbox_exists, record_review
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.review import apply_outcome

    with connect(db, request=req, read_only=True) as con:
        folder = _inbox(con, req, inbox)
    if folder is None:
        raise UserError("no ingest run of this request yet: pass --inbox DIR")
    applied = record_review(req, workbook, inbox_exists(folder), by)
    for problem in applied.problems:
        console.print(f"[yellow]not applied:[/yellow] {escape(problem)}", highlight=False)
    summary = run_here([str(folder)], str(db) if db else None, request=req)
    with connect(db, request=req, read_only=True) as con:
        outcome = apply_outcome(con, applied.keys)
    console.print(
        f"This apply: {applied.corrections_new} decisions recorded, {applied.corrections_changed}"
        f" changed, {applied.cleared} cleared, {applied.mappings_new + applied.mappings_changed} "
        f"mappings; {summary['changed']} files re-read. Of its decisions: "
        f"{outcome['corrected']} corrected, {outcome['dismissed']} dismissed, "
        f"{outcome['entered']} figures entered from letters, {len(outcome['failing'])} still "
        f"failing. On file: {len(outcome['not_applied'])} decisions not applied.",
        highlight=False,
    )
    for source_file, location, reasons in outcome["failing"]:
        console.print(f"  failing: {source_file} {location}: {'; '.join(reasons)}",
                      highlight=False)  # fmt: skip
    for u in outcome["not_applied"]:
        console.print(f"  not applied: {u['source_file']} {u['location']}: {u['message']}",
                      highlight=False)  # fmt: skip
    if applied.problems or outcome["failing"] or outcome["not_applied"]:
        raise typer.Exit(1)
