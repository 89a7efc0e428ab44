"""The assessments check's rules across cells and rows: activity scores, repeated units, and the
cross-check of the progress indicator ``model_units`` against the certified model units."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.checks.common import Column
from moral_metrics.parse.cells import at
from moral_metrics.parse.distinct import per_value
from moral_metrics.parse.normalise import is_blank, parse_number
from moral_metrics.reference.messages import Position, Problems
from moral_metrics.reference.vocabulary import name_key

ACTIVITIES = range(1, 10)
SCORES = (0, 1, 2)
MODEL_LEVEL = 3
MODEL_UNIT_TYPES = ("organisation", "community")  # what the progress indicator model_units counts
MODEL_INDICATOR = "model_units"
_BAD = -1


_BLANK = -2


def _score(value: object) -> int:
    """0, 1 or 2; ``_BLANK`` for a blank cell; ``_BAD`` for anything else."""
    if is_blank(value):
        return _BLANK
    parsed = parse_number(value)
    if not parsed.ok or parsed.value not in SCORES:
        return _BAD
    return int(parsed.value)


def scores(frame: pd.DataFrame, problems: Problems) -> Column:
    """Activity scores as a list of nine (None where blank), or None when a row gives none."""
    grid = np.full((len(frame), len(ACTIVITIES)), _BLANK, dtype=np.int8)
    for n in ACTIVITIES:
        role = f"score_{n}"
        if role not in frame:
            continue
        grid[:, n - 1] = per_value(frame[role], _score, np.int8)
        for i in np.flatnonzero(grid[:, n - 1] == _BAD):
            row = frame.iloc[i]
            problems.add("bad_score", at=at(row, role), value=row[role], activity=n)
    given = (grid != _BLANK).any(axis=1)
    lists = np.full(len(frame), None, dtype=object)
    for i, line in zip(np.flatnonzero(given), grid[given].tolist(), strict=True):
        lists[i] = [s if s >= 0 else None for s in line]
    return Column(pd.Series(lists, index=frame.index, dtype=object), (grid == _BAD).any(axis=1))


def duplicates(units: pd.DataFrame, raw: pd.DataFrame, problems: Problems) -> np.ndarray:
    """The same unit twice in one fiscal year: the first stays, each repeat is an error."""
    keys = per_value(units["name"], name_key)
    same = pd.DataFrame(
        {
            "province": units["province_code"].to_numpy(object),
            "type": units["unit_type"].to_numpy(object),
            "district": units["district_code"].fillna("").to_numpy(object),
            "name": np.where(units["unit_type"] == "province", "", keys),
            "year": units["fiscal_year"].to_numpy(),
        }
    )
    repeated = same.duplicated(keep="first").to_numpy()
    first_rows = {tuple(r[1:]): r[0] for r in same.loc[~repeated].itertuples()}
    for n in np.flatnonzero(repeated):
        row, first = units.iloc[n], raw.iloc[first_rows[tuple(same.iloc[n])]]
        problems.add(
            "duplicate_unit",
            at=at(raw.iloc[n], "unit_name"),
            value=row["name"],
            province=row["province_code"],
            year=int(row["fiscal_year"]),
            first=at(first, "unit_name").ref,
        )
    return repeated


def model_counts(units: pd.DataFrame) -> pd.Series:
    """Level-3 organisations and communities per (province, fiscal year) with any assessment."""
    model = (units["level"] == MODEL_LEVEL) & units["unit_type"].isin(MODEL_UNIT_TYPES)
    return model.groupby([units["province_code"], units["fiscal_year"]]).sum().astype(int)


def cross_check(units: pd.DataFrame, records: pd.DataFrame, problems: Problems) -> None:
    """Warn where a province-year's reported ``model_units`` differs from the certified count."""
    if units.empty or records.empty:
        return
    counts = model_counts(units).to_dict()
    reported = records[(records["indicator"] == MODEL_INDICATOR) & records["actual"].notna()]
    for row in reported.itertuples(index=False):
        if pd.isna(row.fiscal_year):
            continue
        counted = counts.get((row.province_code, int(row.fiscal_year)))
        if counted is not None and counted != row.actual:
            problems.add(
                "model_units_mismatch",
                at=Position(row.sheet, int(row.row)),
                province=row.province_code,
                year=int(row.fiscal_year),
                reported=int(row.actual) if float(row.actual).is_integer() else float(row.actual),
                counted=int(counted),
            )
