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

from moral_metrics.checks.context import CheckContext
from moral_metrics.checks.units_rules import cross_check, duplicates, scores, start_years
from moral_metrics.model import UNIT_COLUMNS
from moral_metrics.parse.cells import at
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.parse.normalise import Parsed, is_blank, parse_year
from moral_metrics.reference.districts import Found, district_index, is_province_level
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.units import level, unit_type
from moral_metrics.reference.vocabulary import clean_text

NEEDS_DISTRICT = ("organisation", "community", "district")


def _column(frame: pd.DataFrame, role: str) -> pd.Series:
    return frame[role] if role in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _report(problems: Problems, code: str, frame: pd.DataFrame, failed: np.ndarray, role: str, **params) -> None:
    for n in np.flatnonzero(failed):
        row = frame.iloc[n]
        value = row.get(role)
        blank = is_blank(value)
        detail, value = ("blank", None) if blank else (None, value)
        problems.add(code, detail=detail, at=at(row, role), value=value, **params)


def _provinces(frame: pd.DataFrame, context: CheckContext, problems: Problems) -> np.ndarray:
    found = Distinct(_column(frame, "province"), context.provinces.resolve)
    frame["province_code"] = text_series(found.take(lambda p: getattr(p, "code", None)), frame.index)
    failed = frame["province_code"].isna().to_numpy()
    for n in np.flatnonzero(failed):
        row = frame.iloc[n]
        blank = is_blank(row["province"])
        suggestion = None if blank else context.provinces.suggest(row["province"])
        detail = "blank" if blank else None
        where = at(row, "province")
        problems.add("unknown_province", detail=detail, at=where, value=row["province"], suggestion=suggestion)
    return failed


def _words(frame: pd.DataFrame, problems: Problems) -> np.ndarray:
    """Unit type and level words; unknown or blank ones are errors."""
    frame["unit_type_code"] = text_series(per_value(_column(frame, "unit_type"), unit_type), frame.index)
    frame["level_value"] = per_value(_column(frame, "level"), lambda v: level(v) or 0, np.int64)
    bad_type = frame["unit_type_code"].isna().to_numpy()
    bad_level = frame["level_value"].to_numpy() == 0
    _report(problems, "unknown_unit_type", frame, bad_type, "unit_type")
    _report(problems, "unknown_level", frame, bad_level, "level")
    return bad_type | bad_level


def _part(parsed: Parsed, part: str) -> int:
    value = getattr(parsed.value, part, None) if parsed.ok else None
    return int(value) if value else 0


def _years(frame: pd.DataFrame, context: CheckContext, problems: Problems) -> np.ndarray:
    """Fiscal years (BE) in every form the tracker accepts; ``ปีที่ 2`` via the province's start."""
    v, starts = context.settings.validation, start_years(context)
    parsed = Distinct(_column(frame, "fiscal_year"), lambda value: parse_year(value, "fiscal_year"))
    years = parsed.take(lambda p: _part(p, "fiscal"), np.int64)
    program = parsed.take(lambda p: _part(p, "program"), np.int64)
    start = per_value(frame["province_code"], lambda c: starts.get(c, 0), np.int64)
    years = np.where((years == 0) & (program > 0) & (start > 0), start + program - 1, years)
    frame["fiscal_value"] = years
    failed = years == 0
    for n in np.flatnonzero(failed):
        row, result = frame.iloc[n], parsed.results[parsed.found[n]]
        detail = "blank" if is_blank(row.get("fiscal_year")) else None
        where = at(row, "fiscal_year")
        problems.add("bad_year", detail=detail, at=where, value=row.get("fiscal_year"), suggestion=result.suggestion)
    outside = ~failed & ((years < v.min_fiscal_year) | (years > v.max_fiscal_year))
    for n in np.flatnonzero(outside):
        row = frame.iloc[n]
        where, low, high = at(row, "fiscal_year"), v.min_fiscal_year, v.max_fiscal_year
        problems.add("bad_year", detail="fiscal", at=where, value=int(years[n]), low=low, high=high)
    return failed | outside


def _district(value: object, province: object) -> Found:
    """What a district cell names in its province; ``blank`` and ``province_level`` are kept apart
    so that the unit type decides whether they are a problem."""
    if not isinstance(province, str) or not province:  # the province is unknown (reported already)
        return Found()
    if value is not None and (found := district_index().written(value, province)) is not None:
        return Found(found)
    if is_blank(value):
        return Found(problem="blank")
    if is_province_level(value):
        return Found(problem="province_level")
    return district_index().resolve(value, province)


def _district_problem(problems: Problems, row: pd.Series, found: Found) -> None:
    where, value, province = at(row, "district"), row.get("district"), row["province_code"]
    if found.problem == "missing":
        problems.add("missing_district", at=where, unit_type=row["unit_type_code"])
    elif found.problem == "unknown":
        problems.add("unknown_district", at=where, value=value, suggestion=found.suggestion, province=province)
    elif found.problem == "ambiguous":
        problems.add("ambiguous_district", at=where, value=value, province=province, codes=list(found.choices))
    else:
        code = found.district.code if found.district else None
        other = found.other
        problems.add("district_other_province", at=where, value=value, province=province, other=other, district=code)


def _districts(frame: pd.DataFrame, problems: Problems) -> np.ndarray:
    """District codes; the rows whose district is missing, unknown, ambiguous or elsewhere."""
    found = Distinct.of_pairs(_column(frame, "district"), frame["province_code"], _district)
    kinds = frame["unit_type_code"].to_numpy(object)
    problem = found.take(lambda f: f.problem)
    needs = frame["unit_type_code"].isin(NEEDS_DISTRICT).to_numpy()
    missing = needs & ((problem == "blank") | ((problem == "province_level") & (kinds == "district")))
    wrong = needs & pd.Series(problem).isin(("unknown", "ambiguous", "other_province")).to_numpy()
    codes = found.take(lambda f: f.district.code if f.district and not f.problem else None)
    frame["district_code"] = text_series(np.where(needs, codes, None), frame.index)
    for n in np.flatnonzero(missing | wrong):
        result = found.results[found.found[n]]
        _district_problem(problems, frame.iloc[n], Found(problem="missing") if missing[n] else result)
    return missing | wrong


def _name(value: object) -> str | None:
    """A name as written, cleaned; a long printable one without stray spaces is clean already."""
    if isinstance(value, str) and len(value) > 12 and value.isprintable() and value == value.strip():
        return value if "  " not in value else clean_text(value)
    return None if is_blank(value) else clean_text(str(value))


def _names(frame: pd.DataFrame, problems: Problems) -> np.ndarray:
    """Unit names, cleaned; a province or district unit without one is named after itself."""
    names = per_value(_column(frame, "unit_name"), _name)
    kinds, districts = frame["unit_type_code"].to_numpy(object), frame["district_code"].to_numpy(object)
    provinces = frame["province_code"].to_numpy(object)
    for n in np.flatnonzero(pd.isna(names)):
        if kinds[n] == "province" and provinces[n]:
            names[n] = _province_name(provinces[n])
        elif kinds[n] == "district" and districts[n]:
            names[n] = district_index().by_code[districts[n]].name_th
    frame["name"] = text_series(names, frame.index)
    named = frame["unit_type_code"].isin(("organisation", "community")).to_numpy()  # the others name themselves
    failed = frame["name"].isna().to_numpy() & named
    _report(problems, "missing_unit_name", frame, failed, "unit_name")
    return failed


def _province_name(code: str) -> str:
    from moral_metrics.reference.provinces import province_index

    return province_index().by_code[code].name_th


def _units(good: pd.DataFrame) -> pd.DataFrame:
    units = pd.DataFrame(
        {
            "province_code": good["province_code"],
            "district_code": good["district_code"],
            "unit_type": good["unit_type_code"],
            "name": good["name"],
            "fiscal_year": good["fiscal_value"].astype("int64"),
            "level": good["level_value"].astype("int64"),
            "scores": good["scores"],
            "sheet": good["sheet"],
            "row": good["row"].astype("int64"),
        }
    )
    return units[list(UNIT_COLUMNS)].reset_index(drop=True)


def check_assessments(raw: pd.DataFrame, context: CheckContext, problems: Problems) -> pd.DataFrame:
    """Resolve, parse and check every assessment row; return the good ones (``UNIT_COLUMNS``)."""
    frame = raw.reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=list(UNIT_COLUMNS))
    bad = _provinces(frame, context, problems).copy()
    bad |= _words(frame, problems)
    bad |= _years(frame, context, problems)
    bad |= _districts(frame, problems)
    bad |= _names(frame, problems)
    bad |= scores(frame, problems)
    good = frame.loc[~bad]
    good = good.loc[~duplicates(good, problems)]
    units = _units(good)
    cross_check(units, context.records, problems)
    return units
