"""Calendar of good deeds (ปฏิทินความดี): a month view, a timeline by kind or network, upcoming
and past events with their participants, and the events as an .ics file for calendar apps."""

from __future__ import annotations

import streamlit as st

from moral_metrics.briefing.ics import to_ics
from moral_metrics.figures.calendar import month_label, months_with_events, table, timeline, upcoming_and_past
from moral_metrics.figures.safety import safe_name
from moral_metrics.reference.calendar import thai_today
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import t
from moral_metrics.reference.recognition import EVENT_KINDS
from ui.recognition import month_view, page_head, url_choice
from ui.shell import through_router
from ui.state import lang, param_value, tr
from ui.widgets import chart, data_table

through_router()

tracker, events = page_head("calendar", "events")

language, names = lang(), tracker.province_names(lang())
left, right = st.columns(2)
with left:
    codes = [c for c in tracker.province_codes if c in set(events["province_code"])]
    province = url_choice(tr("calendar.province"), codes, "province", "calendar_province", names.get)
with right:
    kinds = [k for k in EVENT_KINDS if k in set(events["kind"])]
    kind = url_choice(tr("calendar.kind"), kinds, "kind", "calendar_kind", lambda k: t(f"event_kind.{k}", language))
if province:
    events = events[events["province_code"] == province]
if kind:
    events = events[events["kind"] == kind]

people = events["participants"].dropna()
st.markdown(f"**{tr('calendar.participants_total', count=number_text(people.sum()), events=len(events))}**")
st.download_button(
    tr("calendar.download"),
    lambda: to_ics(events, names, language),
    file_name=f"{safe_name('calendar', province or 'all', kind or '')}.ics",
    mime="text/calendar",
    help=tr("calendar.download_help"),
    key="calendar_ics",
)

today = param_value("today") or thai_today()  # ?today= is honoured in tests only (testing.today_param)
upcoming, past = upcoming_and_past(events, today)
months = months_with_events(events)
if months:
    asked = param_value("month")
    default = asked if asked in months else None
    soon = [m for m in months if m >= (today.year, today.month)]
    month = st.selectbox(
        tr("calendar.month"),
        months,
        index=months.index(default or (soon[0] if soon else months[-1])),
        format_func=lambda m: month_label(m[0], m[1], language),
        key="calendar_month",
    )
    st.subheader(tr("calendar.month_title", month=month_label(month[0], month[1], language)))
    month_view(events, month[0], month[1])

by = st.segmented_control(
    tr("calendar.by"),
    ["kind", "networks"],
    default="kind",
    format_func=lambda b: tr(f"calendar.by_{b}"),
    key="calendar_by",
)
chart(timeline(events, tr("calendar.timeline"), language, by or "kind"), "calendar", "timeline")
st.subheader(tr("calendar.upcoming"))
if upcoming.empty:
    st.caption(tr("calendar.no_upcoming"))
else:
    data_table(table(upcoming, names, language))
st.subheader(tr("calendar.past"))
data_table(table(past, names, language))
