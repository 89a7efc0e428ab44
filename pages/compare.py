"""Compare (เปรียบเทียบ): several provinces side by side at the same programme year."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.charts import compare_area, compare_areas, compare_indicator
from moral_metrics.figures.first_screens import default_compared
from moral_metrics.figures.overview import area_labels
from moral_metrics.figures.tables import compare_table
from moral_metrics.metrics.scores import OVERALL
from ui.cache import made
from ui.shell import through_router
from ui.state import lang, tr, viewed_tracker
from ui.units import compare_section
from ui.widgets import chart, light_table, opened, provinces_picker, url_selectbox, version_caption

through_router()

tracker = viewed_tracker()
st.title(tr("page.compare"))
version_caption()
picked = provinces_picker(tracker, default_compared(tracker))
if not picked:
    st.info(tr("compare.pick"))
    st.stop()
# made once per version, language and set: the same provinces in any order are one set
chosen = tuple(code for code in tracker.province_codes if code in picked)

# one goal area at a time: six panels at once cost the browser about half a second (issue 14)
labels = area_labels(lang())
overall_first = [OVERALL, *(code for code in labels if code != OVERALL)]
area = url_selectbox(tr("compare.area"), overall_first, "area", "compare_area", labels.get)
chart(made(compare_area, tracker, chosen, area), "compare", area)
if box := opened(tr("compare.all_areas"), "all_areas"):
    with box:
        chart(made(compare_areas, tracker, chosen), "compare", "areas")
if box := opened(tr("compare.by_indicator"), "indicator"):  # built when opened (issue 14)
    with box:
        indicator = st.selectbox(
            tr("compare.indicator"),
            tracker.catalogue.codes,
            format_func=lambda c: tracker.catalogue.get(c).name(lang()),
            key="compare_indicator",
        )
        chart(made(compare_indicator, tracker, chosen, indicator), "compare", indicator)
st.subheader(tr("compare.table"))
light_table(made(compare_table, tracker, chosen))

if box := opened(tr("units.heading"), "units"):  # issue 10: units below the province
    with box:
        compare_section(tracker, chosen)
