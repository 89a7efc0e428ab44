"""Overview (ภาพรวม): which provinces are on track, per goal area, at one programme year."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.map import national_map
from moral_metrics.figures.overview import (
    ranking_ends,
    ranking_folded,
    status_chips,
    status_heatmap,
    status_names,
    statuses_at,
)
from moral_metrics.figures.safety import markdown_text
from moral_metrics.figures.submissions import rates_table
from moral_metrics.figures.tables import fiscal_of_years
from moral_metrics.metrics.reporting import rates
from moral_metrics.reference.formats import number_text
from ui.cache import completeness_of, made
from ui.shell import through_router
from ui.state import lang, tr, viewed_tracker
from ui.units import overview_section
from ui.widgets import light_table, opened, province_chart, version_caption, year_picker

through_router()

st.title(tr("app.title"))
tracker = viewed_tracker()
version_caption()

summary = tracker.summary
years = sorted(int(y) for y in summary["program_year"].unique()) or [1]
default = max((y for y in years if y <= 3), default=years[0])
year = year_picker(years, default, fiscal=fiscal_of_years(tracker))
statuses = statuses_at(tracker, year)
names = tracker.province_names(lang())
by_name = {name: code for code, name in names.items()}

reported = statuses[statuses["areas_reported"] > 0]
cells = st.columns(3)
cells[0].metric(tr("overview.tracked"), number_text(len(statuses)))
cells[1].metric(tr("overview.reported"), number_text(len(reported)))
mean = reported["score"].mean()
cells[2].metric(tr("overview.mean"), "–" if mean != mean else f"{mean:.0%}")
# counts per status as chips, the names one tap away: the map stays on a phone's first screen
st.markdown(status_chips(statuses, lang()), unsafe_allow_html=True, help=tr("overview.counts_help"))
with st.expander(tr("overview.names_heading")):
    listed = status_names(statuses, names, lang())
    st.markdown(
        "\n".join(f"- **{label}** ({len(mine)}): {', '.join(map(markdown_text, mine))}" for label, mine in listed)
    )
if reported.empty:
    st.info(tr("overview.no_year", year=year))
st.caption(tr("overview.open_hint"))

left, right = st.columns([2, 3])
with left:  # the map first: the quickest picture of the whole country
    province_chart(made(national_map, tracker, year), "overview_map", by_name, "map", f"year{year}")
with right:  # who is behind and who leads first; all provinces on request (issue 24)
    every = st.toggle(tr("overview.ranking_all", count=len(statuses)), key="ranking_all", bind="query-params")
    ends = 0 if every else ranking_ends()
    province_chart(made(ranking_folded, tracker, year, ends), "overview_ranking", by_name, "ranking", f"year{year}")
# the grid of 77 provinces x 6 columns is the costliest chart to draw: built when opened (issue 14)
if box := opened(tr("overview.grid_heading"), "grid"):
    with box:
        grid = made(status_heatmap, tracker, year)
        province_chart(grid, "overview_grid", by_name, "status-by-area", f"year{year}")

# who has reported this programme year (the full table is on the Reporting page)
reported = rates(completeness_of(tracker))
st.subheader(tr("completeness.rates"))
light_table(rates_table(reported[reported["program_year"] == year], lang()))
st.page_link("pages/completeness.py", label=tr("page.completeness"), icon=":material/fact_check:")
if box := opened(tr("units.heading"), "units"):  # issue 10: units below the province
    with box:
        overview_section(tracker)
