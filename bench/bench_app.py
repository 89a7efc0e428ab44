"""Benchmark the dashboard with the national tracker (77 provinces x 5 years) published.

Measured in one run, against the targets of the dashboard issue:
* publish of the national tracker (validate + one database transaction): goal < 2 s;
* server time of a province-page rerun after changing the province (AppTest, the script run
  the server does for that interaction): goal < 300 ms;
* browser time from navigation to the first Plotly chart visible, warm server on localhost
  (Debian Chromium through Playwright): goal < 2 s.

Usage: .venv/bin/python bench/bench_app.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import NATIONAL, ensure  # noqa: E402

GOALS = {"publish": 2.0, "province_rerun": 0.3, "first_chart": 2.0}


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench_publish(url: str, data: bytes, runs: int) -> list[float]:
    from moral_metrics.access import Actor
    from moral_metrics.store.storage import Published, Store

    store = Store(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        published = store.publish(data, NATIONAL.filename, Actor("bench", "editor"), "national tracker")
        times.append(time.perf_counter() - start)
        assert isinstance(published, Published), "the national tracker must load"
    return times


def bench_rerun(runs: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["province"] = "TH-10"
    at.run()
    at.switch_page("pages/province.py").run()
    assert not at.exception, at.exception
    from moral_metrics.reference.provinces import province_index

    codes = [p.code for p in province_index().provinces][1 : runs + 1]
    count = len(at.selectbox(key="province_pick").options)
    times = []
    for code in codes:
        at.selectbox(key="province_pick").set_value(code)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    assert count > runs
    return times


def bench_browser(url: str, runs: int) -> list[float]:
    from browser import CHROMIUM, CHROMIUM_ARGS, Server
    from playwright.sync_api import sync_playwright

    server = Server(url)
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # one browser profile, as a returning user has: its HTTP cache holds the app's scripts
            context = chromium.new_context(viewport={"width": 1440, "height": 1000})
            page = context.new_page()
            page.goto(f"{server.url}/province?province=TH-57")  # warm the server's caches
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            times = []
            for n, code in enumerate(["TH-10", "TH-30", "TH-41", "TH-50", "TH-84", "TH-90", "TH-65"][:runs]):
                target = f"{server.url}/province?province={code}" if n % 2 else f"{server.url}/?year={1 + n % 3}"
                fresh = context.new_page()
                start = time.perf_counter()
                fresh.goto(target)
                fresh.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
                times.append(time.perf_counter() - start)
                fresh.close()
            chromium.close()
    finally:
        server.stop()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    ensure(NATIONAL, regenerate=False)
    data = NATIONAL.path.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["MORAL_METRICS_DATABASE_URL"] = url
        results = {"publish": bench_publish(url, data, args.runs)}
        results["province_rerun"] = bench_rerun(args.runs)
        results["first_chart"] = bench_browser(url, args.runs)
    print(f"{'measure':16} {'median':>8} {'min':>8} {'max':>8} {'goal':>8}  met")
    for name, times in results.items():
        met = "yes" if median(times) < GOALS[name] else "NO"
        print(f"{name:16} {median(times):8.3f} {min(times):8.3f} {max(times):8.3f} {GOALS[name]:8.3f}  {met}")
    print(f"(seconds; {args.runs} runs each; national tracker {NATIONAL.rows:,} rows, 77 provinces)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
