"""The units dataset (issue 10) shaped for people: counts by level, districts, one district's units.

Counting lives here once, so the pages, the charts and the deck say the same numbers.
"""

from __future__ import annotations

import pandas as pd

from moral_metrics.figures.safety import neutralise_frame
from moral_metrics.model import Tracker
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import t
from moral_metrics.reference.units import LEVELS, UNIT_TYPES

BELOW = ("organisation", "community", "district")  # the units a province certifies
MEMBERS = ("organisation", "community")  # the units counted in a district


def units_of(tracker: Tracker, province: str | None = None, year: int | None = None) -> pd.DataFrame:
    """The tracker's units, of one province and/or one fiscal year when asked."""
    units = tracker.dataset("units")
    if province is not None:
        units = units[units["province_code"] == province]
    if year is not None:
        units = units[units["fiscal_year"] == year]
    return units


def fiscal_years(tracker: Tracker, province: str | None = None) -> list[int]:
    return sorted(int(y) for y in units_of(tracker, province)["fiscal_year"].unique())


def level_counts(units: pd.DataFrame, by: str = "unit_type") -> pd.DataFrame:
    """Units below the province per ``by`` value (rows) and level 1-3 (columns), zeros included."""
    below = units[units["unit_type"].isin(BELOW)]
    if below.empty:
        return pd.DataFrame(columns=list(LEVELS), dtype=int)
    counts = below.groupby([by, "level"]).size().unstack("level", fill_value=0)
    return counts.reindex(columns=list(LEVELS), fill_value=0).astype(int)


def own_levels(tracker: Tracker, unit: str = "province") -> pd.DataFrame:
    """The province's own level (or each district's) per fiscal year: the last row given wins."""
    units = tracker.dataset("units")
    own = units[units["unit_type"] == unit]
    return own.drop_duplicates(["province_code", "district_code", "fiscal_year"], keep="last")


def coverage(units: pd.DataFrame, province: str) -> tuple[int, int]:
    """(districts with at least one assessed unit, districts of the province)."""
    districts = {d.code for d in district_index().of_province(province)}
    assessed = set(units.loc[units["province_code"] == province, "district_code"].dropna()) & districts
    return len(assessed), len(districts)


def level_name(level: object, lang: str) -> str:
    return t(f"level.{int(level)}", lang) if level == level and level is not None else t("level.none", lang)


def district_table(tracker: Tracker, province: str, year: int | None, lang: str) -> pd.DataFrame:
    """Every district of the province (from the reference): its own level and its units by level.

    Districts with no assessed unit say so in the ``units.col_assessed`` column.
    """
    units = units_of(tracker, province, year)
    members = units[units["district_code"].notna() & units["unit_type"].isin(MEMBERS)]
    counts = level_counts(members, by="district_code")
    own = units[units["unit_type"] == "district"].drop_duplicates("district_code", keep="last")
    own_level = dict(zip(own["district_code"], own["level"], strict=True))
    rows = []
    for d in district_index().of_province(province):
        by_level = counts.loc[d.code] if d.code in counts.index else pd.Series(0, index=list(LEVELS))
        assessed = d.code in counts.index or d.code in own_level
        rows.append(
            {
                t("units.col_code", lang): d.code,
                t("units.col_district", lang): d.name(lang),
                t("units.col_own_level", lang): level_name(own_level.get(d.code), lang),
                **{level_name(n, lang): int(by_level[n]) for n in LEVELS},
                t("units.col_assessed", lang): t("units.yes" if assessed else "units.not_assessed", lang),
            }
        )
    return pd.DataFrame(rows)


def district_units(tracker: Tracker, province: str, district: str | None, year: int | None, lang: str) -> pd.DataFrame:
    """The units of one district (or those at province level, ``district`` None), with score sums."""
    units = units_of(tracker, province, year)
    mine = units[units["district_code"] == district] if district else units[units["district_code"].isna()]
    out = pd.DataFrame(
        {
            t("units.col_name", lang): mine["name"],
            t("units.col_type", lang): [t(f"unit_type.{u}", lang) for u in mine["unit_type"]],
            t("units.col_year", lang): mine["fiscal_year"],
            t("units.col_level", lang): [level_name(v, lang) for v in mine["level"]],
            t("units.col_scores", lang): [_scores_text(s) for s in mine["scores"]],
            # text: a grid writes a missing number as "None"; here it reads "–"
            t("units.col_score_sum", lang): [number_text(_score_sum(s)) for s in mine["scores"]],
        }
    )
    return neutralise_frame(out.reset_index(drop=True))


def _scores_text(scores: object) -> str:
    return " ".join("-" if s is None else str(s) for s in scores) if isinstance(scores, list) else ""


def _score_sum(scores: object) -> int | None:
    given = [s for s in scores if s is not None] if isinstance(scores, list) else []
    return sum(given) if given else None


def province_levels(tracker: Tracker, year: int, lang: str) -> pd.DataFrame:
    """Each assessed province's own level in a fiscal year, with its units by level."""
    units = units_of(tracker, year=year)
    own = own_levels(tracker)
    own = own[own["fiscal_year"] == year].set_index("province_code")["level"]
    counts = level_counts(units, by="province_code")
    names = tracker.province_names(lang)
    rows = [
        {
            t("units.col_province", lang): names.get(code, code),
            t("units.col_own_level", lang): level_name(own.get(code), lang),
            **{level_name(n, lang): int(counts.loc[code, n]) if code in counts.index else 0 for n in LEVELS},
        }
        for code in dict.fromkeys([*own.index, *counts.index])
    ]
    return pd.DataFrame(rows)


def type_label(unit_type: str, lang: str) -> str:
    return t(f"unit_type.{unit_type}", lang) if unit_type in UNIT_TYPES else unit_type
