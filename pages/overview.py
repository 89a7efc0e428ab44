"""Overview (ภาพรวม): which provinces are on track, per goal area, at one programme year."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.charts import ranking, status_heatmap
from moral_metrics.figures.map import status_map
from moral_metrics.figures.submissions import rates_table
from moral_metrics.metrics import OVERALL
from moral_metrics.store.completeness import completeness, rates
from ui.shell import through_router
from ui.state import lang, store, tr, viewed_tracker
from ui.widgets import chart, version_caption, year_picker

through_router()

st.title(tr("app.title"))
tracker = viewed_tracker()
version_caption()

summary = tracker.summary
years = sorted(int(y) for y in summary["program_year"].unique()) or [1]
default = max((y for y in years if y <= 3), default=years[0])
year = year_picker(years, default)
overall = summary[(summary["program_year"] == year) & (summary["area"] == OVERALL)]

cells = st.columns(6)
cells[0].metric(tr("overview.tracked"), len(overall))
for cell, status in zip(cells[1:5], ("achieved", "on_track", "at_risk", "behind"), strict=True):
    cell.metric(tr(f"status.{status}"), int((overall["status"] == status).sum()))
mean = overall["score"].mean()
cells[5].metric(tr("overview.mean"), "–" if mean != mean else f"{mean:.0%}")
if overall.empty:
    st.info(tr("overview.no_year", year=year))

left, right = st.columns([2, 3])
with left:  # the map first: the quickest picture of the whole country
    chart(status_map(overall, year, lang()), "map", f"year{year}")
    chart(ranking(tracker, year, lang()), "ranking", f"year{year}")
with right:
    chart(status_heatmap(tracker, year, lang()), "status-by-area", f"year{year}")

# who has reported this programme year (the full table is on the Reporting page)
reported = rates(completeness(tracker, store().table("slices"), store().table("locks")))
st.subheader(tr("completeness.rates"))
st.dataframe(rates_table(reported[reported["program_year"] == year], lang()), hide_index=True)
st.page_link("pages/completeness.py", label=tr("page.completeness"), icon=":material/fact_check:")
