"""The router's part of every run: page config, URL state, language switch, navigation."""

from __future__ import annotations

import streamlit as st

from moral_metrics.i18n import LANGS
from ui.state import lang, remember_params, set_param, tr

PAGES = (
    ("pages/overview.py", "page.overview", ":material/dashboard:", "overview"),
    ("pages/province.py", "page.province", ":material/location_on:", "province"),
    ("pages/compare.py", "page.compare", ":material/compare_arrows:", "compare"),
    ("pages/export.py", "page.export", ":material/slideshow:", "export"),
    ("pages/data.py", "page.data", ":material/upload_file:", "data"),
)
ROUTED = "_routed"


def setup() -> None:
    """Page config, URL parameters and the language switch, once per run."""
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


def _navigation() -> st.navigation:
    pages = [
        st.Page(path, title=tr(title), icon=icon, url_path=url, default=n == 0)
        for n, (path, title, icon, url) in enumerate(PAGES)
    ]
    return st.navigation(pages)


def route() -> None:
    setup()
    page = _navigation()
    st.session_state[ROUTED] = True
    try:
        page.run()
    finally:
        st.session_state[ROUTED] = False


def through_router() -> None:
    """Called first by every page: make the run complete even when the router did not start it.

    Because the page files live in ``pages/``, Streamlit answers a fresh server's first request
    for a page URL (a bookmark such as /province), and every AppTest run, the legacy way: it runs
    that file directly. Then the page does the router's setup and menu itself.
    """
    if st.session_state.get(ROUTED):
        return
    setup()
    _navigation()  # replaces the legacy file-name menu, and ends the legacy mode for later runs
