"""Time and memory for every case of the hostile-file corpus (tests/corpus.py).

Each case runs in a fresh child process that builds the file, then loads it the way a publish
does (``load_tracker``): the time of that load and the child's peak RSS are reported. Goals of
the trust issue: each refused within 5 s, with bounded memory, the process staying up; issue 23:
every case refused or loaded in < 5 s and < 600 MB peak (CPU seconds shown too: on a shared
machine the wall clock waits for other processes).

Usage: .venv/bin/python bench/bench_hostile.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys, time
sys.path[:0] = [{root!r}, {tests!r}]
from corpus import CASES
from moral_metrics import load_tracker
import moral_metrics.pipeline  # imports done before measuring
case = next(c for c in CASES if c.name == {name!r})
data = case.build()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
result = load_tracker(data)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "cpu": cpu, "peak_mb": peak / 1024, "before_mb": before / 1024,
                  "codes": [m.code for m in result.errors], "ok": result.ok, "size": len(data)}}))
"""


def main() -> int:
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from corpus import CASES

    rows = []
    for case in CASES:
        script = CHILD.format(root=str(ROOT), tests=str(ROOT / "tests"), name=case.name)
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            print(f"{case.name}: child failed\n{done.stderr[-2000:]}")
            return 1
        rows.append((case, json.loads(done.stdout.strip().splitlines()[-1])))
    print(f"{'case':36} {'file':>9} {'outcome':22} {'load s':>7} {'cpu s':>6} {'peak MB':>8} {'+MB':>6}")
    for case, r in rows:
        outcome = "loaded" if r["ok"] else ",".join(r["codes"])
        grew = r["peak_mb"] - r["before_mb"]
        print(
            f"{case.name:36} {r['size'] / 1e6:8.2f}M {outcome:22} {r['seconds']:7.3f} {r['cpu']:6.2f}"
            f" {r['peak_mb']:8.0f} {grew:6.0f}"
        )
    refused = [(c, r) for c, r in rows if not r["ok"]]
    slowest = max(refused, key=lambda cr: cr[1]["seconds"])
    slowest_load = max(rows, key=lambda cr: cr[1]["seconds"])
    peak = max(rows, key=lambda cr: cr[1]["peak_mb"])
    print(f"\n{len(rows)} cases ({len(refused)} refused, {len(rows) - len(refused)} loaded as plain data)")
    print(f"slowest refusal: {slowest[0].name} {slowest[1]['seconds']:.2f} s (goal < 5 s)")
    print(
        f"slowest of all: {slowest_load[0].name} {slowest_load[1]['seconds']:.2f} s"
        f" ({slowest_load[1]['cpu']:.2f} s CPU; the machine may be shared: goal < 5 s)"
    )
    print(f"highest peak RSS: {peak[0].name} {peak[1]['peak_mb']:.0f} MB (building the file included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
