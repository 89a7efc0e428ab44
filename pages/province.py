"""Province (รายจังหวัด): one province from year 1 onwards, area by area and indicator by indicator."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.charts import area_trend, indicator_bars, radar
from moral_metrics.figures.overview import province_headline
from moral_metrics.figures.tables import program_fiscal_years
from moral_metrics.model import DATASETS
from moral_metrics.reference.parts import part
from ui import recognition, units  # noqa: F401 - each registers its kinds' sections
from ui.cache import made
from ui.shell import through_router
from ui.sources import indicator_table_with_source
from ui.state import lang, tr, viewed_tracker
from ui.widgets import chart, light_table, opened, province_picker, version_caption, year_picker

through_router()

tracker = viewed_tracker()
st.title(tr("page.province"))
version_caption()
province = province_picker(tracker)
if province is None:
    st.info(tr("province.none"))
    st.stop()

st.markdown(made(province_headline, tracker, province), unsafe_allow_html=True)  # latest status and score first
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

# below the indicator table, each kind's section, built when opened (issue 14; reference.parts)
for kind in DATASETS:
    section = part("province_section", kind)
    if section.provider is not None and (box := opened(tr(section.meta["heading"]), section.meta["param"])):
        with box:
            section.provider(tracker, province)  # counts only: no name is shown
