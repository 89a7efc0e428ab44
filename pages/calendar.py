"""Calendar of good deeds (ปฏิทินความดี): a month view (a list by day on a phone) whose days open
below it, a timeline by kind or counts by network, upcoming and past events a page at a time, and
the events as an .ics file for calendar apps. What a visit shows is made once per version,
language and choices (``ui.cache.made``): a visit with 199,999 events sends a page, not them all."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from moral_metrics.briefing.ics import to_ics
from moral_metrics.figures.calendar import month_label
from moral_metrics.figures.calendar_views import chosen, day_count, month_grid, rows_page, summary, timeline_of
from moral_metrics.figures.safety import safe_name
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import date_text, t
from ui.cache import made
from ui.calendar import month_view, paged_table, url_day, url_month, url_today
from ui.recognition import page_head, url_choice
from ui.shell import through_router
from ui.state import lang, tr
from ui.widgets import chart, picker_names

through_router()

tracker, _ = page_head("calendar", "events")

language, names = lang(), tracker.province_names(lang())
today = url_today()
every = made(summary, tracker, None, None, today)
left, right = st.columns(2)
with left:
    province = url_choice(
        tr("calendar.province"), every.provinces, "province", "calendar_province", picker_names(tracker).get
    )
with right:
    kinds, label = every.kinds, lambda k: t(f"event_kind.{k}", language)
    kind = url_choice(tr("calendar.kind"), kinds, "kind", "calendar_kind", label)
info = made(summary, tracker, province, kind, today) if province or kind else every
scope = (province, kind)

people = number_text(info.participants)
st.markdown(f"**{tr('calendar.participants_total', count=people, events=number_text(info.events))}**")
st.download_button(
    tr("calendar.download"),
    lambda: to_ics(chosen(tracker, province, kind), names, language),  # made on a click only
    file_name=f"{safe_name('calendar', province or 'all', kind or '')}.ics",
    mime="text/calendar",
    help=tr("calendar.download_help"),
    key="calendar_ics",
)

if info.months:
    month = url_month(list(info.months), today)
    st.subheader(tr("calendar.month_title", month=month_label(month[0], month[1], language)))
    weeks = made(month_grid, tracker, province, kind, month)
    month_view(weeks, *month)
    days = {dt.date(*month, c.day): c.count for week in weeks for c in week if c.day and c.count}
    day = url_day(days)
    if day:
        st.subheader(tr("calendar.day_title", date=date_text(day, language)))
        count = made(day_count, tracker, province, kind, day)
        paged_table("calendar_day_rows", count, lambda n: made(rows_page, tracker, *scope, day.isoformat(), today, n),
                    (scope, day))  # fmt: skip

by = st.segmented_control(
    tr("calendar.by"),
    ["kind", "networks"],
    default="kind",
    format_func=lambda b: tr(f"calendar.by_{b}"),
    key="calendar_by",
)
chart(made(timeline_of, tracker, province, kind, by or "kind"), "calendar", "timeline")
st.subheader(tr("calendar.upcoming"))
if not info.upcoming:
    st.caption(tr("calendar.no_upcoming"))
else:
    rows = lambda n: made(rows_page, tracker, *scope, "upcoming", today, n)  # noqa: E731
    paged_table("calendar_upcoming", info.upcoming, rows, (scope, today))
st.subheader(tr("calendar.past"))
paged_table("calendar_past", info.past, lambda n: made(rows_page, tracker, *scope, "past", today, n), (scope, today))
