"""Honouring per district and month of a fiscal year (October to September): every district of
the province (``reference.districts``), the months in which none was honoured, the coverage rate.

A district-month counts the honourees dated in it and the honouring events (kind ``honouring``)
held there; an honouree with a fiscal year but no date, or with no district, is in no cell.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.style import apply, empty, style
from moral_metrics.model import Tracker
from moral_metrics.reference.calendar import BUDDHIST_ERA
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.i18n import t

FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
HONOURING = "honouring"
_SCALE = style()["coverage"]["scale"]  # 1, 2, 3, 4 or more in a district-month


def _dated(frame: pd.DataFrame, province: str, fiscal_year: int) -> pd.DataFrame:
    mine = frame[(frame["province_code"] == province) & (frame["fiscal_year"] == fiscal_year)]
    return mine[mine["date"].notna() & mine["district_code"].notna()]


def honouring_grid(tracker: Tracker, province: str, fiscal_year: int) -> pd.DataFrame:
    """Counts with a row per district of the province (DOPA order) and a column per month
    (October first)."""
    people = _dated(tracker.dataset("honourees"), province, fiscal_year)
    events = _dated(tracker.dataset("events"), province, fiscal_year)
    events = events[events["kind"] == HONOURING]
    both = pd.concat([people[["district_code", "date"]], events[["district_code", "date"]]], ignore_index=True)
    months = both["date"].map(lambda d: dt.date.fromisoformat(d).month)
    counts = both.groupby([both["district_code"], months]).size()
    codes = [d.code for d in district_index().of_province(province)]
    grid = pd.DataFrame(0, index=codes, columns=list(FISCAL_MONTHS), dtype=int)
    for (code, month), n in counts.items():
        if code in grid.index:
            grid.loc[code, month] = int(n)
    return grid


def coverage_rate(grid: pd.DataFrame) -> tuple[int, int]:
    """(district-months with any honouring, all district-months)."""
    return int((grid > 0).to_numpy().sum()), int(grid.size)


def quiet_months(grid: pd.DataFrame) -> list[int]:
    """The months (numbers) in which no district honoured anyone."""
    return [m for m in grid.columns if not grid[m].any()]


def month_names(fiscal_year: int, lang: str) -> list[str]:
    """ "ต.ค. 64" ... "ก.ย. 65" for fiscal 2565 (two-digit BE years in Thai, CE years in English)."""
    short = t("date.months_short", lang).split("|")
    out = []
    for month in FISCAL_MONTHS:
        year = fiscal_year - BUDDHIST_ERA - (1 if month >= 10 else 0)
        shown = year + BUDDHIST_ERA if lang == "th" else year
        out.append(f"{short[month - 1]} {str(shown)[-2:]}")
    return out


def fiscal_years(tracker: Tracker, province: str) -> list[int]:
    """Fiscal years with any honouree or honouring event of the province."""
    people, events = tracker.dataset("honourees"), tracker.dataset("events")
    events = events[events["kind"] == HONOURING]
    years = {int(y) for y in people.loc[people["province_code"] == province, "fiscal_year"]}
    return sorted(years | {int(y) for y in events.loc[events["province_code"] == province, "fiscal_year"]})


def coverage_heatmap(grid: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """The grid as a heatmap: a cell's count in it, none in light grey with a dash."""
    if grid.empty:
        return empty(title, t("coverage.none", lang))
    names = [district_index().by_code[c].name(lang) for c in grid.index]
    z = grid.to_numpy().astype(float)
    none = style()["levels"]["none"]
    scale = [[0.0, none], [0.2, none], [0.2, _SCALE[0]], [0.4, _SCALE[0]], [0.4, _SCALE[1]], [0.6, _SCALE[1]]]
    scale += [[0.6, _SCALE[2]], [0.8, _SCALE[2]], [0.8, _SCALE[3]], [1.0, _SCALE[3]]]
    text = np.where(z > 0, z.astype(int).astype(str), "–")
    fig = go.Figure(
        go.Heatmap(
            z=np.minimum(z, 4),
            x=[t("date.months_short", lang).split("|")[m - 1] for m in FISCAL_MONTHS],  # the year is in the title
            y=names,
            zmin=0,
            zmax=4,
            colorscale=scale,
            showscale=False,
            text=text,
            texttemplate="%{text}",
            xgap=2,
            ygap=2,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top")
    return apply(fig, title, height=160 + 26 * len(names), legend=False, top=48)  # room for upright labels
