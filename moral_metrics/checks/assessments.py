"""Check the assessments sheet: units below the province and the level each was certified at.

The certified level is the truth: scores are kept and shown, never turned into a level here.
Like the progress check, each normaliser runs once per distinct value and every failing cell
is reported with its position; a row with any error is left out of the dataset.

Contract: ``check_assessments`` takes the raw table (``parse.cells`` shape: province, district,
unit_type, unit_name, fiscal_year, level, score_1..9, each with ``_col``) and returns the good
rows with ``model.UNIT_COLUMNS``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.checks.common import (
    Column,
    cells,
    clean_name,
    district_of,
    district_problem,
    fiscal_years,
    provinces,
    report,
    too_long,
    words,
)
from moral_metrics.checks.context import CheckContext
from moral_metrics.checks.units_rules import cross_check, duplicates, scores
from moral_metrics.model import UNIT_COLUMNS
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.reference.districts import Found, district_index
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.parts import provides
from moral_metrics.reference.provinces import province_name
from moral_metrics.reference.units import level, unit_type

NEEDS_DISTRICT = ("organisation", "community", "district")


def _districts(frame: pd.DataFrame, codes: pd.Series, types: pd.Series, problems: Problems) -> Column:
    """District codes; a unit that needs a district and has none, or an unknown one, is an error."""
    found = Distinct.of_pairs(cells(frame, "district"), codes, district_of)
    kinds, problem = types.to_numpy(object), found.take(lambda f: f.problem)
    needs = types.isin(NEEDS_DISTRICT).to_numpy()
    missing = needs & ((problem == "blank") | ((problem == "province_level") & (kinds == "district")))
    wrong = needs & pd.Series(problem).isin(("unknown", "ambiguous", "other_province")).to_numpy()
    values = found.take(lambda f: f.district.code if f.district and not f.problem else None)
    for n in np.flatnonzero(missing | wrong):
        result = Found(problem="missing") if missing[n] else found.results[found.found[n]]
        district_problem(problems, frame.iloc[n], codes.iloc[n], result, unit_type=kinds[n])
    return Column.of(text_series(np.where(needs, values, None), frame.index), frame.index, missing | wrong)


def _names(frame: pd.DataFrame, codes: pd.Series, types: pd.Series, districts: pd.Series, problems: Problems) -> Column:
    """Unit names, cleaned; a province or district unit without one is named after itself."""
    names = per_value(cells(frame, "unit_name"), clean_name)
    kinds, places = types.to_numpy(object), districts.to_numpy(object)
    for n in np.flatnonzero(pd.isna(names)):
        if kinds[n] == "province" and codes.iloc[n]:
            names[n] = province_name(codes.iloc[n], "th")
        elif kinds[n] == "district" and places[n]:
            names[n] = district_index().by_code[places[n]].name_th
    values = text_series(names, frame.index)
    failed = values.isna().to_numpy() & types.isin(("organisation", "community")).to_numpy()  # others name themselves
    report(problems, "missing_unit_name", frame, failed, "unit_name")
    return Column(values, failed)


@provides("check", "units")
def check_assessments(raw: pd.DataFrame, context: CheckContext, problems: Problems) -> pd.DataFrame:
    """Resolve, parse and check every assessment row; return the good ones (``UNIT_COLUMNS``)."""
    frame = raw.reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=list(UNIT_COLUMNS))
    province = provinces(frame, context, problems)
    kind = words(frame, "unit_type", unit_type, "unknown_unit_type", problems)
    certified = words(frame, "level", lambda v: str(level(v)) if level(v) else None, "unknown_level", problems)
    year = fiscal_years(frame, province.values, context, problems)
    district = _districts(frame, province.values, kind.values, problems)
    name = _names(frame, province.values, kind.values, district.values, problems)
    score = scores(frame, problems)
    parts = (province, kind, certified, year, district, name, score)
    long = too_long(frame, "unit_name", context.settings.limits.max_name_chars, problems)
    bad = np.logical_or.reduce([p.failed for p in parts]) | long
    units = pd.DataFrame(
        {
            "province_code": province.values,
            "district_code": district.values,
            "unit_type": kind.values,
            "name": name.values,
            "fiscal_year": year.values.astype("int64"),
            "level": pd.to_numeric(certified.values).fillna(0).astype("int64"),
            "scores": score.values,
            "sheet": frame["sheet"],
            "row": frame["row"].astype("int64"),
            "file_id": None,  # given when the upload is stored
        }
    )[list(UNIT_COLUMNS)]
    good, good_raw = units.loc[~bad].reset_index(drop=True), frame.loc[~bad].reset_index(drop=True)
    units = good.loc[~duplicates(good, good_raw, problems)].reset_index(drop=True)
    cross_check(units, context.records, problems)
    return units
