"""Reporting (การรายงาน): who has reported, by province and programme year, with rates and the
provinces that have sent nothing this fiscal year."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.submissions import silent_xlsx
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

silent = view["silent"]
st.subheader(tr("completeness.silent", year=year, count=len(silent)))
st.download_button(
    tr("completeness.download"),
    lambda: silent_xlsx(silent, lang()),
    file_name=f"not-reported-fy{year}-{lang()}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="silent_download",
)

st.subheader(tr("completeness.table"))
st.table(view["table"], hide_index=True, height=600)

st.subheader(tr("completeness.last"))
st.table(view["last"], hide_index=True, height=400)
