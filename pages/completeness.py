"""Reporting (การรายงาน): who has reported, by province and programme year, with rates and the
provinces whose data is overdue (their due dates and last submission)."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.submissions import table_xlsx
from moral_metrics.reference.calendar import fiscal_year, thai_today
from moral_metrics.reference.settings import settings
from ui.cache import reporting
from ui.shell import through_router
from ui.state import lang, tr, viewed_tracker
from ui.widgets import version_caption

through_router()
tracker = viewed_tracker()
st.title(tr("page.completeness"))
version_caption()
year = fiscal_year(thai_today())
st.caption(tr("completeness.intro", year=year, days=settings().submissions.due_days))

view = reporting(tracker)
st.subheader(tr("completeness.rates"))
st.table(view["rates"], hide_index=True)

late = view["overdue"]  # only years whose due date has passed: a year under way is nobody's fault yet
st.subheader(tr("completeness.overdue", count=len(late)))
if len(late):
    st.table(late, hide_index=True, height=min(600, 40 + 36 * len(late)))
    st.download_button(
        tr("completeness.download"),
        lambda: table_xlsx(late, tr("completeness.sheet_overdue")),
        file_name=f"overdue-{thai_today().isoformat()}-{lang()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="silent_download",
    )
else:
    st.caption(tr("completeness.none_overdue"))

st.subheader(tr("completeness.table"))
st.table(view["table"], hide_index=True, height=600)

st.subheader(tr("completeness.last"))
st.table(view["last"], hide_index=True, height=400)
