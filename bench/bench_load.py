"""Benchmark loading a tracker: ``load_tracker`` against bare pandas reads, time and memory.

Two generated workbooks (cached in ``bench/out/``):

* ``national``: 77 provinces x programme years 1-5 x the 10 catalogue indicators (3,850 rows),
  written with the project's own ``write_tracker``;
* ``stress``: 77 provinces x programme years 1-10 x 130 indicators (100,100 rows), the 120
  extra ones defined in an indicators sheet, which ``write_tracker`` cannot write; so this one
  is written in openpyxl write-only mode with ``write_tracker``'s sheet names and headers.

For each file: ``pandas.read_excel`` of all sheets with calamine and with openpyxl, and
``load_tracker`` end to end (read, validate, metrics); medians of repeated runs, ratios, and
the peak RSS of a fresh child process doing only the load (or only the calamine read).

Then the same for each kind of sheet below the province (``--sheets``; the assessments sheet of
issue 10 by default): ``load_tracker`` against a bare calamine read of that sheet.

Usage: .venv/bin/python bench/bench_load.py [--regenerate] [--quick] [--sheets assessments ...] [--sheets-only]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, not installed

import pandas as pd
from openpyxl import Workbook

from moral_metrics import LoadResult, load_tracker
from moral_metrics.briefing.template import PROGRESS_COLUMNS, ProvinceRow, write_tracker
from moral_metrics.reference.catalogue import Indicator, areas, default_catalogue
from moral_metrics.reference.i18n import t
from moral_metrics.reference.provinces import Province, province_index

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

START_YEARS = (2560, 2566)  # Buddhist Era, inclusive
COUNT_RANGE = (1, 500)
BLANK_ACTUAL_RATE = 0.005
NOTE_RATE = 0.02
NOTES = ("ข้อมูลจากรายงานไตรมาส 4", "รอยืนยันจากสำนักงานวัฒนธรรมจังหวัด", "ปรับเป้าหมายกลางปี")
YES, NO = "มี", "ไม่มี"
INDICATOR_SHEET = "ตัวชี้วัดเพิ่มเติม"
INDICATOR_HEADERS = ("รหัส", "ชื่อภาษาไทย", "ชื่อภาษาอังกฤษ", "ด้าน", "ประเภท")
GOAL_RATIO = 1.2  # issue 14 (was 1.5)
GOAL_PEAK_MB = 400.0  # issue 14 (was 500)
GOAL_ROWS = 100_000

METHODS = ("calamine", "openpyxl", "load_tracker")
QUICK_REPEATS = 3

# Child processes for peak memory: each imports only what it needs, then does one thing.
# Linux carries ru_maxrss across execve (the pre-exec memory's high-water mark is kept), so
# a child spawned straight from this process, already hundreds of MB, would report at least
# that much. LAUNCH is a small interpreter that spawns the measured child, whose ru_maxrss
# then starts from LAUNCH's ~10 MB. VmHWM (the child's own memory, reset by exec) is kept
# as a cross-check.
LAUNCH = "import subprocess, sys; sys.exit(subprocess.run([sys.executable, '-c', *sys.argv[1:]]).returncode)"
CHILD_PREAMBLE = """
import json, resource, sys

def maxrss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

def hwm_kb():
    with open("/proc/self/status") as fh:
        return next((int(x.split()[1]) for x in fh if x.startswith("VmHWM:")), -1)

def report(base, ok):
    print(json.dumps({"baseline_kb": base, "peak_kb": maxrss_kb(), "hwm_kb": hwm_kb(), "ok": ok}))
"""
CHILD_LOAD = (
    CHILD_PREAMBLE
    + """
from pathlib import Path
from moral_metrics import load_tracker
base = maxrss_kb()
result = load_tracker(Path(sys.argv[1]).read_bytes())
report(base, result.ok)
"""
)
CHILD_CALAMINE = (
    CHILD_PREAMBLE
    + """
import pandas as pd
import python_calamine
base = maxrss_kb()
sheets = pd.read_excel(sys.argv[1], sheet_name=None, engine="calamine")
report(base, bool(sheets))
"""
)


@dataclass(frozen=True)
class Spec:
    name: str
    filename: str
    years: int
    extra_indicators: int
    seed: int
    repeats: int  # runs of each measurement
    slow_repeats: int  # runs of the openpyxl read, which is 10x slower

    @property
    def path(self) -> Path:
        return OUT / self.filename

    @property
    def rows(self) -> int:
        indicators = len(default_catalogue().indicators) + self.extra_indicators
        return len(province_index().provinces) * self.years * indicators


@dataclass
class Outcome:
    """What one ``load_tracker`` call returned, for the report."""

    ok: bool
    records: int
    summary_rows: int
    errors: int
    warnings: dict[str, int]
    first_errors: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    name: str
    path: str
    rows: int
    file_bytes: int
    generated_seconds: float | None
    times: dict[str, list[float]]
    median: dict[str, float]
    best: dict[str, float]
    ratio_vs_calamine: float
    ratio_vs_openpyxl: float
    cpu_median: dict[str, float]
    cpu_ratio_vs_calamine: float
    peak_mb: dict[str, float]
    baseline_mb: dict[str, float]
    hwm_mb: dict[str, float]
    outcome: Outcome


NATIONAL = Spec("national", "national_3850.xlsx", years=5, extra_indicators=0, seed=2566, repeats=5, slow_repeats=5)
STRESS = Spec("stress", "stress_100100.xlsx", years=10, extra_indicators=120, seed=2567, repeats=5, slow_repeats=3)


# --- generation -----------------------------------------------------------------------


def extra_indicators(count: int) -> list[Indicator]:
    """Custom count indicators ``extra_001``.., their area cycling through the five areas."""
    codes = [a.code for a in areas()]
    return [
        Indicator(
            code=f"extra_{n:03d}",
            area=codes[(n - 1) % len(codes)],
            kind="count",
            name_th=f"ตัวชี้วัดเพิ่มเติม {n:03d}",
            name_en=f"Extra indicator {n:03d}",
        )
        for n in range(1, count + 1)
    ]


def start_years(provinces: list[Province], rng: random.Random) -> dict[str, int]:
    return {p.code: rng.randint(*START_YEARS) for p in provinces}


def target_actual(kind: str, rng: random.Random) -> tuple[object, object]:
    """(target, actual) as a person would type them; the actual is sometimes still blank."""
    if kind == "yesno":
        target: object = YES
        actual: object = YES if rng.random() < 0.7 else NO
    elif kind == "stage":
        target = rng.randint(1, 3)
        actual = rng.randint(0, 3)
    else:
        target = rng.randint(*COUNT_RANGE)
        actual = min(max(round(target * rng.uniform(0.3, 1.3)), COUNT_RANGE[0]), COUNT_RANGE[1])
    if rng.random() < BLANK_ACTUAL_RATE:
        actual = None
    return target, actual


def progress_rows(
    spec: Spec, starts: dict[str, int], indicators: list[Indicator], rng: random.Random
) -> Iterator[dict[str, object]]:
    """One row per province, programme year and indicator, with both years given."""
    for province in province_index().provinces:
        for year in range(1, spec.years + 1):
            for ind in indicators:
                target, actual = target_actual(ind.kind, rng)
                yield {
                    "province": province.name_th,
                    "program_year": year,
                    "fiscal_year": starts[province.code] + year - 1,
                    "indicator": ind.name_th,
                    "target": target,
                    "actual": actual,
                    "note": rng.choice(NOTES) if rng.random() < NOTE_RATE else None,
                }


def province_rows(starts: dict[str, int], rng: random.Random) -> list[ProvinceRow]:
    return [ProvinceRow(p.name_th, starts[p.code], float(rng.randint(5, 60))) for p in province_index().provinces]


def write_write_only(
    path: Path,
    provinces: list[ProvinceRow],
    extras: list[Indicator],
    progress: Iterator[dict[str, object]],
) -> None:
    """A large tracker in write-only mode: ``write_tracker``'s sheets and headers, plus an
    indicators sheet; no styles or drop-downs."""
    book = Workbook(write_only=True)
    info = book.create_sheet(t("template.sheet_instructions"))
    info.append([t("template.title")])
    sheet = book.create_sheet(t("template.sheet_provinces"))
    sheet.append([t(f"template.col_{c}") for c in ("province", "start_year", "networks")])
    for row in provinces:
        sheet.append([row.province, row.start_year, row.networks])
    sheet = book.create_sheet(INDICATOR_SHEET)
    sheet.append(list(INDICATOR_HEADERS))
    for ind in extras:
        sheet.append([ind.code, ind.name_th, ind.name_en, ind.area, ind.kind])
    sheet = book.create_sheet(t("template.sheet_progress"))
    sheet.append([t(f"template.col_{c}") for c in PROGRESS_COLUMNS])
    for row in progress:
        sheet.append([row.get(c) for c in PROGRESS_COLUMNS])
    book.save(path)


def generate(spec: Spec) -> float:
    """Write ``spec``'s workbook (via a temporary name); returns the seconds it took."""
    begin = time.perf_counter()
    rng = random.Random(spec.seed)
    starts = start_years(province_index().provinces, rng)
    provinces = province_rows(starts, rng)
    extras = extra_indicators(spec.extra_indicators)
    indicators = [*default_catalogue().indicators, *extras]
    progress = progress_rows(spec, starts, indicators, rng)
    spec.path.parent.mkdir(parents=True, exist_ok=True)
    partial = spec.path.with_suffix(".partial.xlsx")
    if extras:
        write_write_only(partial, provinces, extras, progress)
    else:
        write_tracker(
            partial,
            provinces=provinces,
            progress=progress,
            catalogue=default_catalogue(),
        )
    partial.replace(spec.path)
    return time.perf_counter() - begin


def ensure(spec: Spec, regenerate: bool) -> float | None:
    if spec.path.exists() and not regenerate:
        return None
    print(f"generating {spec.path.relative_to(ROOT)} ({spec.rows:,} rows) ...", flush=True)
    seconds = generate(spec)
    print(f"  written in {seconds:.1f} s", flush=True)
    return seconds


# --- measurement ----------------------------------------------------------------------


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        gc.collect()
        begin = time.perf_counter()
        run()
        times.append(time.perf_counter() - begin)
    return times


def timed_cpu(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and process CPU seconds of one run (CPU time is steadier on a shared machine)."""
    gc.collect()
    begin, begin_cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - begin, time.process_time() - begin_cpu


def outcome(result: LoadResult) -> Outcome:
    tracker = result.tracker
    return Outcome(
        ok=result.ok,
        records=len(tracker.records) if tracker else 0,
        summary_rows=len(tracker.summary) if tracker else 0,
        errors=len(result.errors),
        warnings=dict(Counter(m.code for m in result.warnings)),
        first_errors=[f"{m.code} {m.cell or ''} {m.message_en}" for m in result.errors[:20]],
    )


def child_peak(script: str, path: Path) -> dict[str, float]:
    """Peak RSS, RSS after imports and VmHWM (MB) of a fresh interpreter running ``script``."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH, script, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    if not report["ok"]:
        print(f"  warning: memory child did not load {path.name}", flush=True)
    return {k.removesuffix("_kb"): v / 1024 for k, v in report.items() if k.endswith("_kb")}


def measure(spec: Spec, quick: bool, generated: float | None) -> FileResult:
    path, data = spec.path, spec.path.read_bytes()
    runs: dict[str, Callable[[], object]] = {
        "calamine": lambda: pd.read_excel(path, sheet_name=None, engine="calamine"),
        "openpyxl": lambda: pd.read_excel(path, sheet_name=None, engine="openpyxl"),
        "load_tracker": lambda: load_tracker(data),
    }
    times: dict[str, list[float]] = {m: [] for m in METHODS}
    cpu: dict[str, list[float]] = {m: [] for m in METHODS}
    repeats = QUICK_REPEATS if quick else spec.repeats
    print(f"  {spec.name}: calamine and load_tracker alternately x{repeats} ...", flush=True)
    for _ in range(repeats):  # alternately, so that both see the same load of a shared machine
        for method in ("calamine", "load_tracker"):
            wall, busy = timed_cpu(runs[method])
            times[method].append(wall)
            cpu[method].append(busy)
    repeats = QUICK_REPEATS if quick else spec.slow_repeats
    print(f"  {spec.name}: openpyxl x{repeats} ...", flush=True)
    for _ in range(repeats):
        wall, busy = timed_cpu(runs["openpyxl"])
        times["openpyxl"].append(wall)
        cpu["openpyxl"].append(busy)
    median = {m: statistics.median(v) for m, v in times.items()}
    memory = {
        "load_tracker": child_peak(CHILD_LOAD, path),
        "calamine": child_peak(CHILD_CALAMINE, path),
    }
    return FileResult(
        name=spec.name,
        path=str(path.relative_to(ROOT)),
        rows=spec.rows,
        file_bytes=len(data),
        generated_seconds=generated,
        times=times,
        median=median,
        best={m: min(v) for m, v in times.items()},
        ratio_vs_calamine=median["load_tracker"] / median["calamine"],
        ratio_vs_openpyxl=median["load_tracker"] / median["openpyxl"],
        cpu_median={m: statistics.median(v) for m, v in cpu.items()},
        cpu_ratio_vs_calamine=statistics.median(cpu["load_tracker"]) / statistics.median(cpu["calamine"]),
        peak_mb={m: v["peak"] for m, v in memory.items()},
        baseline_mb={m: v["baseline"] for m, v in memory.items()},
        hwm_mb={m: v["hwm"] for m, v in memory.items()},
        outcome=outcome(load_tracker(data)),
    )


def warm_up(spec: Spec) -> None:
    """Imports, lru caches and the engines' first-call costs, before anything is timed."""
    pd.read_excel(spec.path, sheet_name=None, engine="calamine")
    pd.read_excel(spec.path, sheet_name=None, engine="openpyxl")
    load_tracker(spec.path.read_bytes())


# --- sheets below the province (issues 8-10) ---------------------------------------------

SHEET_KINDS = ("assessments", "honourees", "events")
SHEET_ROWS = 20_000  # honourees and events: twice the Hall of Fame benchmark's 10,000 people


def sheet_workbook(kind: str, regenerate: bool) -> tuple[Path, str]:
    """The generated workbook of one sheet kind (``data/sheet_kinds.csv``) and its sheet's name.

    The hook for every kind of sheet below the province: ``assessments`` (issue 10) is
    ``bench_units``' 20,000 rows; a new kind adds a branch with its own generator here.
    """
    if kind == "assessments":
        sys.path.insert(0, str(ROOT / "bench"))
        import bench_units

        path = OUT / f"units_{bench_units.ROWS}.xlsx"
        if regenerate or not path.exists():
            bench_units.generate(path)
        return path, bench_units.SHEET
    if kind in ("honourees", "events"):
        sys.path.insert(0, str(ROOT / "bench"))
        import bench_recognition as recognition

        path = OUT / f"{kind}_{SHEET_ROWS}.xlsx"
        if regenerate or not path.exists():
            book = Workbook(write_only=True)
            (recognition.honourees_sheet if kind == "honourees" else recognition.events_sheet)(book, SHEET_ROWS)
            OUT.mkdir(parents=True, exist_ok=True)
            book.save(path)
        return path, recognition.HONOUREES_SHEET if kind == "honourees" else recognition.EVENTS_SHEET
    raise NotImplementedError(f"no generated workbook for the {kind!r} sheet yet: add one to sheet_workbook")


def measure_sheet(kind: str, regenerate: bool, repeats: int) -> str:
    """``load_tracker`` of a workbook of one sheet kind against a bare calamine read of that sheet."""
    path, sheet = sheet_workbook(kind, regenerate)
    data = path.read_bytes()
    result = load_tracker(data)
    assert result.ok, [m.code for m in result.errors[:5]]
    walls: dict[str, list[float]] = {"calamine": [], "load_tracker": []}
    cpus: dict[str, list[float]] = {"calamine": [], "load_tracker": []}
    runs = {
        "calamine": lambda: pd.read_excel(path, sheet_name=sheet, engine="calamine"),
        "load_tracker": lambda: load_tracker(data),
    }
    for _ in range(repeats):
        for method, run in runs.items():
            wall, busy = timed_cpu(run)
            walls[method].append(wall)
            cpus[method].append(busy)
    wall = {m: statistics.median(v) for m, v in walls.items()}
    cpu = {m: statistics.median(v) for m, v in cpus.items()}
    peak = child_peak(CHILD_LOAD, path)["peak"]
    ratio, cpu_ratio = wall["load_tracker"] / wall["calamine"], cpu["load_tracker"] / cpu["calamine"]
    return (
        f"{kind} ({path.name}): calamine read of the sheet {wall['calamine']:.3f}s, load_tracker "
        f"{wall['load_tracker']:.3f}s = {ratio:.2f}x wall, {cpu_ratio:.2f}x cpu "
        f"(goal <= {GOAL_RATIO}x {'MET' if ratio <= GOAL_RATIO else 'MISSED'}); peak {peak:.0f} MB"
    )


# --- report ---------------------------------------------------------------------------


def goals(result: FileResult) -> dict[str, bool]:
    return {
        "ratio": result.ratio_vs_calamine <= GOAL_RATIO,
        "memory": result.peak_mb["load_tracker"] < GOAL_PEAK_MB,
    }


def timing_table(results: list[FileResult]) -> list[str]:
    head = (
        f"{'file':<9} {'rows':>8} {'size':>8} {'runs':>6} {'calamine':>9} "
        f"{'openpyxl':>9} {'load':>8} {'load/cal':>8} {'load/opx':>8} {'cpu l/c':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        m = r.median
        lines.append(
            f"{r.name:<9} {r.rows:>8,} {r.file_bytes / 1048576:>6.1f}MB "
            f"{'/'.join(str(len(r.times[k])) for k in METHODS):>6} {m['calamine']:>8.3f}s {m['openpyxl']:>8.3f}s "
            f"{m['load_tracker']:>7.3f}s {r.ratio_vs_calamine:>7.2f}x "
            f"{r.ratio_vs_openpyxl:>7.2f}x {r.cpu_ratio_vs_calamine:>7.2f}x"
        )
    lines.append("(median seconds; runs of calamine/openpyxl/load; load = load_tracker(bytes) end to end;")
    lines.append(" calamine and load run alternately; cpu l/c = ratio of their median process CPU times)")
    return lines


def memory_table(results: list[FileResult]) -> list[str]:
    head = f"{'file':<9} {'child':<13} {'peak RSS':>9} {'after imports':>14} {'peak - imports':>15}"
    lines = [head, "-" * len(head)]
    for r in results:
        for method in ("load_tracker", "calamine"):
            peak, base = r.peak_mb[method], r.baseline_mb[method]
            lines.append(f"{r.name:<9} {method:<13} {peak:>7.0f}MB {base:>12.0f}MB {peak - base:>13.0f}MB")
    lines.append("(ru_maxrss of a fresh child that only imports and loads / reads the file)")
    return lines


def outcome_lines(results: list[FileResult]) -> list[str]:
    lines = []
    for r in results:
        o = r.outcome
        state = "OK" if o.ok else f"NOT LOADED ({o.errors} errors)"
        lines.append(
            f"{r.name}: load_tracker {state}, {o.records:,} records, "
            f"{o.summary_rows:,} summary rows, warnings {o.warnings or 'none'}"
        )
        lines.extend(f"    {e}" for e in o.first_errors)
    return lines


def goal_lines(results: list[FileResult]) -> list[str]:
    lines = []
    for r in results:
        if r.rows < GOAL_ROWS:
            continue
        met = goals(r)
        lines.append(
            f"goal at {r.rows:,} rows: load/calamine <= {GOAL_RATIO}x "
            f"{'MET' if met['ratio'] else 'MISSED'} ({r.ratio_vs_calamine:.2f}x wall, "
            f"{r.cpu_ratio_vs_calamine:.2f}x cpu); "
            f"peak < {GOAL_PEAK_MB:.0f} MB {'MET' if met['memory'] else 'MISSED'} "
            f"({r.peak_mb['load_tracker']:.0f} MB)"
        )
    return lines


def table(results: list[FileResult]) -> str:
    parts = [
        timing_table(results),
        memory_table(results),
        outcome_lines(results),
        goal_lines(results),
    ]
    return "\n\n".join("\n".join(p) for p in parts if p)


def environment() -> dict[str, str]:
    packages = ("pandas", "numpy", "python-calamine", "openpyxl")
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": str(len(os.sched_getaffinity(0))),
        **{p: version(p) for p in packages},
    }


def write_json(results: list[FileResult], quick: bool) -> Path:
    out = OUT / "results.json"
    payload = {
        "environment": environment(),
        "quick": quick,
        "goals": {
            "max_ratio_vs_calamine": GOAL_RATIO,
            "max_peak_mb": GOAL_PEAK_MB,
            "at_rows": GOAL_ROWS,
        },
        "files": [asdict(r) | {"goals_met": goals(r) if r.rows >= GOAL_ROWS else None} for r in results],
    }
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true", help="rewrite the generated workbooks")
    parser.add_argument("--quick", action="store_true", help="national file only, fewer repeats")
    parser.add_argument(
        "--sheets", nargs="*", default=None, help=f"sheet kinds below the province to measure (default: {SHEET_KINDS})"
    )
    parser.add_argument("--sheets-only", action="store_true", help="skip the national and stress trackers")
    args = parser.parse_args(argv)
    specs = [] if args.sheets_only else [NATIONAL] if args.quick else [NATIONAL, STRESS]
    generated = {s.name: ensure(s, args.regenerate) for s in specs}
    warm_up(NATIONAL)
    results = [measure(s, args.quick, generated[s.name]) for s in specs]
    if results:
        print()
        print(table(results))
        print(f"\nwritten {write_json(results, args.quick).relative_to(ROOT)}")
    for kind in SHEET_KINDS if args.sheets is None else args.sheets:
        print(measure_sheet(kind, args.regenerate, QUICK_REPEATS if args.quick else 5), flush=True)
    return 0 if all(r.outcome.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
