"""The overview's figures for one programme year: the status heat map and the ranking.

Every province of the tracker is in them, with what is true of it that year: a band, an
"incomplete" score that rests on fewer than all areas ("2 of 5 areas reported"), "not reported"
or "not in the programme yet". Each point carries its province code (``customdata``) so that a
click can open the province.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.style import apply, empty, ink, status_color, style, text_color
from moral_metrics.figures.text import wrap
from moral_metrics.metrics.scores import NOT_STARTED, OVERALL, STATUSES, status_bounds, year_status
from moral_metrics.model import Tracker
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.formats import banded_percent, number_text
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
    shown = banded_percent(score, status_bounds())
    return shown + (f"{sep}({int(reported)}/{int(total)})" if status == "incomplete" else "")


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


def ranking_ends() -> int:
    """Provinces shown at each end of the first screen's ranking (``data/style.toml``)."""
    return int(style()["ranking"]["ends"])


def ranking(tracker: Tracker, year: int, lang: str, ends: int = 0) -> go.Figure:
    """Provinces by overall score, the furthest behind at the top; with ``ends`` only that many
    at each end, the middle folded into one labelled row (issue 24: the first screen shows who is
    behind and who leads, not a 77-bar strip)."""
    title = t("chart.ranking", lang, year=year)
    data = statuses_at(tracker, year)
    if year_summary(tracker, year).empty:
        return empty(title, t("chart.empty", lang))
    data = data.sort_values("score", ascending=True, na_position="first")
    folded = len(data) - 2 * ends if ends and len(data) > 2 * ends + 1 else 0
    names = tracker.province_names(lang)
    rows = [(names[r.province_code], r) for r in data.itertuples(index=False)]
    if folded:
        gap = t("chart.ranking_folded", lang, count=number_text(folded))
        rows = [*rows[:ends], (gap, None), *rows[-ends:]]
    fig = go.Figure(
        go.Bar(
            x=[0 if r is None else min(1.0, 0 if pd.isna(r.score) else r.score) for _, r in rows],
            y=[label for label, _ in rows],
            orientation="h",
            marker_color=[ink("line") if r is None else status_color(r.status) for _, r in rows],
            text=["" if r is None else _bar_text(r, lang) for _, r in rows],
            textposition="outside",
            cliponaxis=False,
            customdata=["" if r is None else r.province_code for _, r in rows],
            hovertext=["" if r is None else t(f"status.{r.status}", lang) for _, r in rows],
            hovertemplate="%{y}: %{text} (%{hovertext})<extra></extra>",
            showlegend=False,
        )
    )
    status_legend(fig, lang, tuple(s for s in SHOWN if (data["status"] == s).any()))
    fig.update_xaxes(range=[0, 1.45], tickvals=[0, 0.5, 1], tickformat=".0%", tickangle=0, title=t("chart.score", lang))
    fig.update_yaxes(automargin=True, autorange="reversed")  # the first row (furthest behind) on top
    return apply(fig, title, height=max(320, 180 + 32 * len(rows)))


def ranking_folded(tracker: Tracker, year: int, ends: int, lang: str) -> go.Figure:
    """``ranking`` with ``ends`` provinces at each end (0: all), in the order ``made`` calls."""
    return ranking(tracker, year, lang, ends)


def _bar_text(row: object, lang: str) -> str:
    return score_text(row.score, row.status, row.areas_reported, row.areas_total, lang)  # type: ignore[attr-defined]


CHIP = (
    '<span style="display:inline-block;margin:0 .4rem .4rem 0;padding:.15rem .6rem;border-radius:1rem;'
    'background:{fill};color:{ink};border:1px solid {line};white-space:nowrap">{label} <b>{count}</b></span>'
)


def status_chips(statuses: pd.DataFrame, lang: str) -> str:
    """Each status with its count as a chip in the map's colours (HTML of translated labels and
    counts only: no province name or other user text goes into it)."""
    chips = []
    for status in SHOWN:
        count = int((statuses["status"] == status).sum())
        if count or status in STATUSES[:4]:
            chips.append(status_chip(status, lang, count))
    return "".join(chips)


def status_chip(status: str, lang: str, count: int | None = None) -> str:
    fill, label = status_color(status), html.escape(t(f"status.{status}", lang))
    shown = "" if count is None else number_text(count)
    return CHIP.format(fill=fill, ink=text_color(fill), line=ink("line"), label=label, count=shown)


def status_names(statuses: pd.DataFrame, names: dict[str, str], lang: str) -> list[tuple[str, list[str]]]:
    """(status label, its provinces' names) for every status that has provinces, in band order."""
    out = []
    for status in SHOWN:
        mine = [names[c] for c in statuses.loc[statuses["status"] == status, "province_code"]]
        if mine:
            out.append((t(f"status.{status}", lang), mine))
    return out


def province_headline(tracker: Tracker, province: str, lang: str) -> str:
    """The first line of a province's page (issue 24): its latest reported programme year's
    status as a chip, the overall score and how many areas it rests on (HTML of translated text
    and numbers only)."""
    rows = tracker.summary[(tracker.summary["province_code"] == province) & (tracker.summary["area"] == OVERALL)]
    if rows.empty:
        return html.escape(t("province.headline_none", lang))
    row = rows.sort_values("program_year").iloc[-1]
    fill = status_color(row["status"])
    chip = CHIP.format(
        fill=fill,
        ink=text_color(fill),
        line=ink("line"),
        label=html.escape(t(f"status.{row['status']}", lang)),
        count="",
    )
    text = t(
        "province.headline",
        lang,
        year=int(row["program_year"]),
        score=score_text(row["score"], row["status"], row["areas_reported"], row["areas_total"], lang),
        reported=int(row["areas_reported"]),
        total=int(row["areas_total"]),
    )
    return f"{chip}{html.escape(text)}"
