"""What one Calendar visit shows, each piece made from a tracker and the visit's choices, so that a
page can make it once per version, language and choices (``ui.cache.made``) and send only a page
of it: with 199,999 events a visit then sends a month's grid of titles, a page of rows and a chart
of counts, not every event (issues 23-24).

Every builder takes ``(tracker, *choices, lang)``: ``province`` and ``kind`` are None for all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.calendar import ends, in_month, month_weeks, months_with_events, on_day, table, title_of
from moral_metrics.figures.calendar import upcoming_and_past as split
from moral_metrics.figures.timeline import limits, timeline
from moral_metrics.model import Tracker
from moral_metrics.reference.i18n import t
from moral_metrics.reference.recognition import EVENT_KINDS


def chosen(tracker: Tracker, province: str | None, kind: str | None) -> pd.DataFrame:
    events = tracker.dataset("events")
    if province:
        events = events[events["province_code"] == province]
    if kind:
        events = events[events["kind"] == kind]
    return events


@dataclass(frozen=True)
class Summary:
    provinces: tuple[str, ...]  # the choices of the filters: every province and kind with events
    kinds: tuple[str, ...]
    events: int  # of the chosen province and kind
    participants: int
    months: tuple[tuple[int, int], ...]
    upcoming: int
    past: int


def summary(tracker: Tracker, province: str | None, kind: str | None, today: dt.date, lang: str) -> Summary:
    every = tracker.dataset("events")
    events = chosen(tracker, province, kind)
    over = int((ends(events) < today.isoformat()).sum())  # counted, not sorted: a page sorts its own
    present = set(every["province_code"])
    return Summary(
        provinces=tuple(c for c in tracker.province_codes if c in present),
        kinds=tuple(k for k in EVENT_KINDS if k in set(every["kind"])),
        events=len(events),
        participants=int(events["participants"].dropna().sum()),
        months=tuple(months_with_events(events)),
        upcoming=len(events) - over,
        past=over,
    )


@dataclass(frozen=True)
class Day:
    day: int | None  # None: a cell before the 1st or after the last day
    count: int
    titles: tuple[str, ...]  # the first ``day_titles``


def month_grid(tracker: Tracker, province: str | None, kind: str | None, month: tuple[int, int], lang: str) -> list:
    """The month as weeks of ``Day`` (Monday first): counts and the first few titles only."""
    shown = limits()["day_titles"]
    events = in_month(chosen(tracker, province, kind), *month)
    return [
        [Day(d, len(on), tuple(title_of(e, lang) for e in on[:shown])) for d, on in week]
        for week in month_weeks(events, *month)
    ]


def timeline_of(tracker: Tracker, province: str | None, kind: str | None, by: str, lang: str) -> go.Figure:
    return timeline(chosen(tracker, province, kind), t("calendar.timeline", lang), lang, by)


def rows_page(
    tracker: Tracker, province: str | None, kind: str | None, which: str, today: dt.date, limit: int, lang: str
) -> pd.DataFrame:
    """The first ``limit`` rows of a table to read: ``upcoming`` (soonest first), ``past`` (latest
    first) or a day's events (``which`` an ISO date)."""
    events = chosen(tracker, province, kind)
    if which in ("upcoming", "past"):
        upcoming, past = split(events, today)
        rows = upcoming if which == "upcoming" else past
    else:
        rows = on_day(events, dt.date.fromisoformat(which))
    return table(rows.head(limit), tracker.province_names(lang), lang)


def day_count(tracker: Tracker, province: str | None, kind: str | None, day: dt.date, lang: str) -> int:
    return len(on_day(chosen(tracker, province, kind), day))
