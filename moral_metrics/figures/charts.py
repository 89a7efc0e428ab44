"""Dashboard figures: pure functions from a Tracker to a Plotly figure, no Streamlit.

Missing data stays missing: a gap in a line, a grey "no data" cell, never a zero.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from moral_metrics.figures.safety import chart_text
from moral_metrics.figures.style import apply, empty, series_color, status_color, style
from moral_metrics.metrics import OVERALL, STATUSES
from moral_metrics.model import Tracker
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.formats import percent
from moral_metrics.reference.i18n import t


def area_labels(lang: str, overall: bool = True) -> dict[str, str]:
    labels = {a.code: a.short(lang) for a in areas()}
    return labels | ({OVERALL: t("area.overall", lang)} if overall else {})


def year_summary(tracker: Tracker, year: int) -> pd.DataFrame:
    return tracker.summary[tracker.summary["program_year"] == year]


def status_heatmap(tracker: Tracker, year: int, lang: str) -> go.Figure:
    """Province x goal area, each cell coloured by its status band and labelled with its score."""
    title = t("chart.status_by_area", lang, year=year)
    data = year_summary(tracker, year)
    if data.empty:
        return empty(title, t("chart.empty", lang))
    names, labels = tracker.province_names(lang), area_labels(lang)
    order = _ranked(data)
    grid = data.pivot(index="province_code", columns="area", values="status").reindex(index=order, columns=list(labels))
    scores = data.pivot(index="province_code", columns="area", values="score").reindex(
        index=order, columns=list(labels)
    )
    codes = grid.map(lambda s: STATUSES.index(s) if isinstance(s, str) else STATUSES.index("no_data"))
    n = len(STATUSES)
    scale = [[edge, status_color(s)] for i, s in enumerate(STATUSES) for edge in (i / n, (i + 1) / n)]
    text = scores.map(lambda v: percent(v) if pd.notna(v) else t("chart.no_data", lang))
    hover = grid.map(lambda s: t(f"status.{s}", lang) if isinstance(s, str) else t("status.no_data", lang))
    fig = go.Figure(
        go.Heatmap(
            z=codes.to_numpy(),
            x=list(labels.values()),
            y=[names[c] for c in order],
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            text=text.to_numpy(),
            texttemplate="%{text}",
            customdata=hover.to_numpy(),
            hovertemplate="%{y} · %{x}<br>%{customdata} %{text}<extra></extra>",
            xgap=3,
            ygap=3,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=0, automargin=True)
    apply(fig, title, height=max(340, 170 + 46 * len(order)), legend=False)
    fig.update_layout(margin={"t": 110})  # the area names sit between the title and the grid
    return fig


def _ranked(data: pd.DataFrame) -> list[str]:
    overall = data[data["area"] == OVERALL].sort_values("score", ascending=False, na_position="last")
    return overall["province_code"].tolist()


def ranking(tracker: Tracker, year: int, lang: str) -> go.Figure:
    title = t("chart.ranking", lang, year=year)
    data = year_summary(tracker, year)
    data = data[data["area"] == OVERALL].sort_values("score", ascending=True, na_position="first")
    if data.empty:
        return empty(title, t("chart.empty", lang))
    names = tracker.province_names(lang)
    fig = go.Figure(
        go.Bar(
            x=data["score"].fillna(0).clip(upper=1.0),
            y=[names[c] for c in data["province_code"]],
            orientation="h",
            marker_color=[status_color(s) for s in data["status"]],
            text=[percent(v) if pd.notna(v) else t("chart.no_data", lang) for v in data["score"]],
            textposition="outside",
            customdata=[t(f"status.{s}", lang) for s in data["status"]],
            hovertemplate="%{y}: %{text} (%{customdata})<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 1.15], tickformat=".0%", title=t("chart.score", lang))
    return apply(fig, title, height=max(300, 120 + 40 * len(data)), legend=False)


def years_of(tracker: Tracker, province: str) -> list[int]:
    years = tracker.summary.loc[tracker.summary["province_code"] == province, "program_year"]
    return sorted(int(y) for y in years.unique())


def _province_title(tracker: Tracker, province: str, key: str, lang: str, years: list[int]) -> str:
    """ "เชียงราย: ผลรายด้าน ปีที่ 1-3": the province and the years the chart covers."""
    name = tracker.province_names(lang).get(province, province)
    return t(key, lang, province=name, first=years[0] if years else 1, last=years[-1] if years else 3)


def area_trend(tracker: Tracker, province: str, lang: str) -> go.Figure:
    """The five area scores (and overall) of one province over its programme years."""
    years = years_of(tracker, province)
    title = _province_title(tracker, province, "chart.area_trend", lang, years)
    if not years:
        return empty(title, t("chart.empty", lang))
    data = tracker.summary[tracker.summary["province_code"] == province]
    fig = go.Figure()
    for n, (area, label) in enumerate(area_labels(lang).items()):
        series = data[data["area"] == area].set_index("program_year")["score"].reindex(years)
        overall = area == OVERALL
        fig.add_trace(
            go.Scatter(
                x=years,
                y=series.to_numpy(dtype=float, na_value=np.nan),
                name=label,
                mode="lines+markers",
                line={
                    "width": 4 if overall else 2.5,
                    "dash": "dash" if overall else "solid",
                    "color": "#212121" if overall else series_color(n),
                },
                marker={"size": 10},
                connectgaps=False,
                hovertemplate=f"{label} %{{x}}: %{{y:.0%}}<extra></extra>",
            )
        )
    _year_axis(fig, years, lang)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title=t("chart.score", lang))
    return apply(fig, title)


def _year_axis(fig: go.Figure, years: list[int], lang: str) -> None:
    fig.update_xaxes(
        tickvals=years, ticktext=[t("chart.year_n", lang, year=y) for y in years], title=t("chart.year_axis", lang)
    )


def radar(tracker: Tracker, province: str, lang: str) -> go.Figure:
    years = years_of(tracker, province)
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


def indicator_bars(tracker: Tracker, province: str, lang: str) -> go.Figure:
    """Target vs actual per indicator and year, one small panel per indicator (own scale)."""
    records = tracker.records[tracker.records["province_code"] == province]
    years = sorted(int(y) for y in records["program_year"].unique())
    title = _province_title(tracker, province, "chart.indicators", lang, years)
    if records.empty:
        return empty(title, t("chart.empty", lang))
    codes = [c for c in tracker.catalogue.codes if c in set(records["indicator"])]
    cols = min(5, len(codes))
    rows = -(-len(codes) // cols)
    names = [chart_text(tracker.catalogue.get(c).name(lang)) for c in codes]  # a workbook may name its own
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[_wrap(n) for n in names], vertical_spacing=0.2)
    labels = [t("chart.year_n", lang, year=y) for y in years]
    for n, code in enumerate(codes):
        mine = records[records["indicator"] == code].set_index("program_year").reindex(years)
        where = {"row": n // cols + 1, "col": n % cols + 1}
        for measure, color in (("target", style()["series"]["target"]), ("actual", series_color(0))):
            fig.add_trace(
                go.Bar(
                    x=labels,
                    y=mine[measure].to_numpy(dtype=float, na_value=np.nan),
                    name=t(f"chart.{measure}", lang),
                    marker_color=color,
                    legendgroup=measure,
                    showlegend=n == 0,
                    hovertemplate=f"{names[n]}<br>%{{x}} {t(f'chart.{measure}', lang)}: %{{y:,.0f}}<extra></extra>",
                ),
                **where,
            )
    fig.update_annotations(font_size=13)
    apply(fig, title, height=290 * rows + 190)
    fig.update_layout(margin={"t": 120})  # room for the two-line panel titles under the title
    return fig


def _wrap(text: str, width: int = 20) -> str:
    """At most two lines of about ``width`` characters (Thai has no spaces: cut anywhere safe)."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width + 1)
    cut = cut if cut > width // 2 else _thai_cut(text, width)
    rest = text[cut:].strip()
    return text[:cut].strip() + "<br>" + (rest if len(rest) <= width else rest[: width - 1] + "…")


def _thai_cut(text: str, width: int) -> int:
    """A position near ``width`` that does not split a base character from its marks."""
    cut = width
    while cut < len(text) and unicodedata.category(text[cut]) == "Mn":
        cut += 1
    return cut


def compare_areas(tracker: Tracker, provinces: list[str], lang: str) -> go.Figure:
    """Several provinces on one programme-year axis, one panel per goal area and overall."""
    title = t("chart.compare_areas", lang)
    data = tracker.summary[tracker.summary["province_code"].isin(provinces)]
    if data.empty:
        return empty(title, t("chart.empty", lang))
    labels, names = area_labels(lang), tracker.province_names(lang)
    years = sorted(int(y) for y in data["program_year"].unique())
    fig = make_subplots(rows=2, cols=3, subplot_titles=list(labels.values()), shared_yaxes=True, vertical_spacing=0.18)
    for n, area in enumerate(labels):
        for m, code in enumerate(provinces):
            series = data[(data["area"] == area) & (data["province_code"] == code)].set_index("program_year")["score"]
            fig.add_trace(
                go.Scatter(
                    x=years,
                    y=series.reindex(years).to_numpy(dtype=float, na_value=np.nan),
                    name=names.get(code, code),
                    mode="lines+markers",
                    line={"color": series_color(m), "width": 2.5},
                    legendgroup=code,
                    showlegend=n == 0,
                    connectgaps=False,
                    hovertemplate=f"{names.get(code, code)} %{{x}}: %{{y:.0%}}<extra></extra>",
                ),
                row=n // 3 + 1,
                col=n % 3 + 1,
            )
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_xaxes(tickvals=years, ticktext=[t("chart.year_n", lang, year=y) for y in years])
    return apply(fig, title, height=640)


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
