"""Benchmark every dashboard page against a bare one-chart Streamlit page, at national scale.

Measured in one run (issue 14), with the national tracker (77 provinces x 5 programme years,
``bench_load.NATIONAL``) plus an assessments sheet (``bench_units``, 77 provinces' districts
and units) published:

* publish of that tracker (validate + one database transaction): goal < 2 s;
* server time of a rerun after changing a widget, per page (AppTest times the script run the
  server does for that interaction): goal < 100 ms;
* Chromium (Debian's, through Playwright) on two servers at once, a bare Streamlit page with
  one Plotly bar chart (a tiny script written to a temporary folder) and the dashboard; per
  page the time from navigation to the first chart visible (or, on a page without charts, its
  first main element), and to the page settled (script run finished, every chart drawn). Cold:
  a fresh browser context (empty HTTP cache) per visit; warm: one context whose cache already
  holds Streamlit's frontend. Visits alternate bare page / app page, so that both see the same
  machine load; the ratio is the median of the page over the median of the bare page measured
  in the same round. Goal: every page within 1.1x, cold and warm.

With ``--versions N`` the store is first filled like ``bench_submissions.py``: 77 one-province
files published at once, then one province's new figures at a time up to N versions (built
once into ``bench/out/versions_N.db`` and reused); the Reporting (completeness) page and the
Data page's history are then measured the same way against the bare page.

With ``--concurrency`` it measures instead the first visit after a server start and after a
publish, K fresh browsers at once, server CPU per session and the browser's main-thread time
(``bench_concurrency.py``, issue 23).

Usage: .venv/bin/python bench/bench_app.py [--runs N] [--versions 1000] [--skip-browser]
       .venv/bin/python bench/bench_app.py --concurrency [--runs 3] [--k 8 20]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import NATIONAL, OUT, ensure  # noqa: E402

GOAL_RATIO = 1.1
VIEWPORT = {"width": 1440, "height": 1000}
GOAL_RERUN = 0.1
GOAL_PUBLISH = 2.0
CHART = ".js-plotly-plot .main-svg"
TABLE = "[data-testid=stMain] [data-testid=stDataFrame], [data-testid=stMain] [data-testid=stTable]"
BARE = """
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
st.title("A bare page")
st.plotly_chart(go.Figure(go.Bar(x=list("abcde"), y=[3, 1, 4, 1, 5])), theme=None)
"""
# page name, URL (path and query), what counts as its first main element
PAGES = (
    ("overview", "/?year=3", CHART),
    ("province", "/province?province=TH-84", CHART),
    ("compare", "/compare", CHART),
    ("completeness", "/completeness", TABLE),
    ("export", "/export", ".st-key-export_build button"),
    ("data", "/data", TABLE),
    ("overview-en", "/?year=2&lang=en", CHART),
    ("overview-grid-open", "/?year=3&grid=true", CHART),  # a section opened by a link (issue 14)
)
VERSION_PAGES = (("completeness", "/completeness", TABLE), ("data", "/data", TABLE))
SETTLED = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  if (!document.querySelector('[data-testid=stMain] [data-testid=stElementContainer]')) return false;
  const charts = document.querySelectorAll('[data-testid=stPlotlyChart]');
  return [...charts].every(c => c.querySelector('.main-svg'));
}"""


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- the published data -------------------------------------------------------------------


def national_with_units() -> Path:
    """The national tracker with an assessments sheet of 20,000 rows (built once)."""
    path = OUT / "national_units.xlsx"
    if path.exists():
        return path
    import random

    from bench_units import HEAD, SHEET, rows
    from openpyxl import load_workbook

    ensure(NATIONAL, regenerate=False)
    book = load_workbook(NATIONAL.path)
    if SHEET in book.sheetnames:  # the template's empty assessments sheet
        del book[SHEET]
    sheet = book.create_sheet(SHEET)
    sheet.append(HEAD)
    for row in rows(random.Random(10)):
        sheet.append(row)
    book.save(path)
    return path


def bench_publish(url: str, data: bytes, runs: int) -> list[float]:
    from moral_metrics.access.roles import Actor
    from moral_metrics.service import Published, Service

    store = Service(url)
    times = []
    for n in range(runs):
        start = time.perf_counter()
        published = store.publish(data, "national.xlsx", Actor.central("bench"), f"national tracker {n}")
        times.append(time.perf_counter() - start)
        assert isinstance(published, Published), "the national tracker must load"
    return times


def versions_db(count: int) -> Path:
    """A store with 77 provinces' submissions and ``count`` versions (bench_submissions' set-up)."""
    path = OUT / f"versions_{count}.db"
    if path.exists():
        return path
    from bench_submissions import CENTRAL, province_file

    from moral_metrics.reference.provinces import province_index
    from moral_metrics.service import Service

    print(f"building {path.name} ({count} versions) ...", flush=True)
    partial = path.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    store = Service(f"sqlite:///{partial}")
    provinces = province_index().provinces
    assert store.publish_files([(f"{p.code}.xlsx", province_file(p.code, p.name_th, 0)) for p in provinces], CENTRAL).ok
    for n in range(count - 1):
        p = provinces[n % 77]
        assert store.publish(province_file(p.code, p.name_th, n + 1), f"{p.code}-{n}.xlsx", CENTRAL).ok
    partial.replace(path)
    return path


# --- server time of a rerun ---------------------------------------------------------------

# page, widget kind, key (None: the page's last one), values to step through; a selectbox steps
# through its options; no widget: a rerun with nothing changed
RERUNS = (
    ("overview", "segmented_control", "year_pick", [1, 2, 4, 5]),
    ("province", "selectbox", "province_pick", ["TH-10", "TH-30", "TH-41", "TH-50", "TH-84", "TH-90", "TH-65"]),
    ("compare", "multiselect", "compare_pick", [["TH-10", "TH-84"], ["TH-50", "TH-57", "TH-90"], ["TH-41", "TH-65"]]),
    ("completeness", None, None, None),
    ("export", "slider", "export_years", [(1, 2), (1, 3), (2, 4), (1, 5)]),
    ("data", "selectbox", "history_pick", None),
)


def bench_rerun(runs: int) -> dict[str, list[float]]:
    """Per page, AppTest's time of a rerun after changing a widget to ``runs`` values: the first
    time the server sees each value (its figures are made then), and again (shared, made)."""
    from conftest import PAGES as FILES
    from streamlit.testing.v1 import AppTest

    results = {}
    for page, kind, key, values in RERUNS:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        at.session_state["editor"], at.session_state["editor_name"] = True, "bench"
        at.run()
        if page != "overview":
            at.switch_page(FILES[page]).run()
        assert not at.exception, at.exception
        name = f"rerun {page}" + (f" ({key or kind})" if kind else "")
        for label in ("first time", "made"):
            times = []
            for n in range(runs):
                widget = _widget(at, kind, key)
                if kind == "selectbox" and values is None:
                    widget.select_index((n + 1) % len(widget.options))
                elif widget is not None:
                    widget.set_value(values[(n + 1) % len(values)])
                start = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - start)
                assert not at.exception, at.exception
            results[f"{name}, {label}"] = times
    return results


def _widget(at, kind: str | None, key: str | None):
    if kind is None:
        return None
    found = getattr(at, kind)
    return found(key=key) if key else found[-1]


# --- the browser ----------------------------------------------------------------------------


class Bare:
    """``streamlit run`` of the bare one-chart script, from a temporary folder."""

    def __init__(self) -> None:
        import subprocess

        from browser import free_port

        self.folder = Path(tempfile.mkdtemp(prefix="bench-bare-"))
        (self.folder / "bare.py").write_text(BARE, encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "streamlit", "run", "bare.py", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=self.folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        from browser import Server

        Server._wait(self)  # the same health check

    def stop(self) -> None:
        from browser import Server

        Server.stop(self)
        shutil.rmtree(self.folder, ignore_errors=True)


def visit(context, url: str, ready: str) -> tuple[float, float, int]:
    """Seconds to ``ready`` visible and to the page settled; bytes the page downloaded."""
    page = context.new_page()
    received = []
    page.on("requestfinished", lambda request: received.append(request))
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ready, state="visible", timeout=120_000)
    first = time.perf_counter() - start
    page.wait_for_function(SETTLED, timeout=120_000, polling=50)
    settled = time.perf_counter() - start
    size = sum(max(request.sizes()["responseBodySize"], 0) for request in received)  # -1: from the cache
    page.close()
    return first, settled, size


def bench_browser(url: str, pages, runs: int) -> dict[str, dict[str, list[float]]]:
    """Per page and mode (cold, warm): first, settled, ratio to the bare page of the same round."""
    from browser import CHROMIUM, CHROMIUM_ARGS, Server
    from playwright.sync_api import sync_playwright

    server, bare = Server(url), Bare()
    out: dict[str, dict[str, list[float]]] = {}
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm = chromium.new_context(viewport=VIEWPORT)
            for name, path, ready in (("bare", "/", CHART), *pages):  # warm both servers' caches
                visit(warm, (bare.url if name == "bare" else server.url) + path, ready)
            for _ in range(runs):
                for name, path, ready in pages:
                    for mode in ("cold", "warm"):
                        context = warm if mode == "warm" else chromium.new_context(viewport=VIEWPORT)
                        b = visit(context, bare.url + "/", CHART)
                        a = visit(context, server.url + path, ready)
                        row = out.setdefault(f"{name} {mode}", {})
                        for label, value in zip(("bare", "bare_settled", "bare_bytes"), b, strict=True):
                            row.setdefault(label, []).append(value)
                        for label, value in zip(("first", "settled", "bytes"), a, strict=True):
                            row.setdefault(label, []).append(value)
                        if mode == "cold":
                            context.close()
            chromium.close()
    finally:
        server.stop()
        bare.stop()
    return out


# --- report ---------------------------------------------------------------------------------


def browser_table(results: dict[str, dict[str, list[float]]]) -> list[str]:
    head = (
        f"{'page':24} {'first ms':>9} {'bare ms':>8} {'ratio':>6} {'settled':>8} {'bare':>6} {'ratio':>6} "
        f"{'MB':>5} {'bareMB':>6}  met"
    )
    lines = [head, "-" * len(head)]
    for name, row in results.items():
        first, bare = median(row["first"]), median(row["bare"])
        settled, bare_settled = median(row["settled"]), median(row["bare_settled"])
        ratio = first / bare
        lines.append(
            f"{name:24} {first * 1000:9.0f} {bare * 1000:8.0f} {ratio:6.2f} {settled * 1000:8.0f} "
            f"{bare_settled * 1000:6.0f} {settled / bare_settled:6.2f} {median(row['bytes']) / 1e6:5.1f} "
            f"{median(row['bare_bytes']) / 1e6:6.1f}  {'yes' if ratio <= GOAL_RATIO else 'NO'}"
        )
    lines.append("(medians; first = first chart / main element visible; settled = script done, every chart drawn;")
    lines.append(" ratios to the bare one-chart page measured alternately in the same round; MB = bytes downloaded)")
    return lines


def timing_lines(results: dict[str, list[float]], goals: dict[str, float]) -> list[str]:
    lines = [f"{'measure':52} {'median':>8} {'min':>8} {'max':>8} {'goal':>8}  met"]
    for name, times in results.items():
        goal = next((g for prefix, g in goals.items() if name.startswith(prefix)), None)
        met = "" if goal is None else "yes" if median(times) < goal else "NO"
        lines.append(
            f"{name:52} {median(times) * 1000:8.1f} {min(times) * 1000:8.1f} {max(times) * 1000:8.1f} "
            f"{(goal or 0) * 1000:8.0f}  {met}"
        )
    lines.append("(milliseconds)")
    return lines


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"machine load average {one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--versions", type=int, default=0, help="also measure Reporting and Data at N versions")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-rerun", action="store_true")
    parser.add_argument("--only", nargs="*", help="page names to measure in the browser")
    parser.add_argument("--concurrency", action="store_true", help="first visits and K browsers at once (issue 23)")
    parser.add_argument("--k", type=int, nargs="*", default=[8, 20], help="browsers at once for --concurrency")
    parser.add_argument("--parts", nargs="*", default=["first", "crowd", "main"], help="of --concurrency")
    args = parser.parse_args(argv)
    if args.concurrency:
        import bench_concurrency

        print(load_note(), flush=True)
        code = bench_concurrency.main(args.runs, args.k, tuple(args.parts))
        print(load_note())
        return code
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    print(load_note(), flush=True)
    data = national_with_units().read_bytes()
    from moral_metrics.access.passphrase import hash_passphrase

    os.environ.setdefault("MORAL_METRICS_EDITOR_PASSPHRASE_HASH", hash_passphrase("bench passphrase"))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["MORAL_METRICS_DATABASE_URL"] = url
        timings = {"publish national + units": bench_publish(url, data, min(args.runs, 3))}
        timings |= {} if args.skip_rerun else bench_rerun(args.runs)
        print("\n".join(timing_lines(timings, {"publish": GOAL_PUBLISH, "rerun": GOAL_RERUN})), flush=True)
        if not args.skip_browser:
            os.environ.pop("MORAL_METRICS_EDITOR_PASSPHRASE_HASH")  # the browser edits as localhost
            pages = [p for p in PAGES if not args.only or p[0] in args.only]
            print("\n".join(browser_table(bench_browser(url, pages, args.runs))), flush=True)
    if args.versions:
        copy = Path(tempfile.mkdtemp(prefix="bench-versions-")) / "v.db"
        shutil.copy(versions_db(args.versions), copy)
        print(f"\nwith {args.versions} versions and 77 provinces' submissions:", flush=True)
        print("\n".join(browser_table(bench_browser(f"sqlite:///{copy}", VERSION_PAGES, args.runs))), flush=True)
        shutil.rmtree(copy.parent, ignore_errors=True)
    print(load_note())
    return 0


if __name__ == "__main__":
    sys.exit(main())
