"""Charts of the units dataset (issue 10): certified levels by unit type, year and province.

The three levels are one ordered colour scale (``data/style.toml`` ``[levels]``), light for
promoting and dark for model, stacked in that order so that the model units sit on top.
"""

from __future__ import annotations

import plotly.graph_objects as go

from moral_metrics.figures.style import apply, empty, style
from moral_metrics.figures.text import wrap
from moral_metrics.figures.units_tables import BELOW, fiscal_years, level_counts, own_levels, type_label, units_of
from moral_metrics.model import Tracker
from moral_metrics.reference.i18n import t
from moral_metrics.reference.units import LEVELS

LEVEL_WIDTH = 8  # character cells per line of a level's name under the own-level bars


def level_color(level: object) -> str:
    return style()["levels"].get(str(level), style()["levels"]["none"])


def _stacked(fig: go.Figure, x: list, counts: dict[int, list[int]], lang: str, *, across: bool = False) -> None:
    """Bars stacked by level; ``across``: horizontal bars, so that many categories keep their labels
    level and whole (vertical bars of 15 categories turned them 90 degrees)."""
    for level in LEVELS:
        label = t(f"level.{level}", lang)
        value = "%{x:,d}" if across else "%{y:,d}"
        fig.add_trace(
            go.Bar(
                **({"y": x, "x": counts[level], "orientation": "h"} if across else {"x": x, "y": counts[level]}),
                name=label,
                marker={"color": level_color(level)},
                hovertemplate=f"{label}: {value}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    count_axis = fig.update_xaxes if across else fig.update_yaxes
    count_axis(title=t("units.axis_count", lang), rangemode="tozero", tickformat=",d")  # 2,000 not 2000
    if across:
        fig.update_yaxes(autorange="reversed")  # the first year on top, read downwards


def _bars_height(categories: int) -> int:
    """Room for one horizontal bar per category, and the title, axis and legend around them."""
    return 220 + 22 * categories


def _province_name(tracker: Tracker, province: str, lang: str) -> str:
    return tracker.province_names(lang).get(province, province)


def province_counts(tracker: Tracker, province: str, lang: str) -> go.Figure:
    """Units by type x level for each fiscal year of one province (stacked by level)."""
    title = t("units.chart_counts", lang, province=_province_name(tracker, province, lang))
    units = units_of(tracker, province)
    units = units[units["unit_type"].isin(BELOW)]
    if units.empty:
        return empty(title, t("units.none", lang))
    units = units.assign(key=units["fiscal_year"].astype(str) + "|" + units["unit_type"])
    counts = level_counts(units, by="key")
    order = [f"{y}|{u}" for y in fiscal_years(tracker, province) for u in BELOW if f"{y}|{u}" in counts.index]
    counts = counts.reindex(order)
    x = [[k.split("|")[0] for k in order], [type_label(k.split("|")[1], lang) for k in order]]
    fig = go.Figure()
    _stacked(fig, x, {level: counts[level].tolist() for level in LEVELS}, lang, across=True)
    return apply(fig, title, height=_bars_height(len(order)))


def province_level_trend(tracker: Tracker, province: str, lang: str) -> go.Figure:
    """The province's own certified level, fiscal year by fiscal year."""
    title = t("units.chart_own", lang, province=_province_name(tracker, province, lang))
    own = own_levels(tracker)
    own = own[own["province_code"] == province].sort_values("fiscal_year")
    if own.empty:
        return empty(title, t("units.no_own_level", lang))
    years = [str(y) for y in own["fiscal_year"]]
    levels = [int(v) for v in own["level"]]
    fig = go.Figure(
        go.Bar(  # one horizontal bar per year: years and level names stay level on a phone
            y=years,
            x=levels,
            orientation="h",
            marker={"color": [level_color(v) for v in levels]},
            # the level in the hover only: the axis names it, and a thin bar wrote it vertically
            customdata=[t(f"level.{v}", lang) for v in levels],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    names = [wrap(t(f"level.{v}", lang), LEVEL_WIDTH) for v in LEVELS]  # between words: ส่งเสริม/คุณธรรม
    fig.update_xaxes(range=[0, 3.2], tickvals=list(LEVELS), ticktext=names, tickangle=0)
    fig.update_yaxes(type="category", title=t("units.axis_fiscal_year", lang), autorange="reversed")
    return apply(fig, title, height=_bars_height(len(years)) + 40, legend=False)


def national_counts(tracker: Tracker, year: int, lang: str) -> go.Figure:
    """All provinces' units in one fiscal year, by unit type and level."""
    title = t("units.chart_national", lang, year=year)
    counts = level_counts(units_of(tracker, year=year))
    if counts.empty:
        return empty(title, t("units.none", lang))
    counts = counts.reindex([u for u in BELOW if u in counts.index])
    fig = go.Figure()
    x = [type_label(u, lang) for u in counts.index]
    _stacked(fig, x, {level: counts[level].tolist() for level in LEVELS}, lang, across=True)
    return apply(fig, title, height=_bars_height(len(x)) + 60)


def provinces_by_level(tracker: Tracker, year: int, lang: str) -> go.Figure:
    """How many provinces hold each own level in a fiscal year; hover lists them."""
    title = t("units.chart_provinces", lang, year=year)
    own = own_levels(tracker)
    own = own[own["fiscal_year"] == year]
    if own.empty:
        return empty(title, t("units.no_own_level", lang))
    names = tracker.province_names(lang)
    labels = [t(f"level.{v}", lang) for v in LEVELS]
    members = [[names.get(c, c) for c in own.loc[own["level"] == v, "province_code"]] for v in LEVELS]
    fig = go.Figure(
        go.Bar(  # horizontal: a level's name stays level and whole on a phone
            y=labels,
            x=[len(m) for m in members],
            orientation="h",
            marker={"color": [level_color(v) for v in LEVELS]},
            customdata=[", ".join(m) for m in members],
            hovertemplate="%{y}: %{x}<br>%{customdata}<extra></extra>",
        )
    )
    # whole provinces; a tick per province only where there are few (77 ticks take a browser 70 ms)
    steps = {"dtick": 1} if max(len(m) for m in members) <= 5 else {"tickformat": ",d"}
    fig.update_xaxes(title=t("units.axis_provinces", lang), rangemode="tozero", **steps)
    fig.update_yaxes(autorange="reversed", automargin=True)  # promoting first, as the legend reads
    return apply(fig, title, height=_bars_height(len(labels)) + 60, legend=False)


def compare_levels(tracker: Tracker, provinces: list[str], lang: str) -> go.Figure:
    """Provinces side by side: units by level per programme year (fiscal year from each start)."""
    title = t("units.chart_compare", lang)
    starts = tracker.provinces.set_index("province_code")["start_year"]
    units = tracker.dataset("units")
    units = units[units["province_code"].isin(provinces) & units["unit_type"].isin(BELOW)]
    units = units[units["province_code"].map(lambda c: starts.get(c) == starts.get(c))]  # a known start
    if units.empty:
        return empty(title, t("units.none", lang))
    program = units["fiscal_year"] - units["province_code"].map(lambda c: int(starts[c])) + 1
    units = units.assign(key=units["province_code"] + "|" + program.astype(int).astype(str))
    counts = level_counts(units, by="key")
    names = tracker.province_names(lang)
    order = sorted(counts.index, key=lambda k: (provinces.index(k.split("|")[0]), int(k.split("|")[1])))
    counts = counts.reindex(order)
    x = [
        [names.get(k.split("|")[0], k) for k in order],
        [t("chart.year_n", lang, year=int(k.split("|")[1])) for k in order],
    ]
    fig = go.Figure()
    _stacked(fig, x, {level: counts[level].tolist() for level in LEVELS}, lang, across=True)
    return apply(fig, title, height=_bars_height(len(order)))
