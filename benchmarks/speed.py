"""Speed and memory of foi-ingest beside the bare libraries, measured in one run.

    .venv/bin/python benchmarks/speed.py            # default sizes, a few minutes
    .venv/bin/python benchmarks/speed.py --files 2000 --csv-rows 1000000 --xlsx-rows 200000

Prints one table: our figure, the bare-library floor on the same files, their ratio, and the
target from issue 6. Nothing here runs in the test suite.
"""

import argparse
import csv
import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from foi_ingest.packs import load_pack

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
FOI = [sys.executable, "-m", "foi_ingest.cli"]
REQ = load_pack("police-social-media")  # the request of the sample inbox and of most figures


def _rows(n: int, seed: int = 1) -> list[list[str]]:
    from foi_ingest.sample.phrasing import ALLEGATIONS, OUTCOME_PHRASES, ROLE_PHRASES

    rng = random.Random(seed)
    ranks = [p for ps in ROLE_PHRASES.values() for p in ps]
    outcomes = [p for ps in OUTCOME_PHRASES.values() for p in ps]
    return [
        [rng.choice(ranks), f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/"
         f"{rng.randint(2010, 2013)}", rng.choice(ALLEGATIONS), rng.choice(outcomes)]
        for _ in range(n)
    ]  # fmt: skip


def write_csv(path: Path, n: int, seed: int = 1) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Rank", "Date", "Allegation", "Outcome"])
    writer.writerows(_rows(n, seed))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cases")
    ws.append(["Rank", "Date", "Allegation", "Outcome"])
    for row in _rows(n):
        ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def write_pdf(path: Path, n: int, seed: int = 1) -> None:
    from foi_ingest.sample.model import Case
    from foi_ingest.sample.pdfs import Letter, _ruled

    pdf = Letter("Kent Police", "BENCH")
    import datetime as dt

    _ruled(pdf, [Case("police_officer", "dismissed", dt.date(2012, 1, 1), r[2], r[0], r[3])
                 for r in _rows(n, seed)])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def ours(path: Path, request=None) -> tuple[float, int]:
    """Our whole path for one file without Prefect: parse, map, validate (load is below)."""
    from foi_ingest.flows.pipeline import process_file

    req = request or REQ
    seconds, result = timed(lambda: process_file(req, path, path.parent.parent, "bench"))
    return seconds, result.response["rows_loaded"]


def load_seconds(path: Path, request=None) -> float:
    """Loading the parsed file into a fresh DuckDB, in its one transaction."""
    from foi_ingest.flows.pipeline import process_file
    from foi_ingest.warehouse.db import connect
    from foi_ingest.warehouse.load import load_file

    req = request or REQ
    result = process_file(req, path, path.parent.parent, "bench")
    with tempfile.TemporaryDirectory() as tmp, connect(Path(tmp) / "l.duckdb", request=req) as con:
        seconds, _ = timed(lambda: load_file(req, con, result.response, result.cases,
                                             result.rejected, result.skipped))  # fmt: skip
    return seconds


def bare_csv(path: Path) -> float:
    """DuckDB's CSV reader into Python rows (what a loader of Python objects would get)."""
    import duckdb

    with duckdb.connect() as con:
        seconds, _ = timed(lambda: con.execute(f"SELECT * FROM read_csv('{path}')").fetchall())
    return seconds


def bare_csv_pandas(path: Path) -> float:
    """pandas' C reader into a frame (Arrow-backed text with pandas 3 and pyarrow)."""
    import pandas as pd

    return timed(lambda: pd.read_csv(path))[0]


def bare_xlsx(path: Path) -> tuple[float, str]:
    try:
        from python_calamine import CalamineWorkbook

        def read():
            return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()

        return timed(read)[0], "python-calamine"
    except ImportError:
        from openpyxl import load_workbook

        def read():
            wb = load_workbook(path, read_only=True)
            return [r for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]

        return timed(read)[0], "openpyxl read-only"


def bare_pdf(path: Path) -> float:
    import pdfplumber

    def read():
        with pdfplumber.open(path) as pdf:
            return [p.extract_tables() for p in pdf.pages]

    return timed(read)[0]


def _bare_pdf_file(path: str) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len([p.extract_tables() for p in pdf.pages])


def bare_pdf_processes(paths: list[Path], n: int) -> float:
    """Bare pdfplumber over `paths` in a fresh pool of `n` processes (started and warmed before
    the clock), an equal share each. Fresh processes: this one holds the large returns parsed
    above, and its garbage collector would slow pdfplumber's many small objects down."""
    from multiprocessing import get_context

    with get_context("spawn").Pool(n) as pool:
        pool.map(_bare_pdf_file, [str(paths[0])] * n)
        share = -(-len(paths) // n)
        return timed(lambda: pool.map(_bare_pdf_file, [str(p) for p in paths], chunksize=share))[0]


REAL_PDF = (
    Path(__file__).resolve().parents[2] / "shared" / "real-returns"
    / "hospital-crime-foi-hertfordshire" / "Hertfordshire.pdf"
)  # fmt: skip


def real_pdf_line() -> tuple[str, str, str, str, str] | None:
    """The real 61-page table (Hertfordshire's hospital-crime return), ingested whole with its
    pack (parse, map, validate, load) against bare `extract_tables()` on every page, measured
    here, one after the other; None where ../shared/real-returns is absent."""
    import shutil

    if not REAL_PDF.is_file():
        return None
    crime = load_pack("hospital-crime")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Hertfordshire Constabulary" / REAL_PDF.name
        path.parent.mkdir()
        shutil.copy(REAL_PDF, path)
        ours(path, crime)  # imports and caches warm
        t, n = ours(path, crime)
        t += load_seconds(path, crime)
        floor = bare_pdf(path)
    return (f"real PDF, 61 pages ({n:,} rows): parse+map+validate+load", f"{t:.1f} s",
            f"{floor:.1f} s (pdfplumber extract_tables)", f"{floor / t:.1f}x", ">= 3x")  # fmt: skip


def cli(*args: str) -> float:
    seconds, proc = timed(lambda: subprocess.run([*FOI, *args], capture_output=True, text=True))
    if proc.returncode:
        raise RuntimeError(proc.stderr[-2000:])
    return seconds


def _median(fn, n: int = 3) -> float:
    return sorted(fn(i) for i in range(n))[n // 2]


def validator_lines(root: Path) -> list[tuple[str, str, str, str, str]]:
    """The validator's loop on the sample warehouse (seed 2014, as `make demo`): `foi report`,
    re-reading one changed file, and `foi rejects apply` of a workbook with a handful of
    decisions, each the median of 3 wall-clock runs of the command; and what the 2 s is made of
    (interpreter and CLI start, importing the pipeline)."""
    from openpyxl import load_workbook

    from foi_ingest.sample.generator import write_inbox

    inbox, db = root / "sample", str(root / "sample.duckdb")
    write_inbox(inbox, seed=2014)
    cli("ingest", str(inbox), "--db", db)
    report = _median(lambda i: cli("report", "--db", db))
    avon = inbox / "Avon & Somerset" / "social_media_cases.csv"

    def reread(i: int) -> float:
        avon.write_bytes(avon.read_bytes().replace(b"\r\nTotal", f"\r\nPC,201{i},New,NFA\r\nTotal"
                                                   .encode()))  # fmt: skip
        return cli("ingest", str(avon), "--db", db)

    one_file = _median(reread)
    book = root / "review.xlsx"
    cli("rejects", "export", str(book), "--db", db)

    def apply(i: int) -> float:
        wb = load_workbook(book)
        ws = wb["Rejected rows"]
        header = [c.value for c in ws[1]]
        for row in list(ws.iter_rows(min_row=2))[:4]:  # decide, clear, decide again
            row[header.index("decision")].value = "clear decision" if i == 1 else "not a case"
        wb.save(book)
        seconds, proc = timed(
            lambda: subprocess.run(
                [*FOI, "rejects", "apply", str(book), "--db", db], capture_output=True, text=True
            )
        )
        if proc.returncode not in (0, 1):  # 1: a decision on file not applied (said, not a crash)
            raise RuntimeError(proc.stderr[-2000:])
        cli("rejects", "export", str(book), "--db", db)  # the next round's workbook
        return seconds

    applied = _median(apply)
    start = _median(lambda i: cli("--help"))
    imports, _ = timed(lambda: subprocess.run(
        [sys.executable, "-c", "import foi_ingest.flows.recipe, foi_ingest.review.apply"],
        check=True))  # fmt: skip
    parts = f"start {start:.2f} s + imports {imports:.2f} s"
    return [
        ("foi report, sample warehouse (median of 3)", f"{report:.2f} s", parts, "", ""),
        ("foi ingest ONE changed file (in process, median of 3)", f"{one_file:.2f} s", parts,
         "", "<= 2 s"),
        ("foi rejects apply, 4 decisions (in process, median of 3)", f"{applied:.2f} s", parts,
         "", "<= 2 s"),
    ]  # fmt: skip


def peak_rss_mb(path: Path) -> float:
    """Peak resident memory of a fresh process parsing `path`, sampled every 10 ms with psutil.

    Not the child's own ru_maxrss: a forked child starts with this (large) process's pages and
    keeps that peak after exec.
    """
    import psutil

    code = (
        "import sys; from pathlib import Path; "
        "from foi_ingest.flows.pipeline import process_file; "
        "from foi_ingest.packs import load_pack; REQ = load_pack('police-social-media'); "
        "p = Path(sys.argv[1]); process_file(REQ, p, p.parent.parent, 'bench')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)])
    watch, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, watch.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.01)
    return peak / 1024 / 1024


def _parse_only(path: str) -> int:
    from foi_ingest.flows.pipeline import process_file

    p = Path(path)
    return process_file(REQ, p, p.parent.parent, "bench").response["rows_loaded"]


def _warm_up() -> bool:
    import foi_ingest.flows.pipeline  # noqa: F401  (imports are a worker's start-up cost)

    return True


def dask_parse_seconds(folder: Path, workers: int) -> float:
    """The parse stage alone on a Dask LocalCluster whose workers have already started."""
    from distributed import Client, LocalCluster

    paths = [str(p) for p in sorted(folder.rglob("*.pdf"))]
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:  # fmt: skip
        client.run(_warm_up)
        seconds, _ = timed(lambda: client.gather(client.map(_parse_only, paths, pure=False)))
    return seconds


def dask_lines(pdfs: Path, count: int) -> list[tuple[str, str, str, str, str]]:
    """The Dask rows for an inbox of `count` distinct PDFs."""
    from foi_ingest.flows.ingest import run_ingest

    for i in range(count):
        write_pdf(pdfs / "Kent" / f"p{i}.pdf", 120, seed=i)  # distinct: not duplicates
    paths = sorted(pdfs.rglob("*.pdf"))
    stage = {}
    for n in (1, 2):
        summary = run_ingest([str(pdfs)], str(pdfs.parent / f"d{count}-{n}.duckdb"), max_workers=n,
                             task_runner="dask")  # fmt: skip
        stage[n] = summary["parse_seconds"]
    single = sum(ours(p)[0] for p in paths)
    plain = {n: dask_parse_seconds(pdfs, n) for n in (1, 2)}
    bare = {n: bare_pdf_processes(paths, n) for n in (1, 2)}
    return [
        (f"{count} PDFs, bare pdfplumber in fresh processes: 1 vs 2",
         f"{bare[1]:.1f} s vs {bare[2]:.1f} s", "", f"{bare[1] / bare[2]:.2f}x",
         "(the machine's ceiling)"),
        (f"{count} PDFs on Dask without Prefect, warm workers: 1 vs 2",
         f"{plain[1]:.1f} s vs {plain[2]:.1f} s", "", f"{plain[1] / plain[2]:.2f}x", ""),
        (f"{count} PDFs, parse stage on Dask: 1 worker vs 2",
         f"{stage[1]:.1f} s vs {stage[2]:.1f} s", f"{single:.1f} s (1 process, no Prefect)",
         f"{stage[1] / stage[2]:.2f}x", ">= 1.8x"),
        (f"{count} PDFs: parse stage, 2 Dask workers vs bare pdfplumber",
         f"{stage[2]:.1f} s", f"{bare[1]:.1f} s (extract_tables, 1 process)",
         f"{bare[1] / stage[2]:.2f}x", ">= 1.7x"),
    ]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=500, help="files in the many-files inbox")
    ap.add_argument("--csv-rows", type=int, default=200_000)
    ap.add_argument("--xlsx-rows", type=int, default=50_000)
    ap.add_argument("--pdf-rows", type=int, default=400, help="rows of the ruled PDF table")
    ap.add_argument("--pdf-files", type=int, default=12,
                    help="PDFs for the Dask comparison (run again at 3x)")  # fmt: skip
    ap.add_argument("--real-only", action="store_true", help="only the real 61-page PDF row")
    ap.add_argument(
        "--validator-only",
        action="store_true",
        help="only the validator's loop (report, one-file re-read, apply)",
    )
    args = ap.parse_args()
    lines: list[tuple[str, str, str, str, str]] = []
    if args.validator_only:
        with tempfile.TemporaryDirectory() as tmp:
            _print(validator_lines(Path(tmp)))
        return
    if args.real_only:
        real = real_pdf_line()
        _print([real] if real else [])
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env_db = str(root / "w.duckdb")

        # Prefect's fixed cost, and the 43-force inbox end to end
        # a one-file inbox (an empty one fails the run): Prefect's cost, next to nothing else
        write_csv(root / "empty" / "Kent" / "one.csv", 1)
        startup = cli("ingest", str(root / "empty"), "--db", str(root / "e.duckdb"))
        from foi_ingest.sample.generator import all_forces_plan, write_inbox

        write_inbox(root / "forces", seed=4242, plan=all_forces_plan(4242, 20))
        runs = sorted(cli("ingest", str(root / "forces"), "--db", f"{env_db}.{i}")
                      for i in range(3))  # fmt: skip
        spread = f"{runs[1]:.1f} s ({runs[0]:.1f}-{runs[2]:.1f})"
        lines.append(("43-force inbox, foi ingest (median of 3 fresh runs)", spread, "", "",
                      "<= 10 s"))  # fmt: skip
        lines.append(("Prefect + CLI fixed cost (one-file inbox)", f"{startup:.1f} s", "", "", ""))

        # per format: our rows/s against the bare read of the same file
        csv_path = root / "fmt" / "Kent" / "big.csv"
        write_csv(csv_path, args.csv_rows)
        ours(csv_path)  # imports and caches warm, as in a long run
        t, n = ours(csv_path)
        t_load = load_seconds(csv_path)
        for floor, lib in ((bare_csv(csv_path), "DuckDB rows"),
                           (bare_csv_pandas(csv_path), "pandas frame")):  # fmt: skip
            lines.append((f"CSV {args.csv_rows:,} rows: parse+map+validate+load",
                          f"{n / (t + t_load):,.0f} rows/s",
                          f"{args.csv_rows / floor:,.0f} ({lib})",
                          f"{(floor / (t + t_load)):.2f}x", ">= 0.7x"))  # fmt: skip
        xlsx_path = root / "fmt" / "Kent" / "big.xlsx"
        write_xlsx(xlsx_path, args.xlsx_rows)
        ours(xlsx_path)
        t, n = ours(xlsx_path)
        t_load = load_seconds(xlsx_path)
        floor, lib = bare_xlsx(xlsx_path)
        lines.append((f"xlsx {args.xlsx_rows:,} rows: parse+map+validate+load",
                      f"{n / (t + t_load):,.0f} rows/s", f"{args.xlsx_rows / floor:,.0f} ({lib})",
                      f"{(floor / (t + t_load)):.2f}x", ">= 0.7x"))  # fmt: skip
        pdf_path = root / "fmt" / "Kent" / "big.pdf"
        write_pdf(pdf_path, args.pdf_rows)
        t, n = ours(pdf_path)
        floor = bare_pdf(pdf_path)
        lines.append((f"PDF ruled table, {args.pdf_rows} rows: one file, one process",
                      f"{n / t:,.0f} rows/s", f"{args.pdf_rows / floor:,.0f} (pdfplumber)",
                      f"{floor / t:.2f}x", ""))  # fmt: skip

        # many small files, in this process (Prefect started once): overhead per file, re-run
        from foi_ingest.flows.ingest import run_ingest
        from foi_ingest.flows.pipeline import process_file
        from foi_ingest.warehouse.db import connect
        from foi_ingest.warehouse.load import load_file

        many = root / "many"
        for i in range(args.files):
            write_csv(many / "Kent" / f"f{i:05d}.csv", 5, seed=i)  # distinct: not duplicates
        run_ingest([str(root / "empty")], str(root / "warm.duckdb"))  # starts Prefect's API
        # the same one file, now unchanged: a run's fixed cost on a warm API
        warm, _ = timed(lambda: run_ingest([str(root / "empty")], str(root / "warm.duckdb")))

        def bare_many():
            with connect(root / "bare.duckdb", request=REQ) as con:
                for p in sorted(many.rglob("*.csv")):
                    r = process_file(REQ, p, many, "b")
                    load_file(REQ, con, r.response, r.cases, r.rejected, r.skipped)

        bare, _ = timed(bare_many)
        flow, _ = timed(lambda: run_ingest([str(many)], str(root / "m.duckdb")))
        rerun, _ = timed(lambda: run_ingest([str(many)], str(root / "m.duckdb")))
        per_file, per_bare = 1000 * (flow - warm) / args.files, 1000 * bare / args.files
        lines.append((f"{args.files} files: flow time per file (after start-up)",
                      f"{per_file:.1f} ms/file", f"{per_bare:.1f} ms/file (parse+load, no Prefect)",
                      f"+{max(per_file - per_bare, 0):.1f} ms", "<= 10 ms overhead"))  # fmt: skip
        lines.append((f"{args.files} files unchanged: re-run after start-up", f"{rerun:.1f} s",
                      "", "", "<= 3 s"))  # fmt: skip

        lines.extend(validator_lines(root / "validator"))

        # memory on the large CSV and xlsx
        lines.append((f"peak RSS, CSV {args.csv_rows:,} rows", f"{peak_rss_mb(csv_path):,.0f} MB",
                      "", "", "<= 1 GB at 1M rows"))  # fmt: skip
        lines.append((f"peak RSS, xlsx {args.xlsx_rows:,} rows",
                      f"{peak_rss_mb(xlsx_path):,.0f} MB", "", "", ""))  # fmt: skip

        # parse stage on Dask: 1 worker vs 2 (stage timed inside the flow; cluster start
        # excluded), at two inbox sizes: the fixed cost of a stage weighs less on the larger
        for count in (args.pdf_files, 3 * args.pdf_files):
            lines.extend(dask_lines(root / f"pdfs{count}", count))

    real = real_pdf_line()  # last: it switches this process to the hospital-crime pack
    if real:
        lines.append(real)
    _print(lines)


def _print(lines: list[tuple[str, str, str, str, str]]) -> None:
    print(
        f"foi-ingest benchmarks on {platform.node()}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    head = ("measure", "ours", "bare floor", "ratio", "target")
    widths = [max(len(r[i]) for r in (head, *lines)) for i in range(5)]
    for row in (head, *lines):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(json.dumps(lines))


if __name__ == "__main__":
    main()
