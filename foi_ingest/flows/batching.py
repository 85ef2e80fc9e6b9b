"""How files are grouped into parse tasks: Prefect's cost per task against parsing's."""

from foi_ingest.flows.discover import Found
from foi_ingest.parsers.registry import costly

BATCH_FILES = 25
BATCH_BYTES = 2 * 1024 * 1024
MIN_TASKS = 16


def batches(todo: list[Found], min_tasks: int | None = None) -> list[list[Found]]:
    """Files grouped for parse tasks.

    Prefect's own cost is 5-11 ms per task on 2 cores, near that of parsing a small CSV, so small
    files share a task: up to 25 files or 2 MB, in order, and never fewer than 16 tasks in all,
    so that the workers stay busy. A PDF (costly per byte) or a file of 2 MB or more has a task
    to itself. With `min_tasks` (Dask, where Prefect's cost is ~0.1 s per task, paid between
    tasks) files are shared out over exactly that many tasks instead: see `_spread`.
    """
    if min_tasks is not None:
        return _spread(todo, min_tasks)
    per_task = min(BATCH_FILES, max(1, -(-len(todo) // MIN_TASKS)))
    out: list[list[Found]] = []
    group: list[Found] = []
    size = 0
    for f in todo:
        n = f.path.stat().st_size
        if n >= BATCH_BYTES or costly(f.path):
            if group:
                out.append(group)
                group, size = [], 0
            out.append([f])
            continue
        if group and (len(group) >= per_task or size + n > BATCH_BYTES):
            out.append(group)
            group, size = [], 0
        group.append(f)
        size += n
    if group:
        out.append(group)
    return out


def _spread(todo: list[Found], tasks: int) -> list[list[Found]]:
    """`todo` over `tasks` groups (one per Dask worker), each in inbox order.

    Cost per byte differs a thousandfold between a PDF and a CSV but little within a format, so
    the PDFs are shared out by size, largest first to the lightest group, then the other files
    the same way, so every worker gets an even share of each.
    """
    groups: list[list[int]] = [[] for _ in range(max(1, min(tasks, len(todo))))]
    loads = {True: [0] * len(groups), False: [0] * len(groups)}
    sizes = [f.path.stat().st_size for f in todo]
    kinds = [costly(f.path) for f in todo]
    for pdf in (True, False):
        mine = sorted((i for i in range(len(todo)) if kinds[i] == pdf), key=lambda i: -sizes[i])
        for i in mine:
            g = min(range(len(groups)), key=lambda g: (loads[pdf][g], loads[True][g], g))
            groups[g].append(i)
            loads[pdf][g] += sizes[i]
    return [[todo[i] for i in sorted(g)] for g in groups if g]
