"""A run's bookkeeping: which files it reads (new or changed; not unchanged, not copies), what
becomes of files that failed or ran out of time, files that left the folders the run covers,
and its row in `ingestion_runs`. Plain functions on an open warehouse connection; the recipe
(`flows/recipe.py`) strings them."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from logging import Logger
from pathlib import Path, PurePath
from typing import Any

import duckdb

from foi_ingest.flows.discover import Found, Scope
from foi_ingest.flows.pipeline import FileResult, no_cases, response_row, sha256_of, without_records
from foi_ingest.packs import Request
from foi_ingest.review.decisions import Decisions, load_decisions
from foi_ingest.schemas.bodies import resolve_body
from foi_ingest.statuses import Status
from foi_ingest.warehouse.load import (
    forget_file,
    known_files,
    load_file,
    primary_files,
    record_unheld,
)
from foi_ingest.warehouse.runs import inboxes_read, record_finish, record_start


@dataclass
class Run:
    """One run: its id, its files with their hashes and decisions, and its summary so far."""

    files: list[Found]
    db: Path
    scopes: list[Scope] = field(default_factory=list)
    run_id: str = field(
        default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        + "-" + uuid.uuid4().hex[:6]
    )  # fmt: skip
    shas: dict[str, str] = field(default_factory=dict)
    decisions: dict[Path, Decisions] = field(default_factory=dict)
    known: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.summary = {
            "run_id": self.run_id, "db": str(self.db), "files_seen": len(self.files), "new": 0,
            "changed": 0, "unchanged": 0, "removed": 0, "duplicate": 0, "failed": 0,
            "statuses": {}, "retired": [],
        }  # fmt: skip

    def count(self, status: str) -> None:
        self.summary["statuses"][status] = self.summary["statuses"].get(status, 0) + 1

    def covering(self, relative: str) -> Scope | None:
        """The given path that covers a file of the warehouse, if any does."""
        return next((s for s in self.scopes if s.covers(relative)), None)

    def inboxes(self) -> list[Path]:
        return sorted({f.inbox for f in self.files} | {s.inbox for s in self.scopes})


def known_inboxes(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """The inbox folders earlier runs read (absolute, as recorded since runs record their
    inboxes rather than the paths given), so a file or body folder given later is placed in
    its inbox (`discover.inbox_of`)."""
    return inboxes_read(con)


def start(request: Request, con: duckdb.DuckDBPyConnection, run: Run, full: bool) -> None:
    """Record the run and its inboxes, and read what the warehouse already holds; on `full`,
    forget what the given paths cover (all of it for a whole inbox), and only that."""
    record_start(con, run.run_id, run.inboxes(), len(run.files), request.id)
    run.known = known_files(con)
    if full:
        for rel in [rel for rel in run.known if run.covering(rel)]:
            forget_file(con, rel)
            del run.known[rel]
    run.shas = {f.relative: sha256_of(f.path) for f in run.files}
    run.decisions = {root: load_decisions(root) for root in {f.inbox for f in run.files}}


def to_read(request: Request, con: duckdb.DuckDBPyConnection, run: Run, full: bool) -> list[Found]:
    """The files to read: new or changed (content or decisions). Unchanged files are counted;
    a copy (same bytes filed under the same force) is loaded as a duplicate of the original,
    the shortest name of identical files ('Copy of ...' is not the original)."""
    todo: list[Found] = []
    seen_sha = (
        {}
        if full
        else {(body_of(request, rel), sha): rel for sha, rel in primary_files(con).items()}
    )
    for f in sorted(run.files, key=lambda f: (len(f.relative), f.relative)):
        rel, sha = f.relative, run.shas[f.relative]
        old_sha, old_fingerprint, old_force = run.known.get(rel, (None, None, None))
        fingerprint = run.decisions[f.inbox].fingerprint(request, rel, old_force)
        if (old_sha, old_fingerprint) == (sha, fingerprint):
            run.summary["unchanged"] += 1
            continue
        copy_key = (body_of(request, rel), sha)
        first = seen_sha.get(copy_key) if f.path.stat().st_size else None  # empty: no copy
        if first is not None and first != rel and first in run.shas:
            run.summary["duplicate"] += 1
            duplicate = response_row(
                rel, sha, run.run_id, status=Status.DUPLICATE, duplicate_of=first,
                status_reason=f"same content as {first}; counted once",
            )  # fmt: skip
            duplicate["config_fingerprint"] = fingerprint
            load_file(request, con, duplicate, no_cases(request), [], [])
            continue
        seen_sha[copy_key] = rel
        run.summary["changed" if rel in run.known else "new"] += 1
        todo.append(f)
    return todo


def settle(
    request: Request, run: Run, f: Found, result: object, budget: int, logger: Logger
) -> FileResult:
    """A parse task's outcome as a file's result: a timeout or an internal error becomes an
    `unparseable` response with a reason a person can act on; the run goes on."""
    sha = run.shas[f.relative]
    if isinstance(result, TimeoutError):
        result = without_records(
            request, f.relative, sha, run.run_id, status=Status.UNPARSEABLE,
            force_id=body_of(request, f.relative),
            status_reason=f"reading took longer than the time budget of {budget} s; "
            "raise it with FOI_LIMIT_FILE_SECONDS=N if the file is genuine",
        )  # fmt: skip
    elif isinstance(result, BaseException) or not isinstance(result, FileResult):
        run.summary["failed"] += 1
        logger.error("could not process %s: %s", f.relative, result)
        result = without_records(request, 
            f.relative, sha, run.run_id, status=Status.UNPARSEABLE,
            status_reason=f"internal error while reading ({type(result).__name__}: {result}); "
            "please report it with the file",
        )  # fmt: skip
    assert isinstance(result, FileResult)
    result.response["config_fingerprint"] = run.decisions[f.inbox].fingerprint(
        request, f.relative, result.response.get("force_id")
    )
    return result


def finish(con: duckdb.DuckDBPyConnection, run: Run) -> None:
    """Retire files that left what the run was told to cover (a folder given whole: files no
    longer under it; a file given alone covers only itself, which exists), saying which and
    why in the summary; record decisions on file for files the warehouse does not hold; close
    the run."""
    for rel in sorted(set(run.known) - set(run.shas)):
        scope = run.covering(rel)
        if scope is None:
            continue  # outside what this run was given: not this run's to judge
        forget_file(con, rel)
        run.summary["removed"] += 1
        run.summary["retired"].append(
            {"file": rel, "why": f"no longer in the {scope.describe()} this run read"}
        )
    record_unheld(con, list(run.decisions.values()), set(known_files(con)), run.run_id)
    record_finish(con, run.run_id, run.summary)


def body_of(request: Request, rel: str) -> str | None:
    """The force a file's path names (folder, then file name), for telling copies apart."""
    return resolve_body(request, PurePath(rel)).body_id
