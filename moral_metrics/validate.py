"""Check and normalise the raw tables: every problem is collected, none stops the others.

Works column by column on distinct values (a tracker repeats the same provinces, years and
indicators thousands of times), then reports each failing cell with its position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from moral_metrics.catalogue import Catalogue, kinds
from moral_metrics.config import Settings
from moral_metrics.headers import YEAR_ROLES
from moral_metrics.i18n import both
from moral_metrics.messages import Message, make
from moral_metrics.normalise import Parsed, is_blank, parse_number, parse_year, parse_yes_no
from moral_metrics.provinces import ProvinceIndex
from moral_metrics.startyears import StartYears, derive_years

YEAR_HINT = {"program_year": "program_year", "fiscal_year": "fiscal_year", "year": "year"}


@dataclass
class Checked:
    records: pd.DataFrame
    messages: list[Message] = field(default_factory=list)


def _col(row: dict, name: str) -> int | None:
    col = row.get(f"{name}_col")
    return None if col is None or pd.isna(col) or int(col) < 0 else int(col)


def _parse_unique(series: pd.Series, parse: Callable[[object], Parsed]) -> pd.Series:
    cache = {v: parse(v) for v in series.unique()}
    return series.map(cache)


def _resolve(frame: pd.DataFrame, index: ProvinceIndex, catalogue: Catalogue, out: list[Message]) -> pd.Series:
    """Province and indicator codes; a row that names neither is flagged bad."""
    province = frame["province"].map({v: index.resolve(v) for v in frame["province"].unique()})
    frame["province_code"] = province.map(lambda p: p.code if p is not None else None)
    raw = frame["indicator"].where(frame["indicator_code"].isna(), None)
    long_codes = raw.map({v: (i.code if (i := catalogue.resolve(v)) else None) for v in raw.dropna().unique()})
    frame["indicator_code"] = frame["indicator_code"].fillna(long_codes)
    bad = frame["province_code"].isna() | frame["indicator_code"].isna()
    for row in frame.loc[bad].to_dict("records"):
        where = {"sheet": row["sheet"], "row": row["row"]}
        if row["province_code"] is None:
            value = row["province"]
            detail = "blank" if is_blank(value) else None
            out.append(
                make(
                    "unknown_province",
                    detail=detail,
                    col=_col(row, "province"),
                    value=value,
                    suggestion=None if detail else index.suggest(value),
                    **where,
                )
            )
        if row["indicator_code"] is None or pd.isna(row["indicator_code"]):
            value = row["indicator"]
            detail = "blank" if is_blank(value) else None
            out.append(
                make(
                    "unknown_indicator",
                    detail=detail,
                    col=_col(row, "indicator"),
                    value=value,
                    suggestion=None if detail else catalogue.suggest(value),
                    **where,
                )
            )
    return bad


def _years(frame: pd.DataFrame, settings: Settings, out: list[Message]) -> pd.Series:
    """Given programme and fiscal years per row (before derivation); flags unreadable ones."""
    frame["given_program"], frame["given_fiscal"] = np.nan, np.nan
    bad = pd.Series(False, index=frame.index)
    present = [r for r in YEAR_ROLES if r in frame]
    for role in present:
        parsed = _parse_unique(frame[role].fillna(""), lambda v, h=YEAR_HINT[role]: parse_year(v, h))
        program = parsed.map(lambda p: p.value.program if p.ok and p.value else None)
        fiscal = parsed.map(lambda p: p.value.fiscal if p.ok and p.value else None)
        frame["given_program"] = frame["given_program"].fillna(program.astype(float))
        frame["given_fiscal"] = frame["given_fiscal"].fillna(fiscal.astype(float))
        failed = ~parsed.map(lambda p: p.ok)
        for idx in frame.index[failed]:
            row = frame.loc[idx]
            out.append(
                make(
                    "bad_year",
                    sheet=row["sheet"],
                    row=int(row["row"]),
                    col=_col(row, role),
                    value=row[role],
                    suggestion=parsed[idx].suggestion,
                )
            )
        bad |= failed
    no_year = frame["given_program"].isna() & frame["given_fiscal"].isna() & ~bad
    for row in frame.loc[no_year].to_dict("records"):
        out.append(
            make(
                "bad_year",
                detail="blank",
                sheet=row["sheet"],
                row=row["row"],
                col=_col(row, present[0]) if present else None,
            )
        )
    return bad | no_year


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


def _values(frame: pd.DataFrame, catalogue: Catalogue, out: list[Message]) -> pd.Series:
    kind_of = {i.code: i.kind for i in catalogue.indicators}
    frame["kind"] = frame["indicator_code"].map(kind_of).fillna("count")
    bad = pd.Series(False, index=frame.index)
    for measure in ("target", "actual"):
        pairs = list(zip(frame[measure], frame["kind"], strict=True))
        cache = {p: _parse_value(*p) for p in set(pairs)}
        parsed = pd.Series([cache[p] for p in pairs], index=frame.index)
        frame[measure + "_value"] = parsed.map(lambda p: p.value if p.ok else None).astype(float)
        failed = ~parsed.map(lambda p: p.ok)
        for idx in frame.index[failed]:
            row, p = frame.loc[idx], parsed[idx]
            code, detail = ("negative_value", None) if p.problem == "negative" else ("bad_number", p.problem)
            out.append(
                make(
                    code,
                    detail=detail,
                    sheet=row["sheet"],
                    row=int(row["row"]),
                    col=_col(row, measure),
                    value=row[measure],
                    suggestion=p.suggestion,
                    kind_name=both(f"kind.{row['kind']}"),
                )
            )
        bad |= failed
    return bad


def _duplicates(frame: pd.DataFrame, out: list[Message]) -> pd.Series:
    """Keep the first of repeated rows; a repeat with other values is an error."""
    keys = ["province_code", "program_year", "indicator_code"]
    repeated = frame.duplicated(keys, keep="first")
    drop = pd.Series(False, index=frame.index)
    if not repeated.any():
        return drop
    firsts = frame.loc[~repeated].set_index(keys)
    for idx in frame.index[repeated]:
        row = frame.loc[idx]
        first = firsts.loc[tuple(row[k] for k in keys)]
        same = all(_same(row[f"{m}_value"], first[f"{m}_value"]) for m in ("target", "actual"))
        ref = f"{first['sheet']}!{_ref(first)}"
        out.append(
            make(
                "duplicate_same" if same else "duplicate_conflict",
                sheet=row["sheet"],
                row=int(row["row"]),
                col=_col(row, "indicator"),
                value=row["indicator"],
                province=row["province_th"],
                year=int(row["program_year"]),
                indicator=row["indicator_code"],
                first=ref,
            )
        )
        drop[idx] = True
    return drop


def _same(a: float, b: float) -> bool:
    return (pd.isna(a) and pd.isna(b)) or a == b


def _ref(row: pd.Series) -> str:
    from moral_metrics.messages import column_letter

    col = _col(row, "indicator")
    return f"{column_letter(col)}{int(row['row'])}" if col is not None else f"{int(row['row'])}"


def _warnings(frame: pd.DataFrame, settings: Settings, out: list[Message]) -> None:
    ratio = settings.validation.outlier_ratio
    missing = frame["target_value"].notna() & frame["actual_value"].isna()
    outlier = (frame["target_value"] > 0) & (frame["actual_value"] > ratio * frame["target_value"])
    for row in frame.loc[missing].to_dict("records"):
        out.append(
            make(
                "missing_actual",
                sheet=row["sheet"],
                row=row["row"],
                col=_col(row, "actual"),
                province=row["province_th"],
                year=int(row["program_year"]),
                indicator=row["indicator_code"],
            )
        )
    for row in frame.loc[outlier].to_dict("records"):
        out.append(
            make(
                "outlier",
                sheet=row["sheet"],
                row=row["row"],
                col=_col(row, "actual"),
                value=row["actual_value"],
                target=_num(row["target_value"]),
                ratio=_num(ratio),
            )
        )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def check_progress(
    frame: pd.DataFrame,
    starts: StartYears,
    index: ProvinceIndex,
    catalogue: Catalogue,
    settings: Settings,
) -> Checked:
    """Resolve, parse and derive every progress row; return clean records and all messages."""
    out: list[Message] = []
    frame = frame.reset_index(drop=True)
    bad = _resolve(frame, index, catalogue, out)
    names = {p.code: p for p in index.provinces}
    frame["province_th"] = frame["province_code"].map(lambda c: names[c].name_th if c in names else None)
    frame["province_en"] = frame["province_code"].map(lambda c: names[c].name_en if c in names else None)
    bad |= _years(frame, settings, out)
    bad |= _values(frame, catalogue, out)
    bad |= derive_years(frame, bad, starts, settings, out)
    good = frame.loc[~bad].copy()
    good = good.loc[~_duplicates(good, out)]
    _warnings(good, settings, out)
    return Checked(good, out)
