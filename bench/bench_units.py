"""Benchmark loading 20,000 assessment rows (issue 10) against a bare calamine read of the sheet.

The workbook (cached in ``bench/out/units_20000.xlsx``) has one assessments sheet: 77
provinces, every one of their 928 districts, fiscal years 2563-2567, organisations and
communities in each district plus each district's and each province's own level. Cells are
written the many ways people type them: districts as ``อ.ชื่อ``, ``อำเภอชื่อ``, the English name
with ``District``, or the DOPA code; levels as numbers, ``ระดับ ๒``, ``ต้นแบบ``, ``Model``,
``องค์กรคุณธรรมต้นแบบ``; years as ``2565``, ``๒๕๖๕``, ``ปีงบประมาณ 2565``, ``FY2022``; some rows with
nine activity scores. It must load with no errors.

Measured: ``pandas.read_excel(path, sheet_name=<the sheet>, engine="calamine")`` and
``load_tracker(bytes)`` end to end; medians of repeated runs and their ratio (goal <= 1.5x).

Usage: .venv/bin/python bench/bench_units.py [--regenerate] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, not installed

import pandas as pd
from openpyxl import Workbook

from moral_metrics import load_tracker
from moral_metrics.reference.districts import District, district_index
from moral_metrics.reference.provinces import province_index

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
ROWS = 20_000
YEARS = range(2563, 2568)
SHEET = "ผลการประเมิน"
HEAD = ["จังหวัด", "อำเภอ", "ประเภท", "ชื่อหน่วย", "ปีงบประมาณ", "ระดับ", *(f"กิจกรรมที่ {n}" for n in range(1, 10))]
LEVEL_FORMS = {
    1: (1, "ส่งเสริมคุณธรรม", "ระดับ ๑", "Promoting", "ชุมชนส่งเสริมคุณธรรม"),
    2: (2, "คุณธรรม", "ระดับ 2", "Moral", "พัฒนาคุณธรรม"),
    3: (3, "ต้นแบบ", "คุณธรรมต้นแบบ", "Model", "องค์กรคุณธรรมต้นแบบ"),
}
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
GOAL_RATIO = 1.5


AMBIGUOUS_EN = {"1404", "1413"}  # both "Bang Sai": the English name alone names neither


def _district_cell(d: District, rng: random.Random) -> str:
    english = () if d.code in AMBIGUOUS_EN else (f"{d.name_en} District",)
    return rng.choice((f"อ.{d.name_th}", f"อำเภอ{d.name_th}", d.name_th, *english, d.code))


def _year_cell(year: int, rng: random.Random) -> object:
    return rng.choice((year, str(year).translate(THAI), f"ปีงบประมาณ {year}", f"FY{year - 543}"))


def rows(rng: random.Random) -> list[list[object]]:
    """ROWS rows: per province and year its own level, per district its own level and its units."""
    out: list[list[object]] = []
    provinces = province_index().provinces
    per_year = ROWS // len(YEARS)
    for year in YEARS:
        first = len(out)
        for p in provinces:
            out.append([p.name_th, "", "จังหวัด", "", _year_cell(year, rng), rng.choice(LEVEL_FORMS[rng.randint(1, 3)])])
            for d in district_index().of_province(p.code):
                out.append([p.name_th, _district_cell(d, rng), "อำเภอ", "", _year_cell(year, rng), rng.randint(1, 3)])
        districts = district_index().districts
        n = 0
        while len(out) - first < per_year:
            d = districts[n % len(districts)]
            level = rng.randint(1, 3)
            kind = "ชุมชน" if n % 3 == 2 else "องค์กร"
            scores = [rng.randint(0, 2) for _ in range(9)] if n % 5 == 0 else []
            name = f"{kind} {d.name_th} {n // len(districts) + 1}"
            cells = [province_index().by_code[d.province].name_th, _district_cell(d, rng), kind, name]
            out.append([*cells, _year_cell(year, rng), rng.choice(LEVEL_FORMS[level]), *scores])
            n += 1
    return out[:ROWS]


def generate(path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(HEAD)
    for row in rows(random.Random(10)):
        sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def timed(run, repeats: int) -> tuple[float, float]:
    """Medians of wall-clock and process CPU seconds: CPU time is steadier on a shared machine."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = OUT / f"units_{ROWS}.xlsx"
    if args.regenerate or not path.exists():
        generate(path)
    data = path.read_bytes()
    result = load_tracker(data)  # warm-up, and the outcome
    if not result.ok:
        raise SystemExit(f"did not load: {[m.to_dict() for m in result.errors[:5]]}")
    units = result.tracker.dataset("units")
    bare = timed(lambda: pd.read_excel(path, sheet_name=SHEET, engine="calamine"), args.runs)
    load = timed(lambda: load_tracker(data), args.runs)
    print(f"file: {path.name} ({len(data) / 1e6:.1f} MB), {len(units):,} units loaded, {len(result.warnings)} warnings")
    print(f"provinces {units['province_code'].nunique()}, districts {units['district_code'].nunique()}")
    print(f"medians of {args.runs} runs          wall      cpu")
    print(f"calamine read of the sheet  {bare[0]:7.3f}s {bare[1]:7.3f}s")
    print(f"load_tracker end to end     {load[0]:7.3f}s {load[1]:7.3f}s")
    for label, ratio in (("wall", load[0] / bare[0]), ("cpu", load[1] / bare[1])):
        verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
        print(f"ratio ({label}): {ratio:.2f}x (goal <= {GOAL_RATIO}x: {verdict})")


if __name__ == "__main__":
    main()
