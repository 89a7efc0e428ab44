"""Check and normalise the progress rows: every problem is collected, none stops the others.

Works column by column on distinct values (a tracker repeats the same provinces, years and
indicators thousands of times), then reports each failing cell with its position.

Contract: ``check_progress`` takes the raw progress table (``parse.cells`` shape: province, year
roles, indicator or indicator_code, target, actual, note, each with ``_col``) and returns the
good rows with these columns added: province_code/_th/_en, indicator_code, kind,
target_value, actual_value, given_program, given_fiscal, start_year, program_year, fiscal_year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from moral_metrics.checks.common import too_long
from moral_metrics.checks.startyears import StartYears, derive_years
from moral_metrics.parse.cells import at
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.parse.headers import MEASURES, YEAR_ROLES
from moral_metrics.parse.normalise import Parsed, is_blank, parse_number, parse_year, parse_yes_no
from moral_metrics.reference.catalogue import Catalogue, kinds
from moral_metrics.reference.formats import number_text, same_value
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.provinces import ProvinceIndex
from moral_metrics.reference.settings import Settings


@dataclass(frozen=True)
class Checked:
    records: pd.DataFrame  # the good rows, with the columns named in the module's contract
    derived_starts: dict[str, int]  # start years implied by the rows, for provinces without one
    assumed: frozenset[str]  # provinces whose start year is only their earliest fiscal year


def _unknown(problems: Problems, code: str, row: pd.Series, role: str, suggest) -> None:
    value = row[role]
    blank = is_blank(value)
    problems.add(
        code,
        detail="blank" if blank else None,
        at=at(row, role),
        value=value,
        suggestion=None if blank else suggest(value),
    )


def _resolve(frame: pd.DataFrame, index: ProvinceIndex, catalogue: Catalogue, problems: Problems) -> pd.Series:
    """Province and indicator codes and names; a row that names neither is flagged bad."""
    provinces = Distinct(frame["province"], index.resolve)
    for column, getter in (("province_code", "code"), ("province_th", "name_th"), ("province_en", "name_en")):
        frame[column] = text_series(provinces.take(lambda p, g=getter: getattr(p, g, None)), frame.index)
    named = frame["indicator_code"].notna().to_numpy()
    found = per_value(frame["indicator"], lambda v: getattr(catalogue.resolve(v), "code", None))
    frame["indicator_code"] = text_series(np.where(named, frame["indicator_code"].to_numpy(object), found), frame.index)
    bad = frame["province_code"].isna() | frame["indicator_code"].isna()
    for _, row in frame.loc[bad].iterrows():
        if row["province_code"] is None:
            _unknown(problems, "unknown_province", row, "province", index.suggest)
        if row["indicator_code"] is None:
            _unknown(problems, "unknown_indicator", row, "indicator", catalogue.suggest)
    return bad


def _year_of(parsed: Parsed, part: str) -> float:
    value = getattr(parsed.value, part, None) if parsed.ok else None
    return np.nan if value is None else float(value)


def _years(frame: pd.DataFrame, problems: Problems) -> pd.Series:
    """Given programme and fiscal years per row (before derivation); flags unreadable ones."""
    program, fiscal = np.full(len(frame), np.nan), np.full(len(frame), np.nan)
    bad = np.zeros(len(frame), dtype=bool)
    present = [r for r in YEAR_ROLES if r in frame]
    for role in present:
        parsed = Distinct(frame[role], lambda v, hint=role: parse_year(v, hint))
        program = np.where(np.isnan(program), parsed.take(lambda p: _year_of(p, "program"), float), program)
        fiscal = np.where(np.isnan(fiscal), parsed.take(lambda p: _year_of(p, "fiscal"), float), fiscal)
        failed = ~parsed.take(lambda p: p.ok, bool)
        suggestions = parsed.take(lambda p: p.suggestion)
        for n in np.flatnonzero(failed):
            row = frame.iloc[n]
            problems.add("bad_year", at=at(row, role), value=row[role], suggestion=suggestions[n])
        bad |= failed
    frame["given_program"], frame["given_fiscal"] = program, fiscal
    no_year = np.isnan(program) & np.isnan(fiscal) & ~bad
    for n in np.flatnonzero(no_year):
        problems.add("bad_year", detail="blank", at=at(frame.iloc[n], present[0] if present else "year"))
    return pd.Series(bad | no_year, index=frame.index)


def _parse_value(value: object, kind: str) -> Parsed:
    parsed = parse_yes_no(value) if kind == "yesno" else parse_number(value)
    if not parsed.ok or parsed.value is None:
        return parsed
    spec = kinds()[kind]
    if parsed.value < 0:
        return Parsed(problem="negative")
    if parsed.value < spec.low or (spec.high is not None and parsed.value > spec.high):
        return Parsed(problem="range")
    return parsed


def _value_problem(problems: Problems, row: pd.Series, measure: str, parsed: Parsed) -> None:
    negative = parsed.problem == "negative"
    problems.add(
        "negative_value" if negative else "bad_number",
        detail=None if negative else parsed.problem,
        at=at(row, measure),
        value=row[measure],
        suggestion=parsed.suggestion,
        kind=row["kind"],
    )


def _values(frame: pd.DataFrame, catalogue: Catalogue, problems: Problems) -> pd.Series:
    kind_of = {i.code: i.kind for i in catalogue.indicators}
    frame["kind"] = text_series(per_value(frame["indicator_code"], lambda c: kind_of.get(c, "count")), frame.index)
    bad = np.zeros(len(frame), dtype=bool)
    for measure in MEASURES:
        parsed = Distinct.of_pairs(frame[measure], frame["kind"], _parse_value)
        frame[f"{measure}_value"] = parsed.take(lambda p: p.value if p.ok and p.value is not None else np.nan, float)
        failed = ~parsed.take(lambda p: p.ok, bool)
        for n in np.flatnonzero(failed):
            _value_problem(problems, frame.iloc[n], measure, parsed.results[parsed.found[n]])
        bad |= failed
    return pd.Series(bad, index=frame.index)


def _duplicates(frame: pd.DataFrame, problems: Problems) -> pd.Series:
    """Keep the first of repeated rows; a repeat with the same values is a warning, else an error."""
    keys = ["province_code", "program_year", "indicator_code"]
    repeated = frame.duplicated(keys, keep="first")
    if not repeated.any():
        return repeated
    firsts = frame.loc[~repeated].set_index(keys)
    for _, row in frame.loc[repeated].iterrows():
        first = firsts.loc[tuple(row[k] for k in keys)]
        same = all(same_value(row[f"{m}_value"], first[f"{m}_value"]) for m in MEASURES)
        problems.add(
            "duplicate_same" if same else "duplicate_conflict",
            at=at(row, "indicator"),
            value=row["indicator"],
            province=row["province_code"],
            year=int(row["program_year"]),
            indicator=row["indicator_code"],
            first=at(first, "indicator").ref,
        )
    return repeated


def _warnings(frame: pd.DataFrame, settings: Settings, problems: Problems) -> None:
    ratio = settings.validation.outlier_ratio
    target, actual = frame["target_value"], frame["actual_value"]
    for row in frame.loc[target.notna() & actual.isna()].to_dict("records"):  # dicts: no Series per row
        problems.add(
            "missing_actual",
            at=at(row, "actual"),
            province=row["province_code"],
            year=int(row["program_year"]),
            indicator=row["indicator_code"],
        )
    for row in frame.loc[(target > 0) & (actual > ratio * target)].to_dict("records"):
        problems.add(
            "outlier",
            at=at(row, "actual"),
            value=row["actual_value"],
            target=number_text(row["target_value"], grouping=False),
            ratio=number_text(ratio, grouping=False),
        )


def _long_notes(frame: pd.DataFrame, limit: int, problems: Problems) -> np.ndarray:
    """Notes over ``limit`` characters: an error at the cell, once per sheet row (a wide row is
    one record per indicator, all sharing the note)."""
    if "note" not in frame or frame.empty:
        return np.zeros(len(frame), dtype=bool)
    firsts = frame.drop_duplicates(["sheet", "row"])
    long = too_long(firsts, "note", limit, problems)
    if not long.any():
        return np.zeros(len(frame), dtype=bool)
    keys = set(zip(firsts["sheet"].to_numpy()[long], firsts["row"].to_numpy()[long], strict=True))
    return np.fromiter((k in keys for k in zip(frame["sheet"], frame["row"], strict=True)), bool, len(frame))


def check_progress(
    raw: pd.DataFrame,
    starts: StartYears,
    index: ProvinceIndex,
    catalogue: Catalogue,
    settings: Settings,
    problems: Problems,
) -> Checked:
    """Resolve, parse and derive every progress row; return the clean rows (see the contract)."""
    frame = raw.reset_index(drop=True)  # a copy: the caller's table is left as it was
    bad = _resolve(frame, index, catalogue, problems)
    bad |= _years(frame, problems)
    bad |= _values(frame, catalogue, problems)
    bad |= _long_notes(frame, settings.limits.max_text_chars, problems)
    derived = derive_years(frame, bad, starts, settings, problems)
    frame = frame.drop(columns=derived.columns.columns, errors="ignore").join(derived.columns)  # derived years win
    bad |= derived.flagged
    good = frame.loc[~bad].copy()
    good = good.loc[~_duplicates(good, problems)]
    _warnings(good, settings, problems)
    return Checked(good, derived.starts, derived.assumed)
