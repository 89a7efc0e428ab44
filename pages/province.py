"""Province (รายจังหวัด): one province from year 1 onwards, area by area and indicator by indicator."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.charts import area_trend, indicator_bars, radar
from moral_metrics.figures.tables import program_fiscal_years
from ui.cache import made
from ui.recognition import coverage_section, seen_tracker
from ui.shell import through_router
from ui.sources import indicator_table_with_source
from ui.state import lang, tr, viewed_tracker
from ui.units import province_section
from ui.widgets import chart, light_table, opened, province_picker, version_caption, year_picker

through_router()

tracker = viewed_tracker()
st.title(tr("page.province"))
version_caption()
province = province_picker(tracker)
if province is None:
    st.info(tr("province.none"))
    st.stop()

info = tracker.provinces.set_index("province_code").loc[province]
name = tracker.province_names(lang())[province]
if info["start_year"] is not None and info["start_year"] == info["start_year"]:
    key = "province.start_assumed" if info["start_year_assumed"] else "province.start"
    st.caption(tr(key, year=int(info["start_year"])))
else:
    st.caption(tr("province.start_unknown"))
light_table(made(program_fiscal_years, tracker, province))  # one row: no Arrow table

left, right = st.columns([3, 2])
with left:
    chart(made(area_trend, tracker, province), name, "area-scores")
with right:
    chart(made(radar, tracker, province), name, "radar")
if box := opened(tr("province.indicator_chart"), "indicator_chart"):  # built when opened (issue 14)
    with box:
        chart(made(indicator_bars, tracker, province), name, "indicators")

st.subheader(tr("province.table"))
years = sorted(
    int(y) for y in tracker.records.loc[tracker.records["province_code"] == province, "program_year"].unique()
)
year = year_picker(years, years[-1], key="table_year", label_key="province.table_year") if years else 1
indicator_table_with_source(tracker, province, year)

# below the indicator table, each built when opened (issue 14)
if box := opened(tr("units.heading"), "units"):  # issue 10: units below the province
    with box:
        province_section(tracker, province)
if box := opened(tr("coverage.heading"), "honouring"):  # issue 11: honouring by district and month
    with box:
        coverage_section(seen_tracker(), province)
