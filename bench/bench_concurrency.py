"""Many executives at once, and the first visit, against a bare one-chart page (issue 23).

With the national data (``bench/national.py``: 77 provinces, 20,000 assessments, 10,000
honourees, 5,000 events) published and its first screens made by the worker, in one run:

* **first visit after a server start**: a fresh app server and a fresh bare server, one fresh
  browser context each; seconds to the first chart visible and to the page settled;
* **first visit after a publish**: one province's new figures published through the service
  (which starts the worker), the worker's progress awaited, then a fresh context's first visit;
* **K fresh browsers at once** (K = 8 and 20): K new contexts open the overview together; median
  of their times to settled, against the bare page at the same K; one and two app processes
  (two servers on one database; the contexts are dealt between them as a sticky proxy deals
  distinct clients);
* **server CPU per new session**: the servers' user + system CPU over the K sessions, over K;
* **browser main-thread time**: Chromium's ``TaskDuration`` (``Performance.getMetrics``) from
  navigation until the page has settled, one page at a time, bare and app alternately, also
  with the CPU slowed 4x (``Emulation.setCPUThrottlingRate``, Lighthouse's mobile profile).

Goals: first visits <= 1.3x, median at K = 8 <= 1.3x, CPU per session <= 1.5x, main thread
<= 1.3x (also throttled).

Usage: .venv/bin/python bench/bench_app.py --concurrency [--runs 3] [--k 8 20]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from bench_app import BARE, CHART, SETTLED, VIEWPORT  # noqa: E402
from browser import CHROMIUM, CHROMIUM_ARGS, Server, free_port  # noqa: E402
from national import copy_of_database  # noqa: E402

OVERVIEW = "/"
PARTS = ("first", "crowd", "main")  # first visits, K browsers at once, main-thread time
GOALS = {"first": 1.3, "concurrent": 1.3, "cpu": 1.5, "main_thread": 1.3}


class BareServer(Server):
    """``streamlit run`` of the bare one-chart script (the same health check and stop)."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        (folder / "bare.py").write_text(BARE, encoding="utf-8")
        command = [sys.executable, "-m", "streamlit", "run", "bare.py", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
        self.log = (folder / f"bare-{self.port}.log").open("wb")
        self.process = subprocess.Popen(command, cwd=folder, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def output(self) -> str:
        return ""


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (/proc, clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def visit(browser, url: str, throttle: float = 1.0) -> dict[str, float]:
    """A fresh context's visit: seconds to the first chart and to settled, main-thread seconds."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Performance.enable")
    if throttle != 1.0:
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    start = time.perf_counter()
    await page.goto(url, timeout=300_000)
    await page.wait_for_selector(CHART, state="visible", timeout=300_000)
    first = time.perf_counter() - start
    await page.wait_for_function(SETTLED, timeout=300_000, polling=50)
    settled = time.perf_counter() - start
    metrics = {m["name"]: m["value"] for m in (await cdp.send("Performance.getMetrics"))["metrics"]}
    await context.close()
    return {"first": first, "settled": settled, "task": metrics["TaskDuration"]}


async def together(browser, urls: list[str], pids: list[int]) -> tuple[float, float]:
    """K visits at once (one per URL): median seconds to settled, server CPU per session."""
    before = sum(cpu_seconds(pid) for pid in pids)
    results = await asyncio.gather(*(visit(browser, url) for url in urls))
    await asyncio.sleep(1.0)  # a session's last messages after the page has settled
    used = sum(cpu_seconds(pid) for pid in pids) - before
    return statistics.median(r["settled"] for r in results), used / len(urls)


def dealt(servers: list, count: int, path: str) -> list[str]:
    return [servers[n % len(servers)].url + path for n in range(count)]


async def first_visits(browser, url: str, runs: int) -> list[tuple[dict, dict]]:
    """Fresh servers each run: the app's and the bare page's first visit."""
    pairs = []
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="bench-first-"))
        app, bare = Server(url), BareServer(folder)
        try:
            pairs.append((await visit(browser, app.url + OVERVIEW), await visit(browser, bare.url + "/")))
        finally:
            app.stop()
            bare.stop()
    return pairs


def publish_one(url: str, n: int) -> float:
    """Publish one province's new figures; seconds until the worker has made the first screens."""
    from bench_submissions import CENTRAL, province_file

    from moral_metrics.service import Service

    service = Service(url)
    assert service.publish(province_file("TH-10", "กรุงเทพมหานคร", 1000 + n), f"bkk-{n}.xlsx", CENTRAL).ok
    start = time.perf_counter()
    while not service.prebuilt().get("done"):
        time.sleep(0.2)
    return time.perf_counter() - start


async def after_publish(browser, url: str, runs: int) -> tuple[list[tuple[dict, dict]], list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    app, bare = Server(url), BareServer(folder)
    pairs, waits = [], []
    try:
        await visit(browser, app.url + OVERVIEW)  # this server has served a session before
        await visit(browser, bare.url + "/")
        for n in range(runs):
            waits.append(publish_one(url, n))
            pairs.append((await visit(browser, app.url + OVERVIEW), await visit(browser, bare.url + "/")))
    finally:
        app.stop()
        bare.stop()
    return pairs, waits


async def crowd(browser, url: str, k: int, processes: int, runs: int) -> dict[str, list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-crowd-"))
    apps = [Server(url) for _ in range(processes)]
    bares = [BareServer(folder) for _ in range(processes)]
    out: dict[str, list[float]] = {}
    try:
        for server in (*apps, *bares):  # one session each first: the interpreter's imports done
            await visit(browser, server.url + (OVERVIEW if server in apps else "/"))
        for _ in range(runs):
            b_time, b_cpu = await together(browser, dealt(bares, k, "/"), [s.process.pid for s in bares])
            a_time, a_cpu = await together(browser, dealt(apps, k, OVERVIEW), [s.process.pid for s in apps])
            for name, value in (("bare", b_time), ("app", a_time), ("bare_cpu", b_cpu), ("app_cpu", a_cpu)):
                out.setdefault(name, []).append(value)
    finally:
        for server in (*apps, *bares):
            server.stop()
    return out


async def main_thread(browser, url: str, runs: int, throttle: float) -> dict[str, list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-main-"))
    app, bare = Server(url), BareServer(folder)
    out: dict[str, list[float]] = {"bare": [], "app": []}
    try:
        await visit(browser, app.url + OVERVIEW)
        await visit(browser, bare.url + "/")
        for _ in range(runs):
            out["bare"].append((await visit(browser, bare.url + "/", throttle))["task"])
            out["app"].append((await visit(browser, app.url + OVERVIEW, throttle))["task"])
    finally:
        app.stop()
        bare.stop()
    return out


def line(name: str, app: list[float], bare: list[float], goal: float, unit: str = "s") -> str:
    """One row of the report, printed as soon as it is measured (a long run keeps what it has)."""
    a, b = statistics.median(app), statistics.median(bare)
    ratio = a / b
    text = f"{name:52} {a:8.2f} {b:8.2f} {ratio:6.2f} {goal:5.1f}  {'yes' if ratio <= goal else 'NO'}  ({unit})"
    print(text, f"[load {os.getloadavg()[0]:.1f}]", flush=True)
    return text


async def run(runs: int, ks: list[int], parts: tuple[str, ...] = PARTS) -> list[str]:
    from playwright.async_api import async_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-concurrency-"))
    os.environ["MORAL_METRICS_STORAGE_CACHE_DIR"] = str(folder / "cache")  # the servers' shared shelf
    os.environ["MORAL_METRICS_STORAGE_PREBUILD"] = "1"
    url = copy_of_database(folder)
    subprocess.run([sys.executable, "-m", "moral_metrics", "prebuild", "--database", url], check=True, cwd=ROOT)
    lines = [f"{'measure':52} {'app':>8} {'bare':>8} {'ratio':>6} {'goal':>5}  met"]
    print(lines[0], flush=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if "first" in parts:
            lines += await first_rows(browser, url, runs)
        for processes in (1, 2) if "crowd" in parts else ():
            for k in ks:
                got = await crowd(browser, url, k, processes, runs)
                name = f"{k} browsers at once, {processes} process{'es' if processes > 1 else ''}"
                lines.append(line(f"{name}: median settled", got["app"], got["bare"], GOALS["concurrent"]))
                lines.append(line(f"{name}: server CPU/session", got["app_cpu"], got["bare_cpu"], GOALS["cpu"]))
        for throttle in (1.0, 4.0) if "main" in parts else ():
            got = await main_thread(browser, url, runs, throttle)
            name = f"main-thread TaskDuration, CPU x{throttle:g}"
            lines.append(line(name, got["app"], got["bare"], GOALS["main_thread"]))
        await browser.close()
    return lines


async def first_rows(browser, url: str, runs: int) -> list[str]:
    lines = []
    pairs = await first_visits(browser, url, runs)
    for key in ("first", "settled"):
        lines.append(line(f"first visit after server start ({key})", *_split(pairs, key), GOALS["first"]))
    pairs, waits = await after_publish(browser, url, runs)
    for key in ("first", "settled"):
        lines.append(line(f"first visit after a publish ({key})", *_split(pairs, key), GOALS["first"]))
    lines.append(f"  (the worker had the first screens ready {statistics.median(waits):.1f} s after publish)")
    print(lines[-1], flush=True)
    return lines


def _split(pairs: list[tuple[dict, dict]], key: str) -> tuple[list[float], list[float]]:
    return [a[key] for a, _ in pairs], [b[key] for _, b in pairs]


def main(runs: int, ks: list[int], parts: tuple[str, ...] = PARTS) -> int:
    asyncio.run(run(runs, ks, parts))  # each row printed as it is measured
    return 0
