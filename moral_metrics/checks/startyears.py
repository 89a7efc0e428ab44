"""Start years of provinces, and programme year <-> fiscal year through them.

Programme year 1 of a province is its start fiscal year; year p is start + p - 1. A row that
gives both must agree; a province with no start year takes the year its rows imply, or else its
earliest fiscal year (with a warning, because that is an assumption).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from moral_metrics.parse.normalise import is_blank, parse_number, parse_year
from moral_metrics.reference.messages import Message, make
from moral_metrics.reference.provinces import ProvinceIndex
from moral_metrics.reference.settings import Settings


@dataclass
class StartYears:
    years: dict[str, int] = field(default_factory=dict)  # province code -> BE year
    assumed: set[str] = field(default_factory=set)
    networks: dict[str, float] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    listed: list[str] = field(default_factory=list)  # codes in the provinces sheet, in order


def _cell(row: dict, role: str) -> tuple[object, int | None]:
    value, col = row.get(role, ("", None))
    return value, col


def read_start_years(frame: pd.DataFrame, index: ProvinceIndex, settings: Settings, out: list[Message]) -> StartYears:
    """The provinces sheet(s): province, start fiscal year, optional networks and region."""
    starts, seen = StartYears(), {}
    v = settings.validation
    for row in frame.to_dict("records"):
        where = {"sheet": row["sheet"], "row": row["row"]}
        name, col = _cell(row, "province")
        province = index.resolve(name)
        if province is None:
            blank = is_blank(name)
            out.append(
                make(
                    "unknown_province",
                    detail="blank" if blank else None,
                    col=col,
                    value=name,
                    suggestion=None if blank else index.suggest(name),
                    **where,
                )
            )
            continue
        if province.code not in starts.listed:
            starts.listed.append(province.code)
        raw, col = _cell(row, "start_year")
        parsed = parse_year(raw, "fiscal_year")
        fiscal = parsed.value.fiscal if parsed.ok and parsed.value else None
        if not parsed.ok or (parsed.value and parsed.value.program is not None and fiscal is None):
            out.append(make("bad_year", col=col, value=raw, suggestion=parsed.suggestion, **where))
        elif fiscal is not None and not v.min_fiscal_year <= fiscal <= v.max_fiscal_year:
            out.append(
                make("bad_year", detail="fiscal", col=col, value=raw, low=v.min_fiscal_year, high=v.max_fiscal_year)
            )
        elif fiscal is not None:
            if province.code in seen and seen[province.code] != fiscal:
                out.append(
                    make(
                        "year_conflict",
                        detail="start",
                        col=col,
                        value=raw,
                        province=province.name_th,
                        other=seen[province.code],
                        **where,
                    )
                )
            seen[province.code] = fiscal
            starts.years[province.code] = fiscal
        _extras(row, province.code, starts, out)
    return starts


def _extras(row: dict, code: str, starts: StartYears, out: list[Message]) -> None:
    raw, col = _cell(row, "networks")
    if not is_blank(raw):
        parsed = parse_number(raw)
        if parsed.ok and parsed.value is not None:
            starts.networks[code] = parsed.value
        else:
            out.append(
                make("bad_number", sheet=row["sheet"], row=row["row"], col=col, value=raw, suggestion=parsed.suggestion)
            )
    region, _ = _cell(row, "region")
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


def derive_years(
    frame: pd.DataFrame, bad: pd.Series, starts: StartYears, settings: Settings, out: list[Message]
) -> pd.Series:
    """Fill ``program_year`` and ``fiscal_year`` on every good row; flag conflicts and ranges."""
    good = frame.loc[~bad]
    start = pd.Series(np.nan, index=frame.index)
    for code, group in good.groupby("province_code"):
        year, assumed = _start_for(group, starts.years.get(code))
        start[group.index] = year
        if assumed:
            starts.assumed.add(code)
            starts.years[code] = int(year)
            first = group.loc[group["given_fiscal"] == year].iloc[0]
            out.append(
                make(
                    "assumed_start_year",
                    sheet=first["sheet"],
                    row=int(first["row"]),
                    province=first.get("province_th") or code,
                    year=int(year),
                )
            )
        elif code not in starts.years and not np.isnan(year):
            starts.years[code] = int(year)
    frame["start_year"] = start
    expected = frame["given_fiscal"] - start + 1
    frame["program_year"] = frame["given_program"].fillna(expected)
    frame["fiscal_year"] = frame["given_fiscal"].fillna(start + frame["given_program"] - 1)
    conflict = ~bad & frame["given_program"].notna() & expected.notna() & (frame["given_program"] != expected)
    flagged = conflict | _ranges(frame, bad | conflict, settings, out)
    for row in frame.loc[conflict].to_dict("records"):
        out.append(
            make(
                "year_conflict",
                sheet=row["sheet"],
                row=row["row"],
                col=_year_col(row),
                value=_n(row["given_program"]),
                program=_n(row["given_program"]),
                fiscal=_n(row["given_fiscal"]),
                start=_n(row["start_year"]),
                expected=_n(row["start_year"] + row["given_program"] - 1),
                suggestion=_n(row["given_fiscal"] - row["start_year"] + 1),
            )
        )
    return flagged


def _ranges(frame: pd.DataFrame, skip: pd.Series, settings: Settings, out: list[Message]) -> pd.Series:
    v = settings.validation
    program, fiscal = frame["program_year"], frame["fiscal_year"]
    out_fiscal = ~skip & fiscal.notna() & ((fiscal < v.min_fiscal_year) | (fiscal > v.max_fiscal_year))
    before = ~skip & ~out_fiscal & (program < v.min_program_year) & frame["given_program"].isna()
    over = ~skip & ~out_fiscal & ~before & ((program < v.min_program_year) | (program > v.max_program_year))
    checks = (  # (rows, message detail, cell column, shown value, extra placeholders)
        (before, "before_start", "fiscal", "given_fiscal", lambda r: {"start": _n(r["start_year"])}),
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
            out.append(
                make(
                    "bad_year",
                    detail=detail,
                    sheet=row["sheet"],
                    row=row["row"],
                    col=_year_col(row, prefer),
                    value=_n(row[shown]),
                    **extra(row),
                )
            )
    return before | over | out_fiscal


def _year_col(row: dict, prefer: str = "program") -> int | None:
    order = ("program_year", "fiscal_year", "year") if prefer == "program" else ("fiscal_year", "year", "program_year")
    for role in order:
        col = row.get(f"{role}_col")
        if col is not None and not pd.isna(col):
            return int(col)
    return None


def _n(value: float) -> str:
    return "" if pd.isna(value) else str(int(value))
