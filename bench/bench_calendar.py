"""Benchmark issues 23 and 24: the Calendar and the Hall of Fame at national scale.

A workbook with 10,000 honourees and 199,999 events (``bench_recognition``'s sheets, cached in
``bench/out/calendar_199999.xlsx``) is published into a SQLite store of its own
(``bench/out/calendar_199999.db``). Then, with AppTest (what the server does before a screen is
sent), the Calendar page is run once (the version's first build) and again as later visits
(fresh sessions, so nothing is kept in a session; only the per-version cache is warm).

Measured: the first build, the median server time per visit after it (goal < 1 s), and the
bytes a visit sends (the figures' JSON, the tables' cells and the HTML of the month view), also
for the Hall of Fame page with the same store.

Usage: .venv/bin/python bench/bench_calendar.py [--regenerate] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from bench_recognition import HONOUREES, events_sheet, honourees_sheet  # noqa: E402
from national import published_store  # noqa: E402
from openpyxl import Workbook  # noqa: E402

OUT = ROOT / "bench" / "out"
EVENTS = 199_999
GOAL_SECONDS = 1.0
WORKBOOK = OUT / f"calendar_{EVENTS}.xlsx"
DATABASE = OUT / f"calendar_{EVENTS}.db"


def workbook(regenerate: bool = False) -> Path:
    if WORKBOOK.exists() and not regenerate:
        return WORKBOOK
    book = Workbook(write_only=True)
    honourees_sheet(book, HONOUREES)
    events_sheet(book, EVENTS)
    OUT.mkdir(parents=True, exist_ok=True)
    book.save(WORKBOOK)
    return WORKBOOK


def database(regenerate: bool = False) -> Path:
    """A store with the sample as version 1 and the 199,999 events published as version 2."""
    if not DATABASE.exists() or regenerate:
        seconds = published_store(DATABASE, workbook(regenerate), "events")
        print(f"published {EVENTS:,} events in {seconds:.1f} s")
    return DATABASE


def sent_bytes(at) -> int:
    """What a run sends that grows with the data: figures' JSON, tables' cells, markdown/HTML."""
    total = sum(len(m.value.encode("utf-8")) for m in at.markdown)
    for element in at.get("plotly_chart"):
        total += len(element.proto.spec.encode("utf-8"))
    for frame in at.dataframe:
        total += len(frame.value.to_json(force_ascii=False).encode("utf-8"))
    return total


def visits(page: str, runs: int, **params: str) -> tuple[float, list[float], int]:
    """The first run (the version's first build) and later fresh sessions' runs, in seconds, and
    the bytes the last one sent."""
    from streamlit.testing.v1 import AppTest

    times, size = [], 0
    for _ in range(runs + 1):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()  # a fresh session's router and first page (not timed)
        start = time.perf_counter()
        at.switch_page(f"pages/{page}.py").run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"{page}: {at.exception[0].value}")
        size = sent_bytes(at)
    return times[0], times[1:], size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mm-bench-calendar-"))
    target = folder / "calendar.db"
    target.write_bytes(database(args.regenerate).read_bytes())
    os.environ["MORAL_METRICS_DATABASE_URL"] = f"sqlite:///{target}"
    os.environ["MORAL_METRICS_STORAGE_CACHE_DIR"] = str(folder / "shelf")
    os.environ["MORAL_METRICS_STORAGE_PREBUILD"] = "0"
    os.environ["MORAL_METRICS_TESTING"] = "1"
    results = {}
    pages = [("calendar", {"today": "2022-01-01"}), ("calendar", {"month": "2021-03", "day": "2021-03-10"})]
    pages += [("fame", {}), ("fame", {"q": "ดีเด่น", "virtue": "honesty"})]
    for page, params in pages:
        first, later, size = visits(page, args.runs, **params)
        median = statistics.median(later)
        verdict = "ok" if median < GOAL_SECONDS else "OVER GOAL"
        label = f"{page} {params}"
        print(f"{label}: first build {first:.2f} s; later visits median {median:.2f} s ({verdict}, goal < "
              f"{GOAL_SECONDS} s); {size / 1e6:.2f} MB sent")  # fmt: skip
        results[label] = {"first_s": first, "visit_s": median, "bytes": size}
    print(json.dumps(results, ensure_ascii=False))
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
