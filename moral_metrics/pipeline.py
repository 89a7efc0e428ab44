"""Load a tracker: bytes -> read -> extract -> validate -> metrics, all problems at once.

A workbook with any error yields no tracker at all (nothing half-loaded); warnings travel with
the tracker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from moral_metrics.checks.definitions import add_definitions
from moral_metrics.checks.progress import check_progress
from moral_metrics.checks.startyears import StartYears, read_start_years
from moral_metrics.ingest.filecheck import FileProblem
from moral_metrics.ingest.workbook import read_workbook
from moral_metrics.metrics import achievement, summarise
from moral_metrics.parse.distinct import per_value, text_series
from moral_metrics.parse.extract import extract
from moral_metrics.reference.catalogue import Catalogue, default_catalogue
from moral_metrics.reference.messages import Message, make, sort_key
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.settings import Settings
from moral_metrics.reference.settings import settings as current_settings

log = logging.getLogger(__name__)

RECORD_COLUMNS = [
    "province_code",
    "province_th",
    "province_en",
    "program_year",
    "fiscal_year",
    "indicator",
    "area",
    "target",
    "actual",
    "achievement",
    "note",
    "sheet",
    "row",
]
PROVINCE_COLUMNS = [
    "province_code",
    "province_th",
    "province_en",
    "region",
    "start_year",
    "start_year_assumed",
    "networks",
]


@dataclass
class Tracker:
    provinces: pd.DataFrame
    records: pd.DataFrame
    summary: pd.DataFrame
    catalogue: Catalogue
    warnings: list[Message] = field(default_factory=list)


@dataclass
class LoadResult:
    tracker: Tracker | None
    messages: list[Message]

    @property
    def ok(self) -> bool:
        return self.tracker is not None

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "error"]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "warning"]


def finish_records(base: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Records in their published shape from the stored fields: names, area, achievement, order.

    ``base`` has province_code, program_year, fiscal_year, indicator, target, actual, note, sheet
    and row; used for a freshly loaded workbook and for a version read back from the database.
    """
    index = province_index().by_code
    area_of = {i.code: i.area for i in catalogue.indicators}
    kind_of = {i.code: i.kind for i in catalogue.indicators}
    idx = base.index
    records = pd.DataFrame(
        {
            "province_code": text_series(base["province_code"].to_numpy(object), idx),
            "province_th": text_series(per_value(base["province_code"], lambda c: index[c].name_th), idx),
            "province_en": text_series(per_value(base["province_code"], lambda c: index[c].name_en), idx),
            "program_year": base["program_year"].astype("Int64"),
            "fiscal_year": base["fiscal_year"].astype("Float64").astype("Int64"),
            "indicator": text_series(base["indicator"].to_numpy(object), idx),
            "area": text_series(per_value(base["indicator"], area_of.get), idx),
            "kind": text_series(per_value(base["indicator"], kind_of.get), idx),
            "target": base["target"].astype(float),
            "actual": base["actual"].astype(float),
            "note": text_series(per_value(base["note"], _note), idx),
            "sheet": text_series(base["sheet"].to_numpy(object), idx),
            "row": base["row"].astype(int),
        }
    )
    records["achievement"] = achievement(records)
    order = {code: n for n, code in enumerate(catalogue.codes)}
    rank = per_value(records["indicator"], order.get, np.int64)
    province = per_value(records["province_code"], str)
    sequence = np.lexsort((rank, records["program_year"].to_numpy(np.int64, na_value=0), province))
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
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    return text or None


def _provinces(starts: StartYears, records: pd.DataFrame) -> pd.DataFrame:
    index = province_index()
    codes = list(dict.fromkeys([*starts.listed, *records["province_code"].unique()]))
    rows = []
    for code in codes:
        p = index.by_code[code]
        rows.append(
            {
                "province_code": code,
                "province_th": p.name_th,
                "province_en": p.name_en,
                "region": starts.regions.get(code, p.region),
                "start_year": starts.years.get(code),
                "start_year_assumed": code in starts.assumed,
                "networks": starts.networks.get(code),
            }
        )
    frame = pd.DataFrame(rows, columns=PROVINCE_COLUMNS)
    frame["start_year"] = frame["start_year"].astype("Int64")
    return frame


def _empty_progress() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "sheet",
            "row",
            "province",
            "province_col",
            "indicator",
            "indicator_code",
            "target",
            "actual",
            "target_col",
            "actual_col",
        ]
    )


def _load(data: bytes, config: Settings) -> LoadResult:
    book = read_workbook(data, config.limits)
    index, catalogue = province_index(), default_catalogue()
    found = extract(book.sheets, catalogue, index, config.limits)
    messages = list(found.messages)
    catalogue = add_definitions(found.indicator_rows, catalogue, messages)
    if not found.progress and not any(m.code in ("missing_column", "unknown_province") for m in messages):
        messages.append(make("no_progress_sheet", sheets=", ".join(f'"{s}"' for s in found.looked_at)))
    prov_frame = pd.concat(found.provinces, ignore_index=True) if found.provinces else pd.DataFrame()
    starts = read_start_years(prov_frame, index, config, messages)
    progress = pd.concat(found.progress, ignore_index=True) if found.progress else _empty_progress()
    checked = check_progress(progress, starts, index, catalogue, config)
    messages.extend(checked.messages)
    messages.sort(key=sort_key)
    if any(m.severity == "error" for m in messages):
        return LoadResult(None, messages)
    records = _records(checked.records, catalogue)
    summary = summarise(records, catalogue, config.status)
    tracker = Tracker(_provinces(starts, records), records, summary, catalogue, messages)
    return LoadResult(tracker, messages)


def load_tracker(data: bytes, config: Settings | None = None) -> LoadResult:
    """Read a tracker from its bytes. Never raises for a bad file: the messages say what is wrong."""
    config = config or current_settings()
    try:
        return _load(data, config)
    except FileProblem as problem:
        return LoadResult(None, [make(problem.code, detail=problem.detail, **problem.values)])
    except (MemoryError, RecursionError, ValueError, KeyError, IndexError, TypeError) as exc:
        # A workbook shape nobody foresaw must still end in a message, not a traceback.
        log.exception("unexpected failure while loading a tracker")
        return LoadResult(None, [make("unreadable_file", detail="corrupt", reason=type(exc).__name__)])


def load_tracker_file(path: str | Path, config: Settings | None = None) -> LoadResult:
    return load_tracker(Path(path).read_bytes(), config)
