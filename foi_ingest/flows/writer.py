"""One writer per warehouse, across every deployment and worker, and names tied to it.

DuckDB lets one process write a file. A deployment's own concurrency limit queues its runs, but
`nightly` and `rebuild` are two deployments: each run of the flow therefore takes a slot of a
Prefect global concurrency limit named after the DuckDB file (created, with one slot, the first
time), so runs writing the same warehouse queue on the server, with a line in the run's logs,
instead of racing for the file's lock. Runs on different warehouses never wait for each other.
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from logging import Logger, LoggerAdapter
from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectNotFound

FIRST_TRY_SECONDS = 2.0
"""How long a run tries for the slot before saying in its logs that it waits for another."""


def _key(db: Path) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", db.stem.lower()).strip("-") or "warehouse"
    return f"{stem}-{hashlib.sha1(str(db).encode()).hexdigest()[:8]}"


def limit_name(db: Path) -> str:
    """The global concurrency limit of one warehouse file ('foi-warehouse-foi-1a2b3c4d')."""
    return f"foi-warehouse-{_key(db)}"


def artifact_suffix(request: str, db: Path) -> str:
    """What ends every artifact key of a run: its request and its warehouse."""
    return f"{request}-{_key(db)}"


def _ensure_limit(name: str) -> None:
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            try:
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=1)
                )
            except Exception:  # created meanwhile by a run starting at the same moment
                client.read_global_concurrency_limit_by_name(name)


@contextmanager
def warehouse_slot(db: Path, logger: Logger | LoggerAdapter) -> Iterator[None]:
    """Hold the warehouse's one writing slot for the run (waiting, and saying so, while another
    run holds it)."""
    name = limit_name(db)
    _ensure_limit(name)
    with ExitStack() as stack:
        try:
            stack.enter_context(
                concurrency(name, occupy=1, timeout_seconds=FIRST_TRY_SECONDS, strict=True)
            )
        except TimeoutError:
            logger.warning(
                "waiting for another run writing %s to finish (global concurrency limit '%s')",
                db, name,
            )  # fmt: skip
            stack.enter_context(concurrency(name, occupy=1, strict=True))
        yield
