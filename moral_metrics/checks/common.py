"""Column checks every sheet kind shares, in the spirit of pandera's: each reads a column of the
raw table (``parse.cells`` shape: the value as typed in ``<role>``, its column in ``<role>_col``),
reports every failing cell with its position, and returns what it found as a ``Column``: a value
per row and the rows that failed. Nothing here writes into the table it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from moral_metrics.checks.context import CheckContext
from moral_metrics.parse.cells import at
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.parse.normalise import Parsed, is_blank, parse_year
from moral_metrics.reference.districts import Found, district_index, is_province_level
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.vocabulary import clean_text


@dataclass(frozen=True)
class Column:
    """What a column check found: ``values`` (one per row, None or 0 where none) and ``failed``."""

    values: pd.Series
    failed: np.ndarray

    @classmethod
    def of(cls, values: object, index: pd.Index, failed: np.ndarray | None = None) -> Column:
        series = values if isinstance(values, pd.Series) else pd.Series(values, index=index)
        return cls(series, np.zeros(len(index), dtype=bool) if failed is None else np.asarray(failed, dtype=bool))


def cells(frame: pd.DataFrame, role: str) -> pd.Series:
    """The raw cells of ``role`` (a column of None where the sheet has no such column)."""
    return frame[role] if role in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)


def report(problems: Problems, code: str, frame: pd.DataFrame, failed: np.ndarray, role: str, **params) -> None:
    """One message per failing row at its ``role`` cell (``blank`` when the cell is empty)."""
    for n in np.flatnonzero(failed):
        row = frame.iloc[n]
        value = row.get(role)
        detail, value = ("blank", None) if is_blank(value) else (None, value)
        problems.add(code, detail=detail, at=at(row, role), value=value, **params)


def words(
    frame: pd.DataFrame, role: str, read: Callable[[object], str | None], code: str, problems: Problems, **params
) -> Column:
    """A cell read as one of a vocabulary's codes; unknown or blank: ``code`` at the cell."""
    values = text_series(per_value(cells(frame, role), read), frame.index)
    failed = values.isna().to_numpy()
    report(problems, code, frame, failed, role, **params)
    return Column(values, failed)


def provinces(frame: pd.DataFrame, context: CheckContext, problems: Problems) -> Column:
    """Province codes; an unknown or blank province is an error with the nearest name suggested."""
    found = Distinct(cells(frame, "province"), context.provinces.resolve)
    codes = text_series(found.take(lambda p: getattr(p, "code", None)), frame.index)
    failed = codes.isna().to_numpy()
    for n in np.flatnonzero(failed):
        row = frame.iloc[n]
        blank = is_blank(row["province"])
        suggestion = None if blank else context.provinces.suggest(row["province"])
        where = at(row, "province")
        problems.add(
            "unknown_province",
            detail="blank" if blank else None,
            at=where,
            value=row["province"],
            suggestion=suggestion,
        )
    return Column(codes, failed)


def _part(parsed: Parsed, part: str) -> int:
    value = getattr(parsed.value, part, None) if parsed.ok else None
    return int(value) if value else 0


def fiscal_years(frame: pd.DataFrame, province_codes: pd.Series, context: CheckContext, problems: Problems) -> Column:
    """Fiscal years (BE) in every form a tracker writes them; ``ปีที่ 2`` through the province's
    start year. 0 where unreadable, blank or out of range (each an error at its cell)."""
    v, starts = context.settings.validation, context.programme_starts
    parsed = Distinct(cells(frame, "fiscal_year"), lambda value: parse_year(value, "fiscal_year"))
    years = parsed.take(lambda p: _part(p, "fiscal"), np.int64)
    program = parsed.take(lambda p: _part(p, "program"), np.int64)
    start = per_value(province_codes, lambda c: starts.get(c, 0), np.int64)
    years = np.where((years == 0) & (program > 0) & (start > 0), start + program - 1, years)
    failed = years == 0
    for n in np.flatnonzero(failed):
        row, result = frame.iloc[n], parsed.results[parsed.found[n]]
        detail = "blank" if is_blank(row.get("fiscal_year")) else None
        where = at(row, "fiscal_year")
        problems.add("bad_year", detail=detail, at=where, value=row.get("fiscal_year"), suggestion=result.suggestion)
    outside = ~failed & ((years < v.min_fiscal_year) | (years > v.max_fiscal_year))
    for n in np.flatnonzero(outside):
        where, low, high = at(frame.iloc[n], "fiscal_year"), v.min_fiscal_year, v.max_fiscal_year
        problems.add("bad_year", detail="fiscal", at=where, value=int(years[n]), low=low, high=high)
    return Column.of(np.where(outside, 0, years), frame.index, failed | outside)


def district_of(value: object, province: object) -> Found:
    """What a district cell names in its province; ``blank`` and ``province_level`` are kept apart
    so that the sheet kind decides whether they are a problem."""
    if not isinstance(province, str) or not province:  # the province is unknown (reported already)
        return Found()
    if value is not None and (found := district_index().written(value, province)) is not None:
        return Found(found)
    if is_blank(value):
        return Found(problem="blank")
    if is_province_level(value):
        return Found(problem="province_level")
    return district_index().resolve(value, province)


def district_problem(
    problems: Problems, row: pd.Series, province: str, found: Found, unit_type: str | None = None
) -> None:
    """The message for a district cell that is missing, unknown, ambiguous or of another province."""
    where, value = at(row, "district"), row.get("district")
    if found.problem == "missing":
        problems.add("missing_district", at=where, unit_type=unit_type)
    elif found.problem == "unknown":
        problems.add("unknown_district", at=where, value=value, suggestion=found.suggestion, province=province)
    elif found.problem == "ambiguous":
        problems.add("ambiguous_district", at=where, value=value, province=province, codes=list(found.choices))
    else:
        code = found.district.code if found.district else None
        problems.add(
            "district_other_province", at=where, value=value, province=province, other=found.other, district=code
        )


def clean_name(value: object) -> str | None:
    """A name as written, cleaned; a long printable one without stray spaces is clean already."""
    if isinstance(value, str) and len(value) > 12 and value.isprintable() and value == value.strip():
        return value if "  " not in value else clean_text(value)
    return None if is_blank(value) else clean_text(str(value))


def texts(frame: pd.DataFrame, role: str, problems: Problems | None = None) -> Column:
    """The cell cleaned, or None; with ``problems``, a blank one is an error (``missing_name``)."""
    values = text_series(per_value(cells(frame, role), clean_name), frame.index)
    failed = values.isna().to_numpy() if problems is not None else np.zeros(len(frame), dtype=bool)
    if problems is not None:
        report(problems, "missing_name", frame, failed, role, what=role)
    return Column(values, failed)


def too_long(frame: pd.DataFrame, role: str, limit: int, problems: Problems) -> np.ndarray:
    """Rows whose ``role`` cell holds more than ``limit`` characters: each an error at its cell."""

    def length(value: object) -> int:  # what is blank is asked only of a long value: most are short
        if value is None or (isinstance(value, float) and value != value):
            return 0
        text = value if isinstance(value, str) else str(value)
        return 0 if len(text) > limit and is_blank(text) else len(text)

    lengths = per_value(cells(frame, role), length, np.int64)
    failed = lengths > limit
    for n in np.flatnonzero(failed):
        problems.add("text_too_long", at=at(frame.iloc[n], role), role=role, limit=limit, length=int(lengths[n]))
    return failed
