"""The Calendar page's widgets: the month and the opened day bound to the URL (``?month=2026-10``,
``?day=2026-10-14``, parsed strictly: a bad value falls back with a notice), the month as a grid
(a list by day on a phone), and tables sent a page at a time."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from moral_metrics.figures.calendar import month_label
from moral_metrics.figures.calendar_views import Day
from moral_metrics.figures.safety import display_text
from moral_metrics.figures.timeline import limits
from moral_metrics.reference.calendar import thai_today
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import date_text
from ui.recognition import styled
from ui.state import lang, param_value, set_param, tr
from ui.widgets import data_table

MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")  # ASCII digits only: "²" or Thai digits are no month here
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(text: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` in ASCII digits and a real date, else None."""
    if not text or not DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def url_today() -> dt.date:
    """Today in Bangkok (not the server's date), or ``?today=`` where tests may set it; a bad
    value was already said by the page's URL notices (``ui.state.url_notices``)."""
    return param_value("today") or thai_today()


def _month_text(month: tuple[int, int]) -> str:
    return f"{month[0]}-{month[1]:02d}"


def url_month(months: list[tuple[int, int]], today: dt.date) -> tuple[int, int]:
    """The month select box, bound to ``?month=YYYY-MM``; by default the first month from today
    with events (else the last). A month not in ``months`` falls back to it with a notice."""
    soon = [m for m in months if m >= (today.year, today.month)]
    default = soon[0] if soon else months[-1]
    wanted = param_value("month")  # a malformed one was said by the page's URL notices
    if wanted is not None and wanted not in months:  # a real month without events
        value = _month_text(wanted)
        st.warning(tr("calendar.bad_month", value=value, month=month_label(*default, lang())))
    st.session_state["calendar_month"] = wanted if wanted in months else default

    def changed() -> None:
        set_param("month", _month_text(st.session_state["calendar_month"]))
        set_param("day", None)  # the opened day was of the month left

    month = st.selectbox(
        tr("calendar.month"),
        months,
        key="calendar_month",
        format_func=lambda m: month_label(m[0], m[1], lang()),
        on_change=changed,
    )
    if month != wanted:
        set_param("month", _month_text(month))
    return month


def url_day(days: dict[dt.date, int]) -> dt.date | None:
    """A day of the month to open (``?day=YYYY-MM-DD``), among the days with events."""
    wanted = param_value("day")
    if wanted is not None and wanted not in days:
        st.info(tr("calendar.bad_param", name="day", value=wanted.isoformat()))
        set_param("day", None)
    st.session_state["calendar_day"] = wanted if wanted in days else None

    def changed() -> None:
        picked = st.session_state["calendar_day"]
        set_param("day", picked.isoformat() if picked else None)

    return st.selectbox(
        tr("calendar.open_day"),
        list(days),
        index=None,
        key="calendar_day",
        placeholder=tr("calendar.pick_day"),
        format_func=lambda d: tr("calendar.day_option", date=date_text(d, lang()), count=number_text(days[d])),
        on_change=changed,
    )


MONTH_STYLE = """<style>
.mm-month{width:100%;border-collapse:collapse;table-layout:fixed;font-size:.85rem}
.mm-month th{background:$head_fill;padding:.25rem;text-align:center}
.mm-month td{border:1px solid $line;vertical-align:top;height:4.2rem;padding:.2rem;overflow-wrap:anywhere}
.mm-month .mm-day,.mm-days .mm-day{font-weight:700;color:$meta}.mm-month .mm-ev{display:block;background:$tag_fill;
border-radius:.3rem;margin-top:.15rem;padding:0 .2rem}
.mm-days{display:none}.mm-days .mm-row{border-bottom:1px solid $line;padding:.35rem 0}
.mm-days .mm-ev{display:block;padding-left:.6rem}
/* a phone gets the list by day: !important beats Streamlit's own table style */
@media (max-width:640px){.mm-month{display:none !important}.mm-days{display:block}}
</style>"""


def _escaped(value: object) -> str:
    return html.escape(display_text(value))


def _grid(weeks: list[list[Day]]) -> str:
    heads = "".join(f"<th>{_escaped(d)}</th>" for d in tr("date.weekdays").split("|"))
    rows = []
    for week in weeks:
        cells = []
        for day in week:
            listed = "".join(f'<span class="mm-ev" title="{_escaped(x)}">{_escaped(x)}</span>' for x in day.titles)
            more = (
                f'<span class="mm-day">+{number_text(day.count - len(day.titles))}</span>'
                if day.count > len(day.titles)
                else ""
            )
            cells.append(f'<td><span class="mm-day">{day.day or ""}</span>{listed}{more}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="mm-month"><tr>{heads}</tr>{"".join(rows)}</table>'


def _list(weeks: list[list[Day]], year: int, month: int) -> str:
    """The phone's month: the days with events, each with its first titles and how many more."""
    rows = []
    for day in (d for week in weeks for d in week if d.day and d.count):
        when = _escaped(date_text(dt.date(year, month, day.day), lang()))
        listed = "".join(f'<span class="mm-ev">{_escaped(x)}</span>' for x in day.titles)
        extra = day.count - len(day.titles)
        more = f'<span class="mm-ev">{_escaped(tr("calendar.day_more", count=number_text(extra)))}</span>'
        rows.append(f'<div class="mm-row"><span class="mm-day">{when}</span>{listed}{more if extra else ""}</div>')
    return f'<div class="mm-days">{"".join(rows)}</div>'


def month_view(weeks: list[list[Day]], year: int, month: int) -> None:
    """The month as a grid of weeks (Monday first) on a wide screen, a list by day on a phone."""
    html_ = styled(MONTH_STYLE) + _grid(weeks) + _list(weeks, year, month)
    st.markdown(html_, unsafe_allow_html=True)


def paged_table(key: str, count: int, rows: Callable[[int], pd.DataFrame], scope: object) -> None:
    """The first page of a table (``table_page`` rows), "N of M shown" and a button adding a page;
    back to one page when ``scope`` (the filters) changes."""
    step = limits()["table_page"]
    kept = st.session_state.get(key)
    limit = kept[1] if isinstance(kept, tuple) and kept[0] == scope else step
    shown = min(limit, count)
    data_table(rows(shown))
    if count > shown:
        st.caption(tr("calendar.rows_shown", shown=number_text(shown), count=number_text(count)))
        if st.button(tr("calendar.more", count=number_text(min(step, count - shown))), key=f"{key}_more"):
            st.session_state[key] = (scope, limit + step)
            st.rerun()
