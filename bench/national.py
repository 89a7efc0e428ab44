"""The national-scale data every page benchmark and screenshot uses, built once into bench/out/.

77 provinces x programme years 1-5 (``bench_load.NATIONAL``), 20,000 assessments
(``bench_units``), 10,000 honourees and 5,000 events (``bench_recognition``) in one workbook,
and a SQLite store with it published as the current version.

Usage: .venv/bin/python bench/national.py [--regenerate]   (prints the database URL)
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from bench_load import OUT  # noqa: E402

WORKBOOK = OUT / "national_all.xlsx"
DATABASE = OUT / "national_all.db"


def workbook(regenerate: bool = False) -> Path:
    """The national tracker with assessments, honourees and events sheets (built once)."""
    if WORKBOOK.exists() and not regenerate:
        return WORKBOOK
    from bench_app import national_with_units
    from bench_recognition import events_sheet, honourees_sheet
    from openpyxl import load_workbook

    book = load_workbook(national_with_units())
    for sheet in [s for s in book.sheetnames if s in ("ทำเนียบคนดี", "ปฏิทินความดี")]:
        del book[sheet]  # the template's empty sheets of these kinds
    honourees_sheet(book)
    events_sheet(book)
    book.save(WORKBOOK)
    return WORKBOOK


def published_store(target: Path, book: Path, note: str) -> float:
    """A SQLite store at ``target`` with the sample as version 1 and ``book`` published over it
    (written beside it first, so a stopped build leaves no half store); seconds of the publish."""
    import time

    from moral_metrics.access.roles import Actor
    from moral_metrics.reference.sample import SAMPLE_PATH, sample_bytes
    from moral_metrics.service import Published, Service

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    store = Service(f"sqlite:///{partial}")
    store.seed(sample_bytes(), SAMPLE_PATH.name)
    start = time.perf_counter()
    published = store.publish(book.read_bytes(), book.name, Actor.central("bench"), note)
    if not isinstance(published, Published) or not published.ok:
        raise SystemExit(f"{book.name} did not publish: {published}")
    seconds = time.perf_counter() - start
    partial.replace(target)
    return seconds


def database(regenerate: bool = False) -> Path:
    """A SQLite store with the national workbook published (as version 2, after the sample)."""
    if not DATABASE.exists() or regenerate:
        published_store(DATABASE, workbook(regenerate), "national")
    return DATABASE


def copy_of_database(folder: Path) -> str:
    """A private copy of the national store (a benchmark's server writes to its own)."""
    target = folder / "national.db"
    shutil.copy(database(), target)
    return f"sqlite:///{target}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    print(f"sqlite:///{database(args.regenerate)}")
