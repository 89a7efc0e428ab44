"""Load a tracker: bytes -> read -> extract -> check -> metrics, all problems at once.

A workbook with any error yields no tracker at all (nothing half-loaded); warnings travel with
the tracker.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from moral_metrics.checks.consent import private_names_in_events
from moral_metrics.checks.context import CheckContext
from moral_metrics.checks.definitions import add_definitions, defined_at
from moral_metrics.checks.photos import attach
from moral_metrics.checks.progress import Checked, check_progress
from moral_metrics.checks.startyears import StartYears, programme_starts, read_start_years
from moral_metrics.ingest.filecheck import FileProblem
from moral_metrics.ingest.images import anchored, small
from moral_metrics.ingest.workbook import read_workbook
from moral_metrics.metrics.records import finish_records
from moral_metrics.metrics.scores import summarise
from moral_metrics.model import DATASETS, PROVINCE_COLUMNS, LoadResult, Tracker
from moral_metrics.parse.extract import extract
from moral_metrics.reference.catalogue import Catalogue, default_catalogue
from moral_metrics.reference.formats import cell_text, column_letter
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.parts import load, part
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.settings import Settings
from moral_metrics.reference.settings import settings as current_settings

log = logging.getLogger(__name__)
RAW_PROGRESS = ["sheet", "row", "province", "province_col", "indicator", "indicator_code", "target", "actual"]
_EMPTY = pd.DataFrame()
load("moral_metrics.checks")  # every check registers itself (reference.parts)


def _records(checked: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    base = pd.DataFrame(
        {
            "province_code": checked["province_code"],
            "program_year": checked["program_year"],
            "fiscal_year": checked["fiscal_year"],
            "indicator": checked["indicator_code"],
            "target": checked["target_value"],
            "actual": checked["actual_value"],
            "note": checked.get("note", None),
            "sheet": checked["sheet"],
            "row": checked["row"],
            "file_id": None,  # given when the upload is stored (store.snapshots)
            **{f"{m}_cell": _cells(checked, m) for m in ("target", "actual")},
            **{f"{m}_typed": [cell_text(v) for v in checked[m]] for m in ("target", "actual")},
        }
    )
    return finish_records(base, catalogue)


def _cells(checked: pd.DataFrame, measure: str) -> list[str | None]:
    """The cell each value was read from ("E12"); None where it came from a sheet's name."""
    rows = checked["row"].tolist()
    columns = checked[f"{measure}_col"].tolist() if f"{measure}_col" in checked else [None] * len(rows)
    return [
        None if col is None or col != col or int(col) < 0 else f"{column_letter(int(col))}{int(row)}"
        for col, row in zip(columns, rows, strict=True)
    ]


def _provinces(starts: StartYears, checked: Checked, records: pd.DataFrame) -> pd.DataFrame:
    index = province_index()
    codes = list(dict.fromkeys([*starts.listed, *records["province_code"].unique()]))
    years = checked.derived_starts | starts.years
    rows = [
        {
            "province_code": code,
            "province_th": index.by_code[code].name_th,
            "province_en": index.by_code[code].name_en,
            "region": starts.regions.get(code, index.by_code[code].region),
            "start_year": years.get(code),
            "start_year_assumed": code in checked.assumed,
            "networks": starts.networks.get(code),
        }
        for code in codes
    ]
    frame = pd.DataFrame(rows, columns=PROVINCE_COLUMNS)
    frame["start_year"] = frame["start_year"].astype("Int64")
    return frame


def _concat(frames: list[pd.DataFrame], columns: list[str] | None = None) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns or [])


def _load(data: bytes, config: Settings) -> LoadResult:
    problems = Problems()
    book = read_workbook(data, config.limits)
    index, catalogue = province_index(), default_catalogue()
    found = extract(book.sheets, catalogue, index, config.limits, problems)
    catalogue = add_definitions(_concat(found.indicators), catalogue, config.limits, problems)
    if not found.has_data and not problems.has("missing_column", "unknown_province"):
        problems.add("no_progress_sheet", sheets=found.looked_at)
    starts = read_start_years(_concat(found.provinces), index, config, problems)
    progress = _concat(found.progress, RAW_PROGRESS)
    checked = check_progress(progress, starts, index, catalogue, config, problems)
    records = _records(checked.records, catalogue)
    context = CheckContext(config, index, catalogue, starts, records, programme_starts(records, starts))
    datasets = _datasets(found.records, context, problems)
    photos = {}
    if "honourees" in datasets:
        datasets["honourees"], photos = _photos(data, datasets["honourees"], config, problems)
    private_names_in_events(datasets.get("honourees", _EMPTY), datasets.get("events", _EMPTY), problems)
    messages = problems.sorted()
    if problems.has_errors:
        return LoadResult(None, messages)
    summary = summarise(records, catalogue, config.status)
    origins = {"provinces": starts.cells, "indicators": defined_at(_concat(found.indicators), catalogue)}
    provinces = _provinces(starts, checked, records)
    tracker = Tracker(provinces, records, summary, catalogue, messages, datasets, origins, photos)
    return LoadResult(tracker, messages)


def _photos(
    data: bytes, honourees: pd.DataFrame, config: Settings, problems: Problems
) -> tuple[pd.DataFrame, dict[str, bytes]]:
    """Photos embedded in the honourees' rows, checked and made small; links only to allowed hosts."""
    refs, photos = {}, {}
    for place, content in anchored(data, config.limits).items():
        made = small(content)
        if made is not None:
            refs[place], photos[made[0]] = made
    return attach(honourees, refs, config.privacy.photo_hosts, problems), photos


def _datasets(raw: dict[str, list[pd.DataFrame]], context: CheckContext, problems: Problems) -> dict:
    """Each sheet kind's rows checked into its dataset by the check it registered (``reference.parts``)."""
    found = {}
    for kind in DATASETS.values():
        if frames := raw.get(kind.sheet_kind):
            found[kind.name] = part("check", kind.name).provider(_concat(frames), context, problems)
    return found


def load_tracker(data: bytes, config: Settings | None = None) -> LoadResult:
    """Read a tracker from its bytes. A bad file is never an exception: the messages say why."""
    config = config or current_settings()
    try:
        return _load(data, config)
    except FileProblem as problem:
        return LoadResult(None, [problem.message])
    except (MemoryError, RecursionError) as exc:
        # a workbook too deep or too big for this machine still ends in a message
        log.warning("workbook exhausted %s while loading", type(exc).__name__)
        return LoadResult(None, [FileProblem("unreadable_file", "corrupt", reason=type(exc).__name__).message])


def load_tracker_file(path: str | Path, config: Settings | None = None) -> LoadResult:
    return load_tracker(Path(path).read_bytes(), config)
