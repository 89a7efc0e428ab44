"""Load a tracker: bytes -> read -> extract -> check -> metrics, all problems at once.

A workbook with any error yields no tracker at all (nothing half-loaded); warnings travel with
the tracker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from moral_metrics.checks.assessments import check_assessments
from moral_metrics.checks.consent import private_names_in_events
from moral_metrics.checks.context import CheckContext
from moral_metrics.checks.definitions import add_definitions, defined_at
from moral_metrics.checks.events import check_events
from moral_metrics.checks.honourees import check_honourees
from moral_metrics.checks.photos import attach
from moral_metrics.checks.progress import Checked, check_progress
from moral_metrics.checks.startyears import StartYears, read_start_years
from moral_metrics.ingest.filecheck import FileProblem
from moral_metrics.ingest.images import anchored, small
from moral_metrics.ingest.workbook import read_workbook
from moral_metrics.metrics import achievement, summarise
from moral_metrics.model import DATASETS, PROVINCE_COLUMNS, RECORD_COLUMNS, LoadResult, Tracker
from moral_metrics.parse.cells import at
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.parse.extract import extract
from moral_metrics.reference.catalogue import Catalogue, default_catalogue
from moral_metrics.reference.formats import is_missing
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.settings import Settings
from moral_metrics.reference.settings import settings as current_settings

log = logging.getLogger(__name__)
RAW_PROGRESS = ["sheet", "row", "province", "province_col", "indicator", "indicator_code", "target", "actual"]
Checker = Callable[[pd.DataFrame, CheckContext, Problems], pd.DataFrame]
# sheet kind -> the check that turns its raw rows into a dataset's rows (model.DATASETS)
CHECKERS: dict[str, Checker] = {}
_EMPTY = pd.DataFrame()
CHECKERS["assessments"] = check_assessments  # issue 10: units below the province
CHECKERS["honourees"] = check_honourees  # issue 11: the Hall of Fame
CHECKERS["events"] = check_events  # issue 11: the calendar of good deeds


def finish_records(base: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Records in their published shape (``RECORD_COLUMNS``) from the stored fields.

    ``base`` has ``STORED_RECORD_FIELDS``; used for a freshly loaded workbook and for a version
    read back from the database.
    """
    index = province_index().by_code
    idx = base.index
    province = Distinct(base["province_code"], lambda c: index[c])  # each name looked up once per province
    indicator = Distinct(base["indicator"], catalogue.find)
    records = pd.DataFrame(
        {
            "province_code": text_series(base["province_code"].to_numpy(object), idx),
            "province_th": text_series(province.take(lambda p: p.name_th), idx),
            "province_en": text_series(province.take(lambda p: p.name_en), idx),
            "program_year": base["program_year"].astype("Int64"),
            "fiscal_year": base["fiscal_year"].astype("Float64").astype("Int64"),
            "indicator": text_series(base["indicator"].to_numpy(object), idx),
            "area": text_series(indicator.take(lambda i: getattr(i, "area", None)), idx),
            "kind": text_series(indicator.take(lambda i: getattr(i, "kind", None)), idx),
            "target": base["target"].astype(float),
            "actual": base["actual"].astype(float),
            "note": text_series(per_value(base["note"], _note), idx),
            "sheet": text_series(base["sheet"].to_numpy(object), idx),
            "row": base["row"].astype(int),
        }
    )
    records["achievement"] = achievement(records)
    order = {code: n for n, code in enumerate(catalogue.codes)}
    rank = indicator.take(lambda i: order.get(getattr(i, "code", None), -1), np.int64)
    place = {code: n for n, code in enumerate(sorted({p.code for p in province.results}))}  # code order
    by_code = province.take(lambda p: place[p.code], np.int64)
    sequence = np.lexsort((rank, records["program_year"].to_numpy(np.int64, na_value=0), by_code))
    if (sequence == np.arange(len(sequence))).all():  # already in order: no copy
        return records[RECORD_COLUMNS].reset_index(drop=True)
    return records.iloc[sequence][RECORD_COLUMNS].reset_index(drop=True)


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
        }
    )
    return finish_records(base, catalogue)


def _note(value: object) -> str | None:
    return None if is_missing(value) else (str(value).strip() or None)


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
    catalogue = add_definitions(_concat(found.indicators), catalogue, problems)
    if not found.has_data and not problems.has("missing_column", "unknown_province"):
        problems.add("no_progress_sheet", sheets=found.looked_at)
    starts = read_start_years(_concat(found.provinces), index, config, problems)
    progress = _concat(found.progress, RAW_PROGRESS)
    checked = check_progress(progress, starts, index, catalogue, config, problems)
    records = _records(checked.records, catalogue)
    context = CheckContext(config, index, catalogue, starts, records)
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
    """Each sheet kind's rows checked into its dataset (model.DATASETS)."""
    names = {d.sheet_kind: d.name for d in DATASETS.values()}
    return {names[kind]: CHECKERS[kind](_concat(frames), context, problems) for kind, frames in raw.items() if frames}


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


def source_cells(data: bytes, config: Settings | None = None) -> pd.DataFrame:
    """Where each target and actual of a workbook was read, as typed: one row per progress row
    with ``sheet``, ``row``, ``indicator_code`` (wide layouts; empty for long ones) and, for
    target and actual, the cell reference (``target_ref``: "ผลการดำเนินงาน!F12") and the raw
    cell text (``target_raw``). For tracing a published figure back to its cell."""
    config = config or current_settings()
    book = read_workbook(data, config.limits)
    found = extract(book.sheets, default_catalogue(), province_index(), config.limits, Problems())
    progress = _concat(found.progress, [*RAW_PROGRESS, "target_col", "actual_col"])
    out = progress[["sheet", "row", "indicator_code"]].copy()
    for measure in ("target", "actual"):
        rows = progress.to_dict("records")
        out[f"{measure}_ref"] = [at(r, measure).ref for r in rows]
        out[f"{measure}_raw"] = [r[measure] for r in rows]
    return out
