"""Start years of provinces, and programme year <-> fiscal year through them.

Programme year 1 of a province is its start fiscal year; year p is start + p - 1. A row that
gives both must agree; a province with no start year takes the year its rows imply, or else its
earliest fiscal year (with a warning, because that is an assumption).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from moral_metrics.parse.cells import at, column_of
from moral_metrics.parse.normalise import is_blank, parse_number, parse_year
from moral_metrics.reference.formats import year_text
from moral_metrics.reference.messages import Position, Problems
from moral_metrics.reference.provinces import ProvinceIndex
from moral_metrics.reference.settings import Settings


@dataclass(frozen=True)
class StartYears:
    """What the provinces sheet(s) say; read once, never changed afterwards."""

    years: dict[str, int] = field(default_factory=dict)  # province code -> BE year
    networks: dict[str, float] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    listed: list[str] = field(default_factory=list)  # codes in the provinces sheet, in order
    cells: dict[str, Position] = field(default_factory=dict)  # code -> its first cell in that sheet


@dataclass(frozen=True)
class Derived:
    columns: pd.DataFrame  # start_year, program_year, fiscal_year for every row
    flagged: pd.Series  # rows with a year conflict or a year out of range
    starts: dict[str, int]  # start years worked out from the rows (for provinces without one)
    assumed: frozenset[str]  # of those, the ones that are only the earliest fiscal year


def read_start_years(frame: pd.DataFrame, index: ProvinceIndex, settings: Settings, problems: Problems) -> StartYears:
    """The provinces sheet(s): province, start fiscal year, optional networks and region."""
    starts = StartYears()
    for row in frame.to_dict("records"):
        province = index.resolve(row.get("province", ""))
        if province is None:
            name, blank = row.get("province", ""), is_blank(row.get("province", ""))
            suggestion = None if blank else index.suggest(name)
            problems.add(
                "unknown_province",
                detail="blank" if blank else None,
                at=at(row, "province"),
                value=name,
                suggestion=suggestion,
            )
            continue
        if province.code not in starts.listed:
            starts.listed.append(province.code)
            starts.cells[province.code] = at(row, "province")
        _start_year(row, province.code, starts, settings, problems)
        _extras(row, province.code, starts, problems)
    return starts


def _start_year(row: dict, code: str, starts: StartYears, settings: Settings, problems: Problems) -> None:
    v = settings.validation
    raw, where = row.get("start_year", ""), at(row, "start_year")
    parsed = parse_year(raw, "fiscal_year")
    fiscal = parsed.value.fiscal if parsed.ok and parsed.value else None
    if not parsed.ok or (parsed.value and parsed.value.program is not None and fiscal is None):
        problems.add("bad_year", at=where, value=raw, suggestion=parsed.suggestion)
    elif fiscal is not None and not v.min_fiscal_year <= fiscal <= v.max_fiscal_year:
        problems.add("bad_year", detail="fiscal", at=where, value=raw, low=v.min_fiscal_year, high=v.max_fiscal_year)
    elif fiscal is not None:
        if code in starts.years and starts.years[code] != fiscal:
            problems.add("year_conflict", detail="start", at=where, value=raw, province=code, other=starts.years[code])
        starts.years[code] = fiscal


def _extras(row: dict, code: str, starts: StartYears, problems: Problems) -> None:
    raw = row.get("networks", "")
    if not is_blank(raw):
        parsed = parse_number(raw)
        if parsed.ok and parsed.value is not None:
            starts.networks[code] = parsed.value
        else:
            problems.add("bad_number", at=at(row, "networks"), value=raw, suggestion=parsed.suggestion)
    region = row.get("region", "")
    if not is_blank(region):
        starts.regions[code] = str(region).strip()


def _start_for(group: pd.DataFrame, given: int | None) -> tuple[float, bool]:
    if given is not None:
        return float(given), False
    implied = (group["given_fiscal"] - group["given_program"] + 1).dropna()
    if not implied.empty:
        return float(implied.min()), False
    fiscal = group["given_fiscal"].dropna()
    return (float(fiscal.min()), True) if not fiscal.empty else (np.nan, False)


def _starts(frame: pd.DataFrame, bad: pd.Series, starts: StartYears, problems: Problems) -> Derived:
    """Each row's start year; provinces without a given one take it from their rows."""
    good = frame.loc[~bad]
    start = pd.Series(np.nan, index=frame.index)
    found: dict[str, int] = {}
    assumed: set[str] = set()
    for code, group in good.groupby("province_code"):
        year, guessed = _start_for(group, starts.years.get(code))
        start[group.index] = year
        if np.isnan(year) or code in starts.years:
            continue
        found[code] = int(year)
        if guessed:
            assumed.add(code)
            first = group.loc[group["given_fiscal"] == year].iloc[0]
            problems.add("assumed_start_year", at=at(first), province=code, year=int(year))
    return Derived(pd.DataFrame({"start_year": start}), pd.Series(False, index=frame.index), found, frozenset(assumed))


def derive_years(
    frame: pd.DataFrame, bad: pd.Series, starts: StartYears, settings: Settings, problems: Problems
) -> Derived:
    """Programme and fiscal year of every good row; conflicts and ranges are flagged."""
    base = _starts(frame, bad, starts, problems)
    start = base.columns["start_year"]
    expected = frame["given_fiscal"] - start + 1
    columns = pd.DataFrame(
        {
            "start_year": start,
            "program_year": frame["given_program"].fillna(expected),
            "fiscal_year": frame["given_fiscal"].fillna(start + frame["given_program"] - 1),
        }
    )
    rows = frame[[c for c in frame.columns if c not in columns.columns]].join(columns)
    conflict = ~bad & frame["given_program"].notna() & expected.notna() & (frame["given_program"] != expected)
    flagged = conflict | _ranges(rows, bad | conflict, settings, problems)
    for row in rows.loc[conflict].to_dict("records"):
        problems.add(
            "year_conflict",
            at=at(row, _year_role(row)),
            value=year_text(row["given_program"]),
            program=year_text(row["given_program"]),
            fiscal=year_text(row["given_fiscal"]),
            start=year_text(row["start_year"]),
            expected=year_text(row["start_year"] + row["given_program"] - 1),
            suggestion=year_text(row["given_fiscal"] - row["start_year"] + 1),
        )
    return Derived(columns, flagged, base.starts, base.assumed)


def _ranges(frame: pd.DataFrame, skip: pd.Series, settings: Settings, problems: Problems) -> pd.Series:
    v = settings.validation
    program, fiscal = frame["program_year"], frame["fiscal_year"]
    out_fiscal = ~skip & fiscal.notna() & ((fiscal < v.min_fiscal_year) | (fiscal > v.max_fiscal_year))
    before = ~skip & ~out_fiscal & (program < v.min_program_year) & frame["given_program"].isna()
    over = ~skip & ~out_fiscal & ~before & ((program < v.min_program_year) | (program > v.max_program_year))
    checks = (  # (rows, message detail, cell column, shown value, extra parameters)
        (before, "before_start", "fiscal", "given_fiscal", lambda r: {"start": year_text(r["start_year"])}),
        (over, "program", "program", "program_year", lambda r: {"low": v.min_program_year, "high": v.max_program_year}),
        (
            out_fiscal,
            "fiscal",
            "fiscal",
            "fiscal_year",
            lambda r: {"low": v.min_fiscal_year, "high": v.max_fiscal_year},
        ),
    )
    for rows, detail, prefer, shown, extra in checks:
        for row in frame.loc[rows].to_dict("records"):
            where = at(row, _year_role(row, prefer))
            problems.add("bad_year", detail=detail, at=where, value=year_text(row[shown]), **extra(row))
    return before | over | out_fiscal


def _year_role(row: dict, prefer: str = "program") -> str | None:
    order = ("program_year", "fiscal_year", "year") if prefer == "program" else ("fiscal_year", "year", "program_year")
    return next((role for role in order if column_of(row, role) is not None), None)


def programme_starts(records: pd.DataFrame, starts: StartYears) -> dict[str, int]:
    """Each province's fiscal year of programme year 1: the provinces sheet, else its progress rows."""
    derived: dict[str, int] = {}
    if not records.empty:
        first = (records["fiscal_year"] - records["program_year"] + 1).groupby(records["province_code"]).min()
        derived = {code: int(year) for code, year in first.dropna().items()}
    return derived | starts.years
