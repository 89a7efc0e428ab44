"""Reporting (การรายงาน): who has reported, by province and programme year, with rates and the
provinces that have sent nothing this fiscal year."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from moral_metrics.figures.submissions import completeness_table, province_name, rates_table, silent_xlsx
from moral_metrics.reference.formats import date_text
from moral_metrics.reference.settings import settings
from moral_metrics.store.completeness import completeness, fiscal_year_of, last_submissions, rates, silent_this_year
from ui.shell import through_router
from ui.state import lang, store, tr, viewed_tracker
from ui.widgets import version_caption

through_router()
tracker = viewed_tracker()
st.title(tr("page.completeness"))
version_caption()
year = fiscal_year_of(datetime.now(UTC).date())
st.caption(tr("completeness.intro", year=year, days=settings().submissions.due_days))

slices, locks = store().table("slices"), store().table("locks")
table = completeness(tracker, slices, locks)
st.subheader(tr("completeness.rates"))
st.dataframe(rates_table(rates(table), lang()), hide_index=True)

silent = silent_this_year(table, tracker)
st.subheader(tr("completeness.silent", year=year, count=len(silent)))
st.download_button(
    tr("completeness.download"),
    lambda: silent_xlsx(silent, lang()),
    file_name=f"not-reported-fy{year}-{lang()}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="silent_download",
)

st.subheader(tr("completeness.table"))
st.dataframe(completeness_table(table, lang()), hide_index=True, height=600)

st.subheader(tr("completeness.last"))
last = last_submissions(slices, store().events())
st.dataframe(
    pd.DataFrame(
        {
            tr("col.province"): [province_name(c, lang()) for c in last["province_code"]],
            tr("completeness.col_last_at"): [date_text(v, lang(), with_time=True) for v in last["last_published_at"]],
            tr("completeness.col_last_by"): last["last_published_by"],
            tr("completeness.col_last_version"): last["last_version"],
        }
    ),
    hide_index=True,
)
