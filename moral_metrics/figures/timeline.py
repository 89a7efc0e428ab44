"""The Calendar's timeline at any scale (issues 23-24): a dot per event while they can be told
apart, else counts per day, week or month stacked by kind; by network, events counted per named
network (a row per network, never one row of events with none). Limits in ``data/style.toml``."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.calendar import markers, month_ticks
from moral_metrics.figures.safety import chart_text
from moral_metrics.figures.style import apply, empty, series_color, style
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import t
from moral_metrics.reference.recognition import EVENT_KINDS

# How a list of networks is written in a cell: one per line, or separated by , ; / or "และ".
NETWORK_SEPARATORS = re.compile(r"\s*(?:[,;/\n]|\sและ\s)\s*")


def limits() -> dict[str, int]:
    return style()["calendar"]


def timeline(events: pd.DataFrame, title: str, lang: str, by: str = "kind") -> go.Figure:
    """Events over time by kind (dots, or counts when there are many), or counts per network."""
    if events.empty:
        return empty(title, t("calendar.none", lang))
    if by == "networks":
        return network_counts(events, title, lang)
    if len(events) <= limits()["timeline_markers_max"]:
        return markers(events, title, lang)
    return counts_over_time(events, title, lang)


def starts(events: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(events["date"], format="%Y-%m-%d", errors="coerce")  # ISO in the data: no guessing per row


def bin_of(days: pd.Series) -> str:
    """The bin that keeps a timeline readable: ``D`` (day), ``W`` (week, from Monday) or ``M``."""
    span = (days.max() - days.min()).days
    if span <= limits()["day_bins_max_days"]:
        return "D"
    return "W" if span <= limits()["week_bins_max_days"] else "M"


def binned(events: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Events counted per bin (rows, ISO dates of each bin's first day) and kind (columns)."""
    days = starts(events)
    bin_ = bin_of(days)
    periods = days.dt.to_period("W-SUN" if bin_ == "W" else bin_)
    first_days = periods.dt.start_time.dt.strftime("%Y-%m-%d")
    counts = pd.crosstab(first_days, events["kind"]).sort_index()
    return counts[[k for k in EVENT_KINDS if k in counts.columns]], bin_


def counts_over_time(events: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """Stacked bars: events starting in each day, week or month, by kind (one trace per kind:
    what is sent grows with the bins, not with the events)."""
    counts, bin_ = binned(events)
    fig = go.Figure()
    per = t(f"calendar.per_{bin_}", lang)
    for n, kind in enumerate(counts.columns):
        label = t(f"event_kind.{kind}", lang)
        fig.add_trace(
            go.Bar(
                x=list(counts.index),
                y=counts[kind].to_list(),
                name=label,
                marker={"color": series_color(n), "line": {"width": 0}},
                hovertemplate=f"{label}<br>%{{x|%Y-%m-%d}}: %{{y:,}} {per}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", bargap=0.05)
    fig.update_xaxes(type="date", **month_ticks(events, lang))
    fig.update_yaxes(title=per, rangemode="tozero", tickformat=",d")  # 1,000 not 1000
    return apply(fig, title, height=380, legend=True)


def network_names(cell: object) -> list[str]:
    """The networks written in an event's cell (a bare count of networks names none)."""
    if not isinstance(cell, str):
        return []
    names = [n.strip() for n in NETWORK_SEPARATORS.split(cell)]
    return [n for n in names if n and not n.replace(",", "").isdigit()]


def network_table(events: pd.DataFrame, lang: str) -> tuple[pd.Series, int]:
    """Events per named network, most first (beyond ``networks_shown`` summed as "others"), and
    how many events name none."""
    named = events["networks"].map(network_names)
    counts = named.explode().dropna().value_counts()
    shown = limits()["networks_shown"]
    if len(counts) > shown:
        others = pd.Series({t("calendar.other_networks", lang, count=len(counts) - shown): counts.iloc[shown:].sum()})
        counts = pd.concat([counts.iloc[:shown], others])
    return counts, int((named.map(len) == 0).sum())


def network_counts(events: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """Horizontal bars: events per named network; a note of the events that name none."""
    counts, unnamed = network_table(events, lang)
    note = t("calendar.no_network_named", lang, count=number_text(unnamed))
    if counts.empty:
        return empty(title, note)
    labels = [chart_text(n) for n in counts.index]  # tracker text: never markup
    fig = go.Figure(
        go.Bar(
            x=counts.to_list(),
            y=labels,
            orientation="h",
            marker={"color": series_color(0)},
            text=[number_text(c) for c in counts],
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    axis = t("calendar.axis_events_total", lang)  # the events naming none said under it (no tracker text)
    named = f'{axis}<br><span style="font-size:13px">{note}</span>' if unnamed else axis
    fig.update_xaxes(title=named, rangemode="tozero", automargin=True, tickformat=",d")
    return apply(fig, title, height=180 + 28 * len(counts), legend=False)
