"""Moral Metrics: the router. Pages live in pages/; the domain logic in moral_metrics/."""

from __future__ import annotations

import streamlit as st

from moral_metrics.i18n import LANGS
from ui.state import lang, remember_params, set_param, tr

st.set_page_config(page_title="Moral Metrics", page_icon=":material/insights:", layout="wide")
remember_params()

current = lang()
chosen = st.sidebar.segmented_control(
    tr("app.language"),
    LANGS,
    default=current,
    format_func=lambda c: {"th": "ไทย", "en": "English"}[c],
    key="language",
)
if chosen and chosen != current:
    set_param("lang", chosen)
    st.rerun()

pages = [
    st.Page(
        "pages/overview.py", title=tr("page.overview"), icon=":material/dashboard:", url_path="overview", default=True
    ),
    st.Page("pages/province.py", title=tr("page.province"), icon=":material/location_on:", url_path="province"),
    st.Page("pages/compare.py", title=tr("page.compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/data.py", title=tr("page.data"), icon=":material/upload_file:", url_path="data"),
]
st.navigation(pages).run()
