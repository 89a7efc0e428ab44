"""Rules shared by the honourees and events sheets: dates, virtues, kinds, optional districts,
names, participants. Each reads a column of the raw table, adds its values to ``frame`` and
returns the rows it found wrong (every wrong cell reported with its position).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.checks.assessments import _column as column
from moral_metrics.checks.assessments import _district, _district_problem, _name, _report
from moral_metrics.checks.context import CheckContext
from moral_metrics.parse.cells import at
from moral_metrics.parse.dates import ReadDate, fiscal_year, parse_date
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.parse.normalise import is_blank, parse_number
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.recognition import nearest_virtue, virtues, word


def dates(frame: pd.DataFrame, role: str, context: CheckContext, problems: Problems, required: bool) -> np.ndarray:
    """``<role>_value``: ISO dates (or None); ``<role>_fiscal``: their fiscal years (0 when none).
    Unreadable, two-digit and out-of-range dates are errors, a BE year in a date cell a warning."""
    v = context.settings.validation
    found = Distinct(column(frame, role), parse_date)
    frame[f"{role}_value"] = text_series(found.take(lambda r: r.value.isoformat() if r.value else None), frame.index)
    frame[f"{role}_fiscal"] = found.take(lambda r: fiscal_year(r.value) if r.value else 0, np.int64)

    def state(read: ReadDate) -> int:  # 0 fine, 1 a BE cell (fine, warned), 2 wrong
        blank_required = read.ok and read.value is None and required
        return 2 if not read.ok or blank_required or _outside(read, v) else int(read.shifted)

    flags = found.take(state, np.int8)
    for n in np.flatnonzero(flags > 0):
        _date_problem(frame.iloc[n], role, found.results[found.found[n]], v, problems)
    return flags == 2


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


def virtue_lists(frame: pd.DataFrame, problems: Problems, required: bool) -> np.ndarray:
    """``virtue_codes``: a list of virtue codes per row. Unknown words are errors (with the
    nearest virtue as the suggestion); so is a blank cell where virtues are ``required``."""
    found = Distinct(column(frame, "virtues"), lambda v: ([], []) if is_blank(v) else virtues(v))
    frame["virtue_codes"] = text_series(found.take(lambda r: r[0]), frame.index)
    bad = found.take(lambda r: bool(r[1]) or (required and not r[0]), bool)
    for n in np.flatnonzero(bad):
        codes, unknown = found.results[found.found[n]]
        row = frame.iloc[n]
        for piece in unknown:
            problems.add("unknown_virtue", at=at(row, "virtues"), value=piece, suggestion=nearest_virtue(piece))
        if not codes and not unknown:
            problems.add("unknown_virtue", detail="blank", at=at(row, "virtues"))
    return bad


def kinds(frame: pd.DataFrame, group: str, problems: Problems) -> np.ndarray:
    """``kind_code`` from the words of ``group`` (honouree_kind, event_kind); unknown or blank: errors."""
    frame["kind_code"] = text_series(per_value(column(frame, "kind"), lambda v: word(group, v)), frame.index)
    bad = frame["kind_code"].isna().to_numpy()
    _report(problems, "unknown_kind", frame, bad, "kind", sheet_kind=group)
    return bad


def districts(frame: pd.DataFrame, problems: Problems) -> np.ndarray:
    """``district_code``: blank or "province level" is None; any other must be in the province."""
    found = Distinct.of_pairs(column(frame, "district"), frame["province_code"], _district)
    problem = found.take(lambda f: f.problem)
    frame["district_code"] = text_series(found.take(lambda f: f.district.code if f.district else None), frame.index)
    wrong = pd.Series(problem).isin(("unknown", "ambiguous", "other_province")).to_numpy()
    for n in np.flatnonzero(wrong):
        _district_problem(problems, frame.iloc[n], found.results[found.found[n]])
    frame.loc[wrong, "district_code"] = None
    return wrong


def texts(frame: pd.DataFrame, role: str, problems: Problems | None = None) -> np.ndarray:
    """``<role>_text``: the cell cleaned, or None. With ``problems``, a blank one is an error."""
    values = per_value(column(frame, role), _name)  # a long clean name is taken as it is
    frame[f"{role}_text"] = text_series(values, frame.index)
    bad = pd.isna(values).astype(bool) if problems is not None else np.zeros(len(frame), dtype=bool)
    if problems is not None:
        _report(problems, "missing_name", frame, bad, role, what=role)
    return bad


def _count(value: object) -> int:
    """A whole number of people, -1 when it is not one (negative, text, a fraction); -2 blank."""
    if is_blank(value):
        return -2
    parsed = parse_number(value)
    ok = parsed.ok and float(parsed.value).is_integer() and parsed.value >= 0
    return int(parsed.value) if ok else -1


def participants(frame: pd.DataFrame, problems: Problems) -> np.ndarray:
    """``participant_count``: a count or None; negative or non-numeric counts are errors."""
    counts = per_value(column(frame, "participants"), _count, np.int64)
    frame["participant_count"] = pd.array(np.where(counts >= 0, counts, 0), dtype="Int64")
    frame.loc[counts < 0, "participant_count"] = pd.NA
    bad = counts == -1
    for n in np.flatnonzero(bad):
        row = frame.iloc[n]
        number = parse_number(row["participants"])
        detail = "negative" if number.ok and number.value < 0 else None
        problems.add("bad_participants", detail=detail, at=at(row, "participants"), value=row["participants"])
    return bad
