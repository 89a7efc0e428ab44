"""Check and normalise the raw tables: every problem is collected, none stops the others.

Works column by column on distinct values (a tracker repeats the same provinces, years and
indicators thousands of times), then reports each failing cell with its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from moral_metrics.checks.startyears import StartYears, derive_years
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.parse.headers import YEAR_ROLES
from moral_metrics.parse.normalise import Parsed, is_blank, parse_number, parse_year, parse_yes_no
from moral_metrics.reference.catalogue import Catalogue, kinds
from moral_metrics.reference.i18n import both
from moral_metrics.reference.messages import Message, column_letter, make
from moral_metrics.reference.provinces import ProvinceIndex
from moral_metrics.reference.settings import Settings

MEASURES = ("target", "actual")


@dataclass
class Checked:
    records: pd.DataFrame
    messages: list[Message] = field(default_factory=list)


def _col(row: Any, name: str) -> int | None:
    col = row.get(f"{name}_col")
    return None if col is None or pd.isna(col) or int(col) < 0 else int(col)


def _at(row: Any, role: str) -> dict[str, Any]:
    """Where a row's cell for ``role`` is, as keyword arguments of ``make``."""
    return {"sheet": row["sheet"], "row": int(row["row"]), "col": _col(row, role)}


def _unknown(code: str, row: Any, role: str, suggest) -> Message:
    value = row[role]
    blank = is_blank(value)
    return make(
        code,
        detail="blank" if blank else None,
        value=value,
        suggestion=None if blank else suggest(value),
        **_at(row, role),
    )


def _resolve(frame: pd.DataFrame, index: ProvinceIndex, catalogue: Catalogue, out: list[Message]) -> pd.Series:
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
            out.append(_unknown("unknown_province", row, "province", index.suggest))
        if row["indicator_code"] is None:
            out.append(_unknown("unknown_indicator", row, "indicator", catalogue.suggest))
    return bad


def _year_of(parsed: Parsed, part: str) -> float:
    value = getattr(parsed.value, part, None) if parsed.ok else None
    return np.nan if value is None else float(value)


def _years(frame: pd.DataFrame, out: list[Message]) -> pd.Series:
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
            out.append(make("bad_year", value=row[role], suggestion=suggestions[n], **_at(row, role)))
        bad |= failed
    frame["given_program"], frame["given_fiscal"] = program, fiscal
    no_year = np.isnan(program) & np.isnan(fiscal) & ~bad
    for n in np.flatnonzero(no_year):
        out.append(make("bad_year", detail="blank", **_at(frame.iloc[n], present[0] if present else "year")))
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


def _value_problem(row: Any, measure: str, parsed: Parsed) -> Message:
    negative = parsed.problem == "negative"
    return make(
        "negative_value" if negative else "bad_number",
        detail=None if negative else parsed.problem,
        value=row[measure],
        suggestion=parsed.suggestion,
        kind_name=both(f"kind.{row['kind']}"),
        **_at(row, measure),
    )


def _values(frame: pd.DataFrame, catalogue: Catalogue, out: list[Message]) -> pd.Series:
    kind_of = {i.code: i.kind for i in catalogue.indicators}
    frame["kind"] = text_series(per_value(frame["indicator_code"], lambda c: kind_of.get(c, "count")), frame.index)
    bad = np.zeros(len(frame), dtype=bool)
    for measure in MEASURES:
        parsed = Distinct.of_pairs(frame[measure], frame["kind"], _parse_value)
        frame[f"{measure}_value"] = parsed.take(lambda p: p.value if p.ok and p.value is not None else np.nan, float)
        failed = ~parsed.take(lambda p: p.ok, bool)
        for n in np.flatnonzero(failed):
            out.append(_value_problem(frame.iloc[n], measure, parsed.results[parsed.found[n]]))
        bad |= failed
    return pd.Series(bad, index=frame.index)


def _duplicates(frame: pd.DataFrame, out: list[Message]) -> pd.Series:
    """Keep the first of repeated rows; a repeat with the same values is a warning, else an error."""
    keys = ["province_code", "program_year", "indicator_code"]
    repeated = frame.duplicated(keys, keep="first")
    if not repeated.any():
        return repeated
    firsts = frame.loc[~repeated].set_index(keys)
    for _, row in frame.loc[repeated].iterrows():
        first = firsts.loc[tuple(row[k] for k in keys)]
        same = all(_same(row[f"{m}_value"], first[f"{m}_value"]) for m in MEASURES)
        col = _col(first, "indicator")
        ref = f"{first['sheet']}!{column_letter(col) if col is not None else ''}{int(first['row'])}"
        out.append(
            make(
                "duplicate_same" if same else "duplicate_conflict",
                value=row["indicator"],
                province=row["province_th"],
                year=int(row["program_year"]),
                indicator=row["indicator_code"],
                first=ref,
                **_at(row, "indicator"),
            )
        )
    return repeated


def _same(a: float, b: float) -> bool:
    return (pd.isna(a) and pd.isna(b)) or a == b


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _warnings(frame: pd.DataFrame, settings: Settings, out: list[Message]) -> None:
    ratio = settings.validation.outlier_ratio
    target, actual = frame["target_value"], frame["actual_value"]
    for _, row in frame.loc[target.notna() & actual.isna()].iterrows():
        out.append(
            make(
                "missing_actual",
                province=row["province_th"],
                year=int(row["program_year"]),
                indicator=row["indicator_code"],
                **_at(row, "actual"),
            )
        )
    for _, row in frame.loc[(target > 0) & (actual > ratio * target)].iterrows():
        out.append(
            make(
                "outlier",
                value=row["actual_value"],
                target=_num(row["target_value"]),
                ratio=_num(ratio),
                **_at(row, "actual"),
            )
        )


def check_progress(
    frame: pd.DataFrame, starts: StartYears, index: ProvinceIndex, catalogue: Catalogue, settings: Settings
) -> Checked:
    """Resolve, parse and derive every progress row; return clean records and all messages."""
    out: list[Message] = []
    frame = frame.reset_index(drop=True)
    bad = _resolve(frame, index, catalogue, out)
    bad |= _years(frame, out)
    bad |= _values(frame, catalogue, out)
    bad |= derive_years(frame, bad, starts, settings, out)
    good = frame.loc[~bad].copy()
    good = good.loc[~_duplicates(good, out)]
    _warnings(good, settings, out)
    return Checked(good, out)
