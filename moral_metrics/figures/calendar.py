"""The calendar of good deeds (ปฏิทินความดี): events by month, a timeline by kind or network, and
tables of upcoming and past events. Dates stay ISO (Common Era) in the data and are shown in the
Buddhist Era with Thai month names in Thai."""

from __future__ import annotations

import calendar as cal
import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.honours import place_text
from moral_metrics.figures.safety import chart_text
from moral_metrics.figures.style import apply, empty, series_color
from moral_metrics.reference.calendar import BUDDHIST_ERA
from moral_metrics.reference.formats import MISSING, number_text
from moral_metrics.reference.i18n import date_text, t
from moral_metrics.reference.recognition import EVENT_KINDS


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def last_day(row: dict) -> dt.date:
    """An event's last day: its end date, else its start."""
    return _day(row.get("end_date")) or _day(row["date"])


def ends(events: pd.DataFrame) -> pd.Series:
    """Each event's last day as ISO text (its end date, else its start): ISO text sorts as dates."""
    end = events["end_date"].fillna("").astype(str)
    return end.where(end != "", events["date"].astype(str))


def upcoming_and_past(events: pd.DataFrame, today: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events not over yet (soonest first) and those over (latest first)."""
    if events.empty:
        return events, events
    over = ends(events) < today.isoformat()
    upcoming = events[~over].sort_values("date", kind="stable")
    past = events[over].sort_values("date", ascending=False, kind="stable")
    return upcoming, past


def title_of(row: dict, lang: str) -> str:
    """An event's title, or "not public" where the reader may not see it (``figures.privacy``)."""
    title = row.get("title")
    return title if isinstance(title, str) and title else t("calendar.not_public", lang)


def month_label(year: int, month: int, lang: str) -> str:
    name = t("date.months", lang).split("|")[month - 1]
    return f"{name} {year + BUDDHIST_ERA if lang == 'th' else year}"


def months_with_events(events: pd.DataFrame) -> list[tuple[int, int]]:
    """(year, month) of every month an event starts in, in order."""
    months = events["date"].dropna().astype(str).str.slice(0, 7).unique()
    return sorted((int(m[:4]), int(m[5:7])) for m in months if len(m) == 7)


def in_month(events: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """The events on any day of the month (one of several days counts in each month it touches)."""
    first, last = dt.date(year, month, 1), dt.date(year, month, cal.monthrange(year, month)[1])
    return events[(events["date"].astype(str) <= last.isoformat()) & (ends(events) >= first.isoformat())]


def on_day(events: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The events on a day (started then, or running through it), in order of start."""
    iso = day.isoformat()
    return events[(events["date"].astype(str) <= iso) & (ends(events) >= iso)].sort_values("date", kind="stable")


def month_weeks(events: pd.DataFrame, year: int, month: int) -> list[list[tuple[int | None, list[dict]]]]:
    """The month as weeks (Monday first) of (day or None, the events on that day, an event of
    several days on each of them)."""
    first, days = dt.date(year, month, 1), cal.monthrange(year, month)[1]
    last = dt.date(year, month, days)
    on: dict[int, list[dict]] = {}
    for row in in_month(events, year, month).to_dict("records"):
        start, end = _day(row["date"]), last_day(row)
        for n in range((min(end, last) - max(start, first)).days + 1):
            on.setdefault((max(start, first) + dt.timedelta(n)).day, []).append(row)
    weeks = []
    for week in cal.Calendar(firstweekday=0).monthdayscalendar(year, month):
        weeks.append([(d or None, on.get(d, []) if d else []) for d in week])
    return weeks


def table(events: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Events to read: when, title, kind, place, networks, participants."""
    rows = [
        {
            t("calendar.col_when", lang): _when(r, lang),
            t("calendar.col_title", lang): title_of(r, lang),
            t("calendar.col_kind", lang): t(f"event_kind.{r['kind']}", lang),
            t("calendar.col_place", lang): place_text(r["district_code"], r["province_code"], names, lang),
            t("calendar.col_networks", lang): r.get("networks") or MISSING,
            t("calendar.col_participants", lang): number_text(r["participants"]),
        }
        for r in events.to_dict("records")
    ]
    columns = ("col_when", "col_title", "col_kind", "col_place", "col_networks", "col_participants")
    return pd.DataFrame(rows, columns=[t(f"calendar.{c}", lang) for c in columns])


def _when(row: dict, lang: str) -> str:
    start, end = _day(row["date"]), _day(row.get("end_date"))
    if end and end != start:
        return t("calendar.span", lang, start=date_text(start, lang), end=date_text(end, lang))
    return date_text(start, lang)


def markers(events: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """A marker per event at its start, one row per kind; the bigger, the more participants (an
    event without a count is the smallest); hover gives title, days, participants. For a few
    hundred events at most (``figures.timeline`` counts more)."""
    if events.empty:
        return empty(title, t("calendar.none", lang))
    fig = go.Figure()
    for n, group in enumerate(k for k in EVENT_KINDS if k in set(events["kind"])):
        mine = events[events["kind"] == group]
        label = t(f"event_kind.{group}", lang)
        people = mine["participants"].astype("Float64").fillna(0).to_numpy(float)
        hover = [
            (chart_text(title_of(r, lang)), _when(r, lang), number_text(r["participants"]))
            for r in mine.to_dict("records")
        ]
        fig.add_trace(
            go.Scatter(
                x=list(mine["date"]),
                y=[label] * len(mine),
                mode="markers",
                name=label,
                marker={"color": series_color(n), "size": 8 + 1.2 * (people**0.5).clip(0, 10), "opacity": 0.8},
                customdata=hover,
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>"
                + t("calendar.col_participants", lang)
                + ": %{customdata[2]}<extra></extra>",
            )
        )
    fig.update_xaxes(type="date", **month_ticks(events, lang))
    fig.update_yaxes(autorange="reversed", automargin=True)
    return apply(fig, title, height=360, legend=False)


def month_ticks(events: pd.DataFrame, lang: str) -> dict:
    """Ticks on the first of months, labelled "ม.ค. 2566" in Thai (Plotly's own are Common Era)."""
    months = months_with_events(events)
    (y0, m0), (y1, m1) = months[0], months[-1]
    count = (y1 - y0) * 12 + m1 - m0 + 1
    step = max(1, -(-count // 5))  # at most about five labels: they must fit a phone unrotated
    values, labels = [], []
    for n in range(0, count + 1, step):
        year, month = y0 + (m0 - 1 + n) // 12, (m0 - 1 + n) % 12 + 1
        values.append(dt.date(year, month, 1).isoformat())
        short = t("date.months_short", lang).split("|")[month - 1]
        labels.append(f"{short} {year + BUDDHIST_ERA if lang == 'th' else year}")
    return {"tickvals": values, "ticktext": labels}
