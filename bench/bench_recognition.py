"""Benchmark issue 11: 10,000 honourees and 5,000 events load, and the Hall of Fame's first screen.

The workbook (cached in ``bench/out/recognition_10000_5000.xlsx``) has an honourees sheet (10,000
rows over the 77 provinces and their districts, fiscal years 2563-2567, dates written every way the
loader reads: date cells, ``15/1/2566``, Thai digits, ``15 ม.ค. 2566``, ``15 มกราคม 2566``, ISO;
virtues in Thai and English with every separator; one in seven not public) and an events sheet
(5,000 rows, all seven kinds, some with end dates, participants). It must load with no errors.

Measured (medians):
* ``load_tracker(bytes)`` against a bare calamine read of both sheets (ratio);
* the Hall of Fame page's script run with that data published (AppTest: what the server does
  before the first screen is sent) against a page with one chart (goal < 2 s, and the ratio);
* in Chromium (Debian's, through Playwright), navigation to the first card visible on a warm
  server, against navigation to the first chart of the one-chart page.

Usage: .venv/bin/python bench/bench_recognition.py [--regenerate] [--runs N] [--no-browser]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from moral_metrics import load_tracker  # noqa: E402
from moral_metrics.reference.districts import district_index  # noqa: E402
from moral_metrics.reference.provinces import province_index  # noqa: E402

OUT = ROOT / "bench" / "out"
HONOUREES, EVENTS = 10_000, 5_000
GOAL_SECONDS = 2.0
HONOUREES_SHEET, EVENTS_SHEET = "ทำเนียบคนดี", "ปฏิทินความดี"
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
VIRTUES = ("พอเพียง", "วินัย", "สุจริต", "จิตอาสา", "กตัญญู", "Honesty", "gratitude", "volunteer spirit")
EVENT_KINDS = ("สมัชชาคุณธรรม", "ตลาดนัดคุณธรรม", "แลกเปลี่ยนเรียนรู้", "ยกย่อง", "จิตอาสา", "ประชุม", "อื่น ๆ")
ONE_CHART = """
import streamlit as st
from moral_metrics.figures.honours import virtue_chart
from ui.state import viewed_tracker
st.title("one chart")
st.plotly_chart(virtue_chart(viewed_tracker().dataset("honourees"), "virtues", "th"), theme=None)
"""


def _date(day: dt.date, rng: random.Random) -> object:
    be = day.year + 543
    return rng.choice(
        (
            dt.datetime(day.year, day.month, day.day),
            f"{day.day}/{day.month}/{be}",
            f"{day.day}/{day.month:02d}/{be}".translate(THAI),
            f"{day.day} {MONTHS[day.month - 1]} {be}",
            day.isoformat(),
        )
    )


def _virtues(rng: random.Random) -> str:
    return rng.choice((", ", " ", "/", "\n")).join(dict.fromkeys(rng.sample(VIRTUES[:5], rng.randint(1, 3))))


def honourees_sheet(book: Workbook, rows: int = HONOUREES) -> None:
    """Append the honourees sheet (``rows`` people, districts in turn) to a write-only book."""
    rng = random.Random(11)
    districts = district_index().districts
    start = dt.date(2019, 10, 1)
    people = book.create_sheet(HONOUREES_SHEET)
    people.append(["จังหวัด", "อำเภอ", "วันที่", "ประเภท", "ชื่อ", "คุณธรรม", "ผลงาน/เหตุผล", "เผยแพร่"])
    for n in range(rows):
        d = districts[n % len(districts)]
        day = start + dt.timedelta(days=(n * 7) % 1826)
        kind = ("บุคคล", "องค์กร", "ชุมชน")[n % 3]
        name = f"{kind}ดีเด่น {d.name_th} {n + 1}"
        province = province_index().by_code[d.province].name_th
        public = "ไม่เผยแพร่" if n % 7 == 6 else "เผยแพร่"
        people.append([province, d.name_th, _date(day, rng), kind, name, _virtues(rng), "ผลงานดีเด่น", public])


def events_sheet(book: Workbook, rows: int = EVENTS) -> None:
    """Append the events sheet (``rows`` events, all seven kinds) to a write-only book."""
    rng = random.Random(12)
    districts = district_index().districts
    start = dt.date(2019, 10, 1)
    events = book.create_sheet(EVENTS_SHEET)
    events.append(["วันที่เริ่ม", "วันที่สิ้นสุด", "จังหวัด", "อำเภอ", "ประเภทกิจกรรม", "ชื่อกิจกรรม", "ผู้เข้าร่วม"])
    for n in range(rows):
        d = districts[(n * 3) % len(districts)]
        day = start + dt.timedelta(days=(n * 11) % 1820)
        end = _date(day + dt.timedelta(days=2), rng) if n % 5 == 0 else None
        kind = EVENT_KINDS[n % len(EVENT_KINDS)]
        province = province_index().by_code[d.province].name_th
        events.append([_date(day, rng), end, province, d.name_th, kind, f"{kind} ครั้งที่ {n + 1}", 20 + n % 200])


def generate(path: Path) -> None:
    book = Workbook(write_only=True)
    honourees_sheet(book)
    events_sheet(book)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def timed(run, repeats: int, cpu: bool = False) -> float:
    """Median wall-clock seconds, or process CPU seconds (steadier on a shared machine)."""
    clock = time.process_time if cpu else time.perf_counter
    times = []
    for _ in range(repeats):
        start = clock()
        run()
        times.append(clock() - start)
    return statistics.median(times)


def bench_pages(data: bytes, runs: int) -> tuple[float, float]:
    """Median script runs of the Hall of Fame page and of a one-chart page, the data published."""
    from streamlit.testing.v1 import AppTest

    from moral_metrics.access.roles import Actor
    from moral_metrics.service import Service

    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    os.environ["MORAL_METRICS_DATABASE_URL"] = url
    Service(url).publish(data, "recognition.xlsx", Actor.central("bench"))
    fame = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    fame.run()
    fame.switch_page("pages/fame.py").run()
    assert not fame.exception and fame.markdown, fame.exception
    page = timed(fame.run, runs)
    one = AppTest.from_string(ONE_CHART, default_timeout=300)
    one.run()
    assert not one.exception, one.exception
    return page, timed(one.run, runs)


def bench_browser(url: str, runs: int) -> tuple[float, float]:
    """Navigation to the first card of the Hall of Fame / the first chart of the one-chart page."""
    from browser import CHROMIUM, CHROMIUM_ARGS, Server
    from playwright.sync_api import sync_playwright

    page_file = ROOT / "pages" / "_bench_one_chart.py"
    page_file.write_text(ONE_CHART, encoding="utf-8")
    server = Server(url, local_editing=False)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 900})  # a warm browser cache
            results = []
            for path, selector in (("fame", ".mm-card"), ("_bench_one_chart", ".js-plotly-plot .main-svg")):
                times = []
                for n in range(runs + 1):  # the first visit warms the server
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(f"{server.url}/{path}")
                    page.wait_for_selector(selector, timeout=120_000)
                    if n:
                        times.append(time.perf_counter() - start)
                    page.close()
                results.append(statistics.median(times))
            browser.close()
    finally:
        server.stop()
        page_file.unlink()
    return results[0], results[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    path = OUT / f"recognition_{HONOUREES}_{EVENTS}.xlsx"
    if args.regenerate or not path.exists():
        generate(path)
    data = path.read_bytes()
    result = load_tracker(data)
    if not result.ok:
        raise SystemExit(f"did not load: {[m.to_dict() for m in result.errors[:5]]}")
    people, events = result.tracker.dataset("honourees"), result.tracker.dataset("events")
    assert (len(people), len(events)) == (HONOUREES, EVENTS)
    for cpu in (False, True):
        load = timed(lambda: load_tracker(data), args.runs, cpu)
        bare = timed(lambda: pd.read_excel(path, sheet_name=None, engine="calamine"), args.runs, cpu)
        print(f"load_tracker {HONOUREES} honourees + {EVENTS} events ({'CPU' if cpu else 'wall'}): {load:.2f} s; "
              f"calamine read {bare:.2f} s; ratio {load / bare:.1f}x")  # fmt: skip
    page, one = bench_pages(data, args.runs)
    verdict = "ok" if page < GOAL_SECONDS else "OVER GOAL"
    print(f"Hall of Fame script run {page:.2f} s ({verdict}, goal < {GOAL_SECONDS} s); one-chart page "
          f"{one:.2f} s; ratio {page / one:.1f}x")  # fmt: skip
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if not args.no_browser:
        first_card, first_chart = bench_browser(os.environ["MORAL_METRICS_DATABASE_URL"], args.runs)
        print(f"Chromium: first card {first_card:.2f} s; one-chart page first chart {first_chart:.2f} s; "
              f"ratio {first_card / first_chart:.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
