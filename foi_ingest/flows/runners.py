"""Where files are parsed: the Prefect task runner (threads, processes, or a Dask cluster) and
the Dask cluster's start in the background while the flow hashes files."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner


class _ClusterStart(threading.Thread):
    """Starts the task runner's Dask cluster (prefect-dask starts it at the first task) in the
    background, so its workers boot and preload the pipeline while the flow hashes files and
    works out which to read; the parse stage then starts on ready workers."""

    def __init__(self, runner: Any) -> None:
        super().__init__(name="dask-cluster-start", daemon=True)
        self.runner, self.started, self.error = runner, time.perf_counter(), None

    def run(self) -> None:
        try:
            client = self.runner.client  # creates the LocalCluster, or connects to the address
            client.wait_for_workers(1)
        except Exception as exc:  # raised again in the flow, where it belongs
            self.error = exc

    def ready(self) -> float:
        """Wait for the cluster; seconds since it was asked for."""
        self.join()
        if self.error:
            raise self.error
        return round(time.perf_counter() - self.started, 3)


@contextmanager
def cluster_starting() -> Iterator[_ClusterStart | None]:
    """The flow's Dask cluster starting in the background (None for other task runners); a
    run that fails before using it still waits for it, so the runner can shut it down."""
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if runner is None or type(runner).__name__ != "DaskTaskRunner":
        yield None
        return
    cluster = _ClusterStart(runner)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.join()


TASK_RUNNERS = ("thread", "process", "dask")
PRELOAD = "foi_ingest.flows.warm"


def make_task_runner(kind: str = "thread", workers: int = 4, address: str | None = None):
    """The Prefect task runner that parses files: threads (default), processes, or Dask.

    Dask runs parsing on a cluster: a `LocalCluster` of `workers` processes, or the cluster at
    `address` (`tcp://scheduler:8786`). Results (frames) come back to the flow, which alone writes.
    """
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "process":
        from prefect.task_runners import ProcessPoolTaskRunner

        from foi_ingest.flows.warm import ready  # each process warms up as it starts

        return ProcessPoolTaskRunner(max_workers=workers, initializer=ready)
    if kind == "dask":
        import logging

        from prefect_dask import DaskTaskRunner

        logging.getLogger("distributed").setLevel(logging.WARNING)  # a clean terminal

        if address:
            return DaskTaskRunner(address=address)
        # workers import the pipeline as they start (Dask's preload), not on their first file
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                            "dashboard_address": None, "preload": [PRELOAD]},
        )  # fmt: skip
    raise ValueError(f"task runner '{kind}': use one of {', '.join(TASK_RUNNERS)}")
