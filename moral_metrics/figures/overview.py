"""The overview's figures for one programme year: the status heat map and the ranking.

Every province of the tracker is in them, with what is true of it that year: a band, an
"incomplete" score that rests on fewer than all areas ("2 of 5 areas reported"), "not reported"
or "not in the programme yet". Each point carries its province code (``customdata``) so that a
click can open the province.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.style import apply, empty, status_color
from moral_metrics.figures.text import wrap
from moral_metrics.metrics.scores import NOT_STARTED, OVERALL, STATUSES, year_status
from moral_metrics.model import Tracker
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.formats import percent
from moral_metrics.reference.i18n import t

HEADER_WIDTH = 11  # character cells per line of a heat-map column header
SHOWN = (*STATUSES, NOT_STARTED)  # every colour the heat map and the ranking can use


def area_labels(lang: str, overall: bool = True) -> dict[str, str]:
    labels = {a.code: a.short(lang) for a in areas()}
    return labels | ({OVERALL: t("area.overall", lang)} if overall else {})


def year_summary(tracker: Tracker, year: int) -> pd.DataFrame:
    return tracker.summary[tracker.summary["program_year"] == year]


def statuses_at(tracker: Tracker, year: int) -> pd.DataFrame:
    """Every province of the tracker at ``year`` (see ``metrics.year_status``)."""
    return year_status(tracker.summary, tracker.provinces, tracker.records, year)


def score_text(
    score: float, status: str, reported: int, total: int, lang: str, sep: str = " ", missing: str | None = None
) -> str:
    """ "82%", "100% (2/5)" for an incomplete score, or the status (or ``missing``) when there is none."""
    if pd.isna(score):
        return t(f"status.{status}", lang) if missing is None else missing
    return percent(score) + (f"{sep}({int(reported)}/{int(total)})" if status == "incomplete" else "")


def status_legend(fig: go.Figure, lang: str, statuses: tuple[str, ...] = SHOWN) -> None:
    """One legend entry per colour (a heat map or a bar colour has no legend of its own)."""
    for name in statuses:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": "square", "size": 14, "color": status_color(name)},
                name=t(f"status.{name}", lang),
                hoverinfo="skip",
            )
        )


def _cells(tracker: Tracker, year: int, lang: str, order: list[str]) -> dict[str, pd.DataFrame]:
    data = year_summary(tracker, year)
    columns = list(area_labels(lang))
    later = statuses_at(tracker, year).set_index("province_code")["status"]

    def grid(value: str) -> pd.DataFrame:
        return data.pivot(index="province_code", columns="area", values=value).reindex(index=order, columns=columns)

    status = grid("status").apply(lambda col: col.fillna(later.reindex(order)))
    score, reported, total = grid("score"), grid("areas_reported").fillna(0), grid("areas_total").fillna(1)
    text = pd.DataFrame(
        [
            [
                score_text(score.iat[i, j], status.iat[i, j], reported.iat[i, j], total.iat[i, j], lang, "<br>", "–")
                for j in range(len(columns))
            ]
            for i in range(len(order))
        ],
        index=order,
        columns=columns,
    )
    return {"status": status, "text": text}


def status_heatmap(tracker: Tracker, year: int, lang: str) -> go.Figure:
    """Province x goal area, each cell coloured by its status and labelled with its score."""
    title = t("chart.status_by_area", lang, year=year)
    ranked = statuses_at(tracker, year)
    if year_summary(tracker, year).empty:
        return empty(title, t("chart.empty", lang))
    order = _ranked(ranked)
    names, labels = tracker.province_names(lang), area_labels(lang)
    cells = _cells(tracker, year, lang, order)
    codes = cells["status"].map(SHOWN.index)
    n = len(SHOWN)
    scale = [[edge, status_color(s)] for i, s in enumerate(SHOWN) for edge in (i / n, (i + 1) / n)]
    hover = cells["status"].map(lambda s: t(f"status.{s}", lang))
    fig = go.Figure(
        go.Heatmap(
            z=codes.to_numpy(),
            x=[wrap(label, HEADER_WIDTH) for label in labels.values()],
            y=[names[c] for c in order],
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            text=cells["text"].to_numpy(),
            texttemplate="%{text}",
            hoverinfo="skip",  # the click layer below carries the hover text
            xgap=3,
            ygap=3,
        )
    )
    fig.add_trace(_click_layer(cells["text"], hover, [wrap(label, HEADER_WIDTH) for label in labels.values()], names))
    status_legend(fig, lang, tuple(s for s in SHOWN if (cells["status"] == s).any().any()))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top", autotickangles=[0, 90], automargin=True, tickfont={"size": 14})
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(showgrid=False)
    return apply(fig, title, height=max(380, 280 + 46 * len(order)), top=110)  # room for upright headers


def _click_layer(text: pd.DataFrame, hover: pd.DataFrame, columns: list[str], names: dict[str, str]) -> go.Scatter:
    """An invisible marker on every cell: a heat map cell cannot be selected, a marker can, and
    it names its province (``customdata``) for a click."""
    xs, ys, codes, texts = [], [], [], []
    for code in text.index:
        for j, column in enumerate(columns):
            xs.append(column)
            ys.append(names[code])
            codes.append(code)
            texts.append(f"{hover.loc[code].iat[j]} {text.loc[code].iat[j]}".replace("<br>", " "))
    return go.Scatter(
        x=xs,
        y=ys,
        customdata=codes,
        text=texts,
        mode="markers",
        marker={"size": 30, "symbol": "square", "opacity": 0},
        hovertemplate="%{y} · %{x}<br>%{text}<extra></extra>",
        showlegend=False,
    )


def _ranked(ranked: pd.DataFrame) -> list[str]:
    return ranked.sort_values("score", ascending=False, na_position="last")["province_code"].tolist()


def ranking(tracker: Tracker, year: int, lang: str) -> go.Figure:
    title = t("chart.ranking", lang, year=year)
    data = statuses_at(tracker, year)
    if year_summary(tracker, year).empty:
        return empty(title, t("chart.empty", lang))
    data = data.sort_values("score", ascending=True, na_position="first")
    names = tracker.province_names(lang)
    text = [score_text(r.score, r.status, r.areas_reported, r.areas_total, lang) for r in data.itertuples(index=False)]
    fig = go.Figure(
        go.Bar(
            x=data["score"].fillna(0).clip(upper=1.0),
            y=[names[c] for c in data["province_code"]],
            orientation="h",
            marker_color=[status_color(s) for s in data["status"]],
            text=text,
            textposition="outside",
            cliponaxis=False,
            customdata=data["province_code"],
            hovertext=[t(f"status.{s}", lang) for s in data["status"]],
            hovertemplate="%{y}: %{text} (%{hovertext})<extra></extra>",
            showlegend=False,
        )
    )
    status_legend(fig, lang, tuple(s for s in SHOWN if (data["status"] == s).any()))
    fig.update_xaxes(range=[0, 1.45], tickvals=[0, 0.25, 0.5, 0.75, 1], tickformat=".0%", title=t("chart.score", lang))
    fig.update_yaxes(automargin=True)
    return apply(fig, title, height=max(320, 180 + 40 * len(data)))
