"""Prefect's own cost per task on this machine, with tasks that do nothing (or sleep 0.2 s).

    .venv/bin/python benchmarks/prefect_tasks.py

The floor under `foi ingest`'s per-file figures: it is why small files share parse tasks, and
why a Dask run spreads files over a few tasks per worker. Not part of the test suite.
"""

import os
import time

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402


@task(cache_policy=NO_CACHE, persist_result=False)
def nothing(i: int) -> int:
    return i


@task(cache_policy=NO_CACHE, persist_result=False)
def nap(i: int) -> int:
    time.sleep(0.2)
    return i


def timed_tasks(runner, fn, n: int) -> float:
    """Seconds for `n` tasks of `fn` on `runner`, after one task has warmed it up."""

    @flow(task_runner=runner)
    def run() -> float:
        fn.submit(-1).result()
        start = time.perf_counter()
        for future in [fn.submit(i) for i in range(n)]:
            future.result()
        return time.perf_counter() - start

    return run()


def threads(n: int) -> float:
    return timed_tasks(ThreadPoolTaskRunner(max_workers=4), nothing, n)


def dask(n: int, workers: int) -> float:
    from prefect_dask import DaskTaskRunner

    from foi_ingest.flows.prefect_api import share_with_workers

    share_with_workers()
    cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True,
               "dashboard_address": None}  # fmt: skip
    return timed_tasks(DaskTaskRunner(cluster_kwargs=cluster), nap, n)


def main() -> None:
    n = 500
    per_task = 1000 * threads(n) / n
    print(f"thread runner: {per_task:.1f} ms per empty task ({n} tasks)")
    for workers in (1, 2):
        seconds = dask(20, workers)
        ideal = 20 * 0.2 / workers
        extra = 1000 * (seconds - ideal) / 20
        print(f"Dask, {workers} worker(s): 20 tasks of 0.2 s in {seconds:.1f} s "
              f"(ideal {ideal:.1f} s: {extra:.0f} ms per task)")  # fmt: skip


if __name__ == "__main__":
    main()
