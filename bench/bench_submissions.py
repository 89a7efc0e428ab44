"""Submissions at national scale: 77 one-province files published at once, and the reporting
(completeness) table with 1000 stored versions.

    .venv/bin/python bench/bench_submissions.py [--versions 1000]

Prints the publish time of the 77 files (goal < 10 s) and the time to build the completeness
table and its on-screen form from the store (goal < 300 ms), each as a median of runs, with
the time of a bare read of the current version in the same run as the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from builders import simple_long, to_bytes  # noqa: E402

from moral_metrics.access.roles import Actor  # noqa: E402
from moral_metrics.figures.submissions import completeness_table  # noqa: E402
from moral_metrics.metrics.reporting import completeness  # noqa: E402
from moral_metrics.reference.catalogue import default_catalogue  # noqa: E402
from moral_metrics.reference.provinces import province_index  # noqa: E402
from moral_metrics.service import Service  # noqa: E402

CENTRAL = Actor.central("bench")
COUNTS = [i.code for i in default_catalogue().indicators if i.kind == "count"][:5]


def province_file(code: str, name: str, bump: int) -> bytes:
    rows = [[name, year, ind, 10, 5 + year + bump] for year in (1, 2, 3) for ind in COUNTS]
    return to_bytes(simple_long(rows, {name: 2565}))


def timed(action, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--versions", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-submissions-"))
    store = Service(f"sqlite:///{folder / 'bench.db'}")
    files = [(f"{p.code}.xlsx", province_file(p.code, p.name_th, 0)) for p in province_index().provinces]
    start = time.perf_counter()
    published = store.publish_files(files, CENTRAL)
    publish_seconds = time.perf_counter() - start
    assert published.ok and len(published.provinces) == 77
    print(f"publish 77 one-province files as one version: {publish_seconds:.2f} s (goal < 10 s)", flush=True)
    provinces = province_index().provinces
    checkpoints = {c for c in (100, 300, args.versions) if c <= args.versions}
    for n in range(args.versions - 1):  # one province's new figures each time, as provinces send them
        p = provinces[n % 77]
        assert store.publish(province_file(p.code, p.name_th, n + 1), f"{p.code}-{n}.xlsx", CENTRAL).ok
        if n + 2 in checkpoints:
            report(store)


def report(store: Service) -> None:
    current = store.current_id()
    bare = timed(lambda: store.tracker(current))

    def page() -> None:
        tracker = store.tracker(current)
        table = completeness(tracker, store.table("slices"), store.table("locks"))
        completeness_table(table, "th")

    full = timed(page)
    versions, slices = len(store.versions()), len(store.table("slices"))
    print(
        f"{versions} versions, {slices} slices: bare read of the current version {bare * 1000:.0f} ms; "
        f"completeness table from the store {full * 1000:.0f} ms (goal < 300 ms), {full / bare:.2f}x the bare read",
        flush=True,
    )


if __name__ == "__main__":
    main()
