"""Moral Metrics: the router. Pages live in pages/; the domain logic in moral_metrics/."""

from __future__ import annotations

import streamlit as st

from moral_metrics.i18n import LANGS, t

st.set_page_config(page_title="Moral Metrics", page_icon=":material/insights:", layout="wide")

lang = st.query_params.get("lang", "th")
lang = lang if lang in LANGS else "th"
chosen = st.sidebar.radio(
    t("app.language", lang),
    LANGS,
    index=LANGS.index(lang),
    format_func=lambda code: {"th": "ไทย", "en": "English"}[code],
    horizontal=True,
)
if chosen != lang:
    st.query_params["lang"] = chosen
    st.rerun()

page = st.navigation(
    [st.Page("pages/overview.py", title=t("page.overview", lang), icon=":material/dashboard:", default=True)]
)
page.run()
