"""Merging a province's submission into the published data, never replacing what it did not send.

A published version is the union of every province's latest submitted data. A file replaces,
for each province it has, that province's rows for the periods it has rows for (programme years
of progress records, fiscal years of the datasets below the province); every other province
and period stays exactly as it was. Pure functions over trackers: the store decides when.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from moral_metrics.metrics.records import finish_records
from moral_metrics.metrics.scores import summarise
from moral_metrics.model import DATASETS, PROVINCE_COLUMNS, STORED_RECORD_FIELDS, Tracker
from moral_metrics.reference.catalogue import Catalogue, default_catalogue
from moral_metrics.reference.settings import StatusBands

RECORDS = "records"  # the progress records' name among the datasets


@dataclass(frozen=True)
class Slice:
    """One province's rows of one dataset for one period: what a file replaces as a whole."""

    dataset: str
    province_code: str
    period: int
    fiscal_year: int | None
    rows: int


def period_column(dataset: str) -> str:
    """The column a dataset's slices are cut by: programme year of progress, fiscal year below."""
    return "program_year" if dataset == RECORDS else DATASETS[dataset].period


def frames(tracker: Tracker) -> dict[str, pd.DataFrame]:
    return {RECORDS: tracker.records, **{name: tracker.dataset(name) for name in DATASETS}}


def slices(tracker: Tracker) -> list[Slice]:
    """Every (dataset, province, period) a tracker has rows for."""
    found = []
    for name, frame in frames(tracker).items():
        if frame.empty:
            continue
        groups = frame.groupby(["province_code", period_column(name)], sort=True)
        sizes = groups.size()
        # each slice's first fiscal year given (first() skips blanks); one pass, not one per group
        fiscal = groups["fiscal_year"].first() if "fiscal_year" in frame else pd.Series(index=sizes.index)
        for (code, value), size in sizes.items():
            year = fiscal.get((code, value))
            found.append(Slice(name, str(code), int(value), None if pd.isna(year) else int(year), int(size)))
    return found


def _without(frame: pd.DataFrame, dataset: str, keys: set[tuple[str, int]]) -> pd.DataFrame:
    if frame.empty or not keys:
        return frame
    period = period_column(dataset)
    pairs = list(zip(frame["province_code"], frame[period].astype("Int64"), strict=True))
    return frame[[(code, int(p) if not pd.isna(p) else None) not in keys for code, p in pairs]]


def _catalogue(base: Catalogue, incoming: list[Tracker]) -> Catalogue:
    known = set(base.codes)
    added = [i for t in incoming for i in t.catalogue.indicators if i.code not in known]
    return base.with_added(added) if added else base


def _provinces(base: pd.DataFrame, incoming: list[Tracker]) -> pd.DataFrame:
    """Every province's row; a province in an incoming file takes the file's row."""
    frames = [base, *(t.provinces for t in incoming)]
    rows = pd.concat([f for f in frames if not f.empty] or [base], ignore_index=True)
    return rows.drop_duplicates("province_code", keep="last")[PROVINCE_COLUMNS].reset_index(drop=True)


def empty_tracker() -> Tracker:
    columns = {c: pd.Series(dtype=object) for c in STORED_RECORD_FIELDS}
    records = finish_records(pd.DataFrame(columns), default_catalogue())
    return Tracker(pd.DataFrame(columns=PROVINCE_COLUMNS), records, pd.DataFrame(), default_catalogue())


def merge(base: Tracker | None, incoming: list[Tracker], bands: StatusBands) -> Tracker:
    """``base`` with each incoming tracker's slices put in place of the same slices of ``base``."""
    base = base or empty_tracker()
    keys: dict[str, set[tuple[str, int]]] = {}
    for piece in (s for t in incoming for s in slices(t)):
        keys.setdefault(piece.dataset, set()).add((piece.province_code, piece.period))
    catalogue = _catalogue(base.catalogue, incoming)
    kept = {name: _without(frame, name, keys.get(name, set())) for name, frame in frames(base).items()}
    merged = {name: pd.concat([kept[name], *(frames(t)[name] for t in incoming)], ignore_index=True) for name in kept}
    records = finish_records(merged[RECORDS][list(STORED_RECORD_FIELDS)], catalogue)
    datasets = {name: frame.reset_index(drop=True) for name, frame in merged.items() if name != RECORDS}
    datasets = {name: frame for name, frame in datasets.items() if not frame.empty}
    provinces = _provinces(base.provinces, incoming)
    warnings = [w for t in incoming for w in t.warnings]
    return Tracker(provinces, records, summarise(records, catalogue, bands), catalogue, warnings, datasets)


def without(base: Tracker, province: str, periods: set[int] | None, bands: StatusBands) -> Tracker:
    """``base`` less one province's progress records (all, or some programme years) and its datasets."""
    keep = base.records["province_code"] != province
    if periods is not None:
        keep |= ~base.records["program_year"].isin(periods)
    records = finish_records(base.records[keep][list(STORED_RECORD_FIELDS)], base.catalogue)
    datasets = {n: f[f["province_code"] != province] for n, f in base.datasets.items()} if periods is None else {}
    datasets = {**base.datasets, **datasets} if periods is not None else datasets
    provinces = base.provinces
    if periods is None:
        provinces = provinces[provinces["province_code"] != province].reset_index(drop=True)
    summary = summarise(records, base.catalogue, bands)
    return Tracker(provinces, records, summary, base.catalogue, [], datasets)
