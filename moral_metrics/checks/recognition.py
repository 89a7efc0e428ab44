"""Rules the honourees and events sheets share: dates, virtues, optional districts, participants.
Each reads a column of the raw table and returns what it found (``common.Column``), every wrong
cell reported with its position."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from moral_metrics.checks.common import Column, cells, district_of, district_problem
from moral_metrics.checks.context import CheckContext
from moral_metrics.parse.cells import at
from moral_metrics.parse.dates import ReadDate, parse_date
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.parse.normalise import is_blank, parse_number
from moral_metrics.reference.calendar import fiscal_year
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.recognition import nearest_virtue, virtues


@dataclass(frozen=True)
class Dates:
    """ISO dates (None where blank or wrong), their fiscal years (0 where none), failed rows."""

    values: pd.Series
    fiscal: np.ndarray
    failed: np.ndarray


def dates(frame: pd.DataFrame, role: str, context: CheckContext, problems: Problems, required: bool) -> Dates:
    """Unreadable, two-digit and out-of-range dates are errors; a BE year in a date cell a warning."""
    v = context.settings.validation
    found = Distinct(cells(frame, role), parse_date)
    values = text_series(found.take(lambda r: r.value.isoformat() if r.value else None), frame.index)
    fiscal = found.take(lambda r: fiscal_year(r.value) if r.value else 0, np.int64)

    def state(read: ReadDate) -> int:  # 0 fine, 1 a BE cell (fine, warned), 2 wrong
        blank_required = read.ok and read.value is None and required
        return 2 if not read.ok or blank_required or _outside(read, v) else int(read.shifted)

    flags = found.take(state, np.int8)
    for n in np.flatnonzero(flags > 0):
        _date_problem(frame.iloc[n], role, found.results[found.found[n]], v, problems)
    return Dates(values, fiscal, flags == 2)


def _outside(read: ReadDate, v) -> bool:
    return read.value is not None and not v.min_fiscal_year <= fiscal_year(read.value) <= v.max_fiscal_year


def _date_problem(row: pd.Series, role: str, read: ReadDate, v, problems: Problems) -> None:
    where = at(row, role)
    if read.shifted:
        problems.add("date_era", at=where, value=str(row[role]), read=read.value.isoformat())
    if not read.ok:
        detail = None if read.problem == "text" else read.problem
        problems.add("bad_date", detail=detail, at=where, value=row[role], suggestion=read.suggestion)
    elif read.value is None:
        problems.add("bad_date", detail="blank", at=where)
    elif _outside(read, v):
        low, high = v.min_fiscal_year, v.max_fiscal_year
        problems.add("bad_date", detail="range", at=where, value=read.value.isoformat(), low=low, high=high)


def virtue_lists(frame: pd.DataFrame, problems: Problems, required: bool) -> Column:
    """A list of virtue codes per row. Unknown words are errors (the nearest virtue suggested);
    so is a blank cell where virtues are ``required``."""
    found = Distinct(cells(frame, "virtues"), lambda v: ([], []) if is_blank(v) else virtues(v))
    values = text_series(found.take(lambda r: r[0]), frame.index)
    bad = found.take(lambda r: bool(r[1]) or (required and not r[0]), bool)
    for n in np.flatnonzero(bad):
        codes, unknown = found.results[found.found[n]]
        row = frame.iloc[n]
        for piece in unknown:
            problems.add("unknown_virtue", at=at(row, "virtues"), value=piece, suggestion=nearest_virtue(piece))
        if not codes and not unknown:
            problems.add("unknown_virtue", detail="blank", at=at(row, "virtues"))
    return Column(values, bad)


def districts(frame: pd.DataFrame, province_codes: pd.Series, problems: Problems) -> Column:
    """District codes: blank or "province level" is None; any other must be of the province."""
    found = Distinct.of_pairs(cells(frame, "district"), province_codes, district_of)
    problem = found.take(lambda f: f.problem)
    wrong = pd.Series(problem).isin(("unknown", "ambiguous", "other_province")).to_numpy()
    codes = found.take(lambda f: f.district.code if f.district and not f.problem else None)
    for n in np.flatnonzero(wrong):
        district_problem(problems, frame.iloc[n], province_codes.iloc[n], found.results[found.found[n]])
    return Column.of(text_series(np.where(wrong, None, codes), frame.index), frame.index, wrong)


def _count(value: object) -> int:
    """A whole number of people, -1 when it is not one (negative, text, a fraction); -2 blank."""
    if is_blank(value):
        return -2
    parsed = parse_number(value)
    ok = parsed.ok and float(parsed.value).is_integer() and parsed.value >= 0
    return int(parsed.value) if ok else -1


def participants(frame: pd.DataFrame, problems: Problems) -> Column:
    """A count or None; negative or non-numeric counts are errors."""
    counts = per_value(cells(frame, "participants"), _count, np.int64)
    values = pd.array(np.where(counts >= 0, counts, 0), dtype="Int64")
    values[counts < 0] = pd.NA
    bad = counts == -1
    for n in np.flatnonzero(bad):
        row = frame.iloc[n]
        number = parse_number(row["participants"])
        detail = "negative" if number.ok and number.value < 0 else None
        problems.add("bad_participants", detail=detail, at=at(row, "participants"), value=row["participants"])
    return Column(pd.Series(values, index=frame.index), bad)
