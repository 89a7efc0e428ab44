"""Page sections for the units dataset (issue 10): levels of organisations, communities, districts.

The pages call one function each, inside a section opened on demand (``widgets.opened``, titled
``units.heading``); the figures and tables come from ``moral_metrics.figures``.
"""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.text import unbroken
from moral_metrics.figures.units import (
    compare_levels,
    national_counts,
    province_counts,
    province_level_trend,
    provinces_by_level,
)
from moral_metrics.figures.units_tables import coverage, district_table, district_units, fiscal_years, province_levels
from moral_metrics.model import Tracker
from moral_metrics.reference.parts import provides
from ui.cache import made
from ui.state import tr
from ui.widgets import chart, data_table


def _fiscal_year(years: list[int], key: str) -> int | None:
    """A fiscal year of the assessments, the latest by default; None when there are none."""
    if not years:
        st.info(tr("units.none"))
        return None
    return st.selectbox(tr("units.fiscal_year"), years, index=len(years) - 1, key=key)


@provides("province_section", "units", heading="units.heading", param="units")
def province_section(tracker: Tracker, province: str) -> None:
    """Counts by type and level, the province's own level, and every district of the province."""
    year = _fiscal_year(fiscal_years(tracker, province), "units_province_year")
    if year is None:
        return
    left, right = st.columns([3, 2])
    with left:
        chart(made(province_counts, tracker, province), province, "unit-levels")
    with right:
        chart(made(province_level_trend, tracker, province), province, "province-level")
    assessed, total = coverage(tracker.dataset("units").query("fiscal_year == @year"), province)
    st.markdown(f"**{tr('units.districts')}** · {tr('units.coverage', assessed=assessed, total=total)}")
    table = made(district_table, tracker, province, year)
    picked = data_table(table, on_select="rerun", selection_mode="single-row", key="units_districts")
    rows = picked.selection.rows if picked is not None else []
    if rows:
        code, name = table.iloc[rows[0], 0], table.iloc[rows[0], 1]
        st.markdown(f"**{tr('units.district_units', district=name)}**")
        data_table(made(district_units, tracker, province, code, year))
    st.markdown(f"**{tr('units.province_level_units')}**")
    data_table(made(district_units, tracker, province, None, year))


def overview_section(tracker: Tracker) -> None:
    """National counts by level and unit type, and provinces by their own level, for a fiscal year."""
    year = _fiscal_year(fiscal_years(tracker), "units_overview_year")
    if year is None:
        return
    left, right = st.columns(2)
    with left:
        chart(made(national_counts, tracker, year), "units", f"fy{year}")
    with right:
        chart(made(provinces_by_level, tracker, year), "province-levels", f"fy{year}")
    st.markdown(f"**{tr('units.province_table')}**")
    levels = made(province_levels, tracker, year)
    st.table(levels.rename(columns=unbroken), hide_index=True)  # headers break between words only


def compare_section(tracker: Tracker, provinces: tuple[str, ...]) -> None:
    """The chosen provinces side by side: units by level per programme year."""
    chart(made(compare_levels, tracker, tuple(provinces)), "compare", "unit-levels")
