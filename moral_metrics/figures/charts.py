"""Dashboard figures: pure functions from a Tracker to a Plotly figure, no Streamlit.

Missing data stays missing: a gap in a line, a grey "no data" cell, never a zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from moral_metrics.figures.overview import area_labels, ranking, status_heatmap
from moral_metrics.figures.safety import chart_text
from moral_metrics.figures.style import apply, empty, ink, series_color, style
from moral_metrics.figures.text import wrap
from moral_metrics.metrics.scores import OVERALL
from moral_metrics.model import Tracker
from moral_metrics.reference.i18n import t

__all__ = [
    "area_trend",
    "compare_area",
    "compare_areas",
    "compare_indicator",
    "indicator_bars",
    "radar",
    "ranking",
    "status_heatmap",
]


def years_of(tracker: Tracker, province: str, span: range | None = None) -> list[int]:
    """The programme years of one province with data, only those in ``span`` when given."""
    years = tracker.summary.loc[tracker.summary["province_code"] == province, "program_year"]
    return sorted(int(y) for y in years.unique() if span is None or int(y) in span)


PANELS_PER_ROW = 3
PANEL_WIDTH = 12  # character cells per line of a panel's title: a third of a 390 px phone


def _province_title(tracker: Tracker, province: str, key: str, lang: str, years: list[int]) -> str:
    """ "เชียงราย: ผลรายด้าน ปีที่ 1-3": the province and the years the chart covers."""
    name = tracker.province_names(lang).get(province, province)
    return t(key, lang, province=name, first=years[0] if years else 1, last=years[-1] if years else 3)


def area_trend(tracker: Tracker, province: str, lang: str, span: range | None = None) -> go.Figure:
    """The five area scores (and overall) of one province over its programme years.

    The overall line joins complete years only; an incomplete year is an open marker.
    """
    years = years_of(tracker, province, span)
    title = _province_title(tracker, province, "chart.area_trend", lang, years)
    if not years:
        return empty(title, t("chart.empty", lang))
    data = tracker.summary[tracker.summary["province_code"] == province]
    fig = go.Figure()
    for n, (area, label) in enumerate(area_labels(lang).items()):
        mine = data[data["area"] == area].set_index("program_year").reindex(years)
        overall = area == OVERALL
        series = mine["score"].where(mine["status"] != "incomplete") if overall else mine["score"]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=series.to_numpy(dtype=float, na_value=np.nan),
                name=label,
                mode="lines+markers",
                line={
                    "width": 4 if overall else 2.5,
                    "dash": "dash" if overall else "solid",
                    "color": ink("text") if overall else series_color(n),
                },
                marker={"size": 10},
                connectgaps=False,
                hovertemplate=f"{label} %{{x}}: %{{y:.0%}}<extra></extra>",
            )
        )
    _incomplete(fig, data[data["area"] == OVERALL].set_index("program_year").reindex(years), lang)
    _year_axis(fig, years, lang)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title=t("chart.score", lang))
    return apply(fig, title)


def _incomplete(fig: go.Figure, overall: pd.DataFrame, lang: str) -> None:
    """Incomplete overall scores as open markers, with how many areas they rest on."""
    partial = overall[overall["status"] == "incomplete"]
    if partial.empty:
        return
    label = f"{t('area.overall', lang)} ({t('status.incomplete', lang)})"
    fig.add_trace(
        go.Scatter(
            x=partial.index.tolist(),
            y=partial["score"].tolist(),
            name=label,
            mode="markers",
            marker={"size": 14, "symbol": "circle-open", "color": ink("text"), "line": {"width": 3}},
            text=[
                t("chart.areas_reported", lang, reported=int(r), total=int(m))
                for r, m in zip(partial["areas_reported"], partial["areas_total"], strict=True)
            ],
            hovertemplate=f"{label} %{{x}}: %{{y:.0%}}<br>%{{text}}<extra></extra>",
        )
    )


def _year_axis(fig: go.Figure, years: list[int], lang: str) -> None:
    fig.update_xaxes(
        tickvals=years, ticktext=[t("chart.year_n", lang, year=y) for y in years], title=t("chart.year_axis", lang)
    )


def radar(tracker: Tracker, province: str, lang: str, span: range | None = None) -> go.Figure:
    years = years_of(tracker, province, span)
    title = _province_title(tracker, province, "chart.radar", lang, years)
    if not years:
        return empty(title, t("chart.empty", lang))
    labels = area_labels(lang, overall=False)
    data = tracker.summary[tracker.summary["province_code"] == province]
    fig = go.Figure()
    for n, year in enumerate(years):
        scores = data[data["program_year"] == year].set_index("area")["score"].reindex(list(labels))
        values = scores.to_numpy(dtype=float, na_value=np.nan)
        fig.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=[*labels.values(), next(iter(labels.values()))],
                name=t("chart.year_n", lang, year=year),
                line={"color": series_color(n), "width": 2.5},
                fill="toself",
                opacity=0.55,
                connectgaps=False,
            )
        )
    fig.update_layout(
        polar={
            "domain": {"x": [0.2, 0.8]},
            "angularaxis": {"rotation": 90, "direction": "clockwise"},
            # between the first two areas, so its labels never sit on an area's name
            "radialaxis": {"range": [0, 1], "tickformat": ".0%", "angle": 54, "tickfont": {"size": 11}},
        }
    )
    return apply(fig, title)


def indicator_bars(tracker: Tracker, province: str, lang: str, span: range | None = None) -> go.Figure:
    """Target vs actual per indicator and year, one small panel per indicator (own scale).

    Three panels a row, so that a phone still has room for each panel's title; counts and
    yes/no get whole-number ticks (yes/no: 0 and 1 only).
    """
    records = tracker.records[tracker.records["province_code"] == province]
    if span is not None:
        records = records[records["program_year"].isin(span)]
    years = sorted(int(y) for y in records["program_year"].unique())
    title = _province_title(tracker, province, "chart.indicators", lang, years)
    if records.empty:
        return empty(title, t("chart.empty", lang))
    codes = [c for c in tracker.catalogue.codes if c in set(records["indicator"])]
    cols = min(PANELS_PER_ROW, len(codes))
    rows = -(-len(codes) // cols)
    names = [chart_text(tracker.catalogue.get(c).name(lang)) for c in codes]  # a workbook may name its own
    fig = make_subplots(
        rows=rows, cols=cols, subplot_titles=[wrap(n, PANEL_WIDTH, most=4) for n in names], vertical_spacing=0.5 / rows
    )
    labels = [t("chart.year_n", lang, year=y) for y in years]
    for n, code in enumerate(codes):
        mine = records[records["indicator"] == code].set_index("program_year").reindex(years)
        where = {"row": n // cols + 1, "col": n % cols + 1}
        for measure, color in (("target", style()["series"]["target"]), ("actual", series_color(0))):
            values = mine[measure].to_numpy(dtype=float, na_value=np.nan)
            fig.add_trace(
                go.Bar(
                    x=labels,
                    y=values,
                    # an actual of 0 has no height: "0" over it tells it from a year not reported
                    text=["0" if measure == "actual" and v == 0 else "" for v in values],
                    textposition="outside",
                    cliponaxis=False,
                    name=t(f"chart.{measure}", lang),
                    marker_color=color,
                    legendgroup=measure,
                    showlegend=n == 0,
                    hovertemplate=f"{names[n]}<br>%{{x}} {t(f'chart.{measure}', lang)}: %{{y:,.0f}}<extra></extra>",
                ),
                **where,
            )
        _whole_ticks(fig, tracker.catalogue.get(code).kind, mine, where)
    fig.update_annotations(font_size=12)
    fig.update_xaxes(tickfont={"size": 12})
    return apply(fig, title, height=320 * rows + 150, top=60)


def _whole_ticks(fig: go.Figure, kind: str, mine: pd.DataFrame, where: dict[str, int]) -> None:
    """Whole-number steps on a panel's value axis: never 0.5 of a network or of a "yes"."""
    if kind == "yesno":
        fig.update_yaxes(tickvals=[0, 1], range=[0, 1.1], **where)
        return
    top = pd.concat([mine["target"], mine["actual"]]).astype(float).max()
    if top == top and top <= 5:
        fig.update_yaxes(dtick=1, tick0=0, rangemode="tozero", **where)
    else:
        fig.update_yaxes(tickformat=",d", rangemode="tozero", **where)


def compare_areas(tracker: Tracker, provinces: list[str], lang: str) -> go.Figure:
    """Several provinces on one programme-year axis, one panel per goal area and overall."""
    title = t("chart.compare_areas", lang)
    data = tracker.summary[tracker.summary["province_code"].isin(provinces)]
    if data.empty:
        return empty(title, t("chart.empty", lang))
    labels = area_labels(lang)
    years = sorted(int(y) for y in data["program_year"].unique())
    fig = make_subplots(rows=2, cols=3, subplot_titles=list(labels.values()), shared_yaxes=True, vertical_spacing=0.18)
    for n, area in enumerate(labels):
        for trace in _area_traces(tracker, data, provinces, area, years, lang, legend=n == 0):
            fig.add_trace(trace, row=n // 3 + 1, col=n % 3 + 1)
    return _year_axes(fig, years, lang, title, height=640, panels=True)


def compare_area(tracker: Tracker, provinces: list[str], area: str, lang: str) -> go.Figure:
    """Several provinces on one programme-year axis for one goal area (or overall): one panel,
    which a browser draws in a fraction of the time of the six panels of ``compare_areas``."""
    title = t("chart.compare_area", lang, area=area_labels(lang).get(area, area))
    data = tracker.summary[tracker.summary["province_code"].isin(provinces)]
    if data.empty:
        return empty(title, t("chart.empty", lang))
    years = sorted(int(y) for y in data["program_year"].unique())
    fig = go.Figure(_area_traces(tracker, data, provinces, area, years, lang, legend=True))
    return _year_axes(fig, years, lang, title, height=480)


def _area_traces(
    tracker: Tracker, data: pd.DataFrame, provinces: list[str], area: str, years: list[int], lang: str, legend: bool
) -> list[go.Scatter]:
    names = tracker.province_names(lang)
    traces = []
    for m, code in enumerate(provinces):
        rows = data[(data["area"] == area) & (data["province_code"] == code)].set_index("program_year")
        series = rows["score"].where(rows["status"] != "incomplete")  # a partial year is no point on a trend
        traces.append(
            go.Scatter(
                x=years,
                y=series.reindex(years).to_numpy(dtype=float, na_value=np.nan),
                name=names.get(code, code),
                mode="lines+markers",
                line={"color": series_color(m), "width": 2.5},
                legendgroup=code,
                showlegend=legend,
                connectgaps=False,
                hovertemplate=f"{names.get(code, code)} %{{x}}: %{{y:.0%}}<extra></extra>",
            )
        )
    return traces


def _year_axes(fig: go.Figure, years: list[int], lang: str, title: str, height: int, panels: bool = False) -> go.Figure:
    """Scores 0-100% over programme years, the axes' ends padded: at exactly 0 and year 1 the
    "0%" tick and the "ปีที่ 1" label met in each panel's corner (issue 24), and a point at 0 or
    at the first year was half cut off by the frame. Small ``panels`` number their years only
    (the title says they are programme years): "ปีที่ 1" four times in a third of a phone turned
    on its side."""
    fig.update_yaxes(range=[-0.08, 1.08], tickformat=".0%", tickvals=[0, 0.25, 0.5, 0.75, 1])
    fig.update_xaxes(
        range=[years[0] - 0.5, years[-1] + 0.5],
        tickvals=years,
        ticktext=[str(y) if panels else t("chart.year_n", lang, year=y) for y in years],
        tickangle=0,
    )
    return apply(fig, title, height=height)


def compare_indicator(tracker: Tracker, provinces: list[str], indicator: str, lang: str) -> go.Figure:
    ind = tracker.catalogue.get(indicator)
    title = t("chart.compare_indicator", lang, indicator=chart_text(ind.name(lang)))
    records = tracker.records[
        tracker.records["province_code"].isin(provinces) & (tracker.records["indicator"] == indicator)
    ]
    if records.empty:
        return empty(title, t("chart.empty", lang))
    names, target = tracker.province_names(lang), t("chart.target", lang)
    years = sorted(int(y) for y in records["program_year"].unique())
    fig = go.Figure()
    for m, code in enumerate(provinces):
        mine = records[records["province_code"] == code].set_index("program_year").reindex(years)
        fig.add_trace(
            go.Bar(
                x=[t("chart.year_n", lang, year=y) for y in years],
                y=mine["actual"].to_numpy(dtype=float, na_value=np.nan),
                name=names.get(code, code),
                marker_color=series_color(m),
                customdata=mine["target"].to_numpy(dtype=float, na_value=np.nan),
                hovertemplate=f"{names.get(code, code)} %{{x}}: %{{y:,.0f}} / {target} %{{customdata:,.0f}}"
                "<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    return apply(fig, title)
