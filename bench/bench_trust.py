"""Figures for issue 13 (trust when deployed).

1. Parallel sign-in: 19 wrong passphrase tries released at once from one address under one
   name, then the right one, through the throttle with the shipped settings: how many were
   checked, and whether the right one got in. Then 20 tries under 20 different names.
2. Too many sheets: a workbook of 2,000 sheets of 50 rows (about 3 MB), refused by
   ``load_tracker``; the time of that refusal and the peak RSS of a fresh child process doing
   only that (the file is built first, so its building is not counted), next to the same figures
   with the sheet limit raised so that every sheet is read (the behaviour before the limit).

Usage: .venv/bin/python bench/bench_trust.py [--sheets 2000] [--rows 50] [--skip-unlimited]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moral_metrics.access.passphrase import check_passphrase, hash_passphrase  # noqa: E402
from moral_metrics.access.throttle import Throttle  # noqa: E402
from moral_metrics.reference.settings import settings  # noqa: E402

BUILD = """
import sys
from openpyxl import Workbook
book = Workbook(write_only=True)
for n in range({sheets}):
    sheet = book.create_sheet(f"S{{n + 1}}")
    sheet.append(["จังหวัด", "ปีที่", "ตัวชี้วัด", "เป้าหมาย", "ผล"])
    for r in range({rows} - 1):
        sheet.append(["ขอนแก่น", 1 + r % 5, "networks", r, r])
book.save({path!r})
"""

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from moral_metrics import load_tracker
import moral_metrics.pipeline  # imports done before measuring
data = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = load_tracker(data)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"bytes": len(data), "seconds": round(seconds, 3), "peak_rss_mb": round(peak / 1024, 1),
    "rss_before_mb": round(before / 1024, 1),
    "errors": sorted({{(m.code, m.detail) for m in result.errors}}), "ok": result.ok}}))
"""


def parallel(names: list[str]) -> dict:
    stored, lock, counted = hash_passphrase("right-passphrase"), threading.Lock(), [0]

    def check(passphrase: str, stored_hash: str) -> bool:
        with lock:
            counted[0] += 1
        return check_passphrase(passphrase, stored_hash)

    access = settings().access
    throttle = Throttle(access.tries_per_name, access.tries_per_address, access.tries_window_seconds, check=check)
    wrong = len(names) - 1
    barrier, results = threading.Barrier(wrong), [None] * len(names)

    def one(n: int) -> None:
        barrier.wait()
        results[n] = throttle.attempt(names[n], "203.0.113.7", f"wrong-{n}", stored)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(wrong)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results[-1] = throttle.attempt(names[-1], "203.0.113.7", "right-passphrase", stored)  # tried last
    return {
        "tries": len(names),
        "checked": counted[0],
        "refused_unchecked": sum(not r.checked for r in results),
        "right_one_got_in": bool(results[-1].ok),
        "limits": {"per_name": access.tries_per_name, "per_address": access.tries_per_address},
    }


def build(count: int, rows: int) -> Path:
    """The workbook, written once by a child of its own (so its building is not in any figure)."""
    path = ROOT / "bench" / "out" / f"sheets_{count}x{rows}.xlsx"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        script = BUILD.format(sheets=count, rows=rows, path=str(path))
        subprocess.run([sys.executable, "-c", script], check=True, timeout=1200)
    return path


def sheets(path: Path, max_sheets: int | None) -> dict:
    env = {"PATH": "/usr/bin:/bin"}
    if max_sheets is not None:
        env["MORAL_METRICS_LIMITS_MAX_SHEETS"] = str(max_sheets)
    script = CHILD.format(root=str(ROOT), path=str(path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=1200, env=env)
    if done.returncode:
        return {"failed": done.stderr[-800:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheets", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--skip-unlimited", action="store_true", help="do not also time reading every sheet")
    args = parser.parse_args()
    report = {
        "parallel_one_name": parallel(["attacker"] * 20),
        "parallel_twenty_names": parallel([f"name-{n}" for n in range(20)]),
    }
    path = build(args.sheets, args.rows)
    report["sheets_refused"] = sheets(path, None) | {"sheets": args.sheets, "max_sheets": settings().limits.max_sheets}
    if not args.skip_unlimited:
        report["sheets_all_read"] = sheets(path, args.sheets + 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
