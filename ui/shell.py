"""The router's part of every run: page config, URL state, language switch, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from moral_metrics.reference.i18n import LANGS, language_name
from ui.auth import current_actor, sidebar
from ui.state import lang, remember_params, set_param, tr, url_notices

PAGES = (  # path, title, icon, URL, editors only
    ("pages/overview.py", "page.overview", ":material/dashboard:", "overview", False),
    ("pages/province.py", "page.province", ":material/location_on:", "province", False),
    ("pages/compare.py", "page.compare", ":material/compare_arrows:", "compare", False),
    ("pages/completeness.py", "page.completeness", ":material/fact_check:", "completeness", False),
    ("pages/fame.py", "page.fame", ":material/workspace_premium:", "fame", False),  # issue 11
    ("pages/calendar.py", "page.calendar", ":material/calendar_month:", "calendar", False),  # issue 11
    ("pages/export.py", "page.export", ":material/slideshow:", "export", False),
    ("pages/data.py", "page.data", ":material/upload_file:", "data", True),
)
ROUTED = "_routed"  # this run went through the router
SEEN = "_router_seen"  # this session has been through the router at least once
ROOT = Path(__file__).resolve().parent.parent
# Streamlit's own words, in English with no setting to translate them. The running indicator's
# "Stop" button is hidden (a reader has no use for stopping a page that finishes by itself; the
# small running figure stays); a select box's "No results" is swapped for the reader's language
# (CSS, as ``widgets.uploader_texts``). The ⋮ menu is gone: toolbarMode in .streamlit/config.toml.
_CHROME_CSS = """<style>
[data-testid=stStatusWidget] button {{display: none}}
[role=listbox][data-empty=true] span {{font-size: 0}}
[role=listbox][data-empty=true] span::after {{content: "{no_results}"; font-size: 0.875rem}}
</style>"""


def setup() -> None:
    """Page config, URL parameters and the language switch, once per run."""
    st.set_page_config(page_title="Moral Metrics", page_icon=":material/insights:", layout="wide")
    st.html(_CHROME_CSS.format(no_results=tr("widget.no_results").replace("\\", "").replace('"', "")))
    remember_params()
    current = lang()
    chosen = st.sidebar.segmented_control(
        tr("app.language"),
        LANGS,
        default=current,
        format_func=language_name,
        key="language",
    )
    if chosen and chosen != current:
        set_param("lang", chosen)
        st.rerun()
    sidebar()
    url_notices()


def _navigation() -> st.navigation:
    """The pages this session may open: a viewer's menu has no editor page.

    The first page is served at the root; its own name (``/overview``) is kept as a hidden
    alias, so that a link to it never meets Streamlit's English "Page not found".
    """
    editor = current_actor().editor
    pages = [
        st.Page(ROOT / path, title=tr(title), icon=icon, url_path=f"{url}-home" if n == 0 else url, default=n == 0)
        for n, (path, title, icon, url, editors_only) in enumerate(PAGES)
        if editor or not editors_only
    ]
    path, title, icon, url, _ = PAGES[0]
    pages.append(st.Page(ROOT / path, title=tr(title), icon=icon, url_path=url, visibility="hidden"))
    return st.navigation(pages)


def leave_pages_folder_mode() -> bool:
    """The one Streamlit workaround ``pages/`` needs: leave the old "pages folder" mode.

    The layout keeps its screens in ``pages/`` beside ``dashboard.py``. Streamlit takes such a
    folder as its legacy multipage app (``PagesManager.uses_pages_directory``) and answers a fresh
    server's first request for a page address (a bookmark such as /data) by running that file
    directly, outside ``st.navigation``; widgets made in that run lose their first event. Turning
    the flag off, before any widget exists, makes the next run go through the router. Whether it
    had to (the caller then reruns). ``tests/test_shell.py`` fails if Streamlit drops the flag or
    stops running a page file of a pages folder directly.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if not PagesManager.uses_pages_directory:
        return False
    PagesManager.uses_pages_directory = False
    return True


def route() -> None:
    if leave_pages_folder_mode():
        st.rerun()
    setup()
    page = _navigation()
    st.session_state[ROUTED] = st.session_state[SEEN] = True
    try:
        page.run()
    finally:
        st.session_state[ROUTED] = False


def through_router() -> None:
    """Called first by every page: make the run complete even when the router did not start it.

    Because the page files live in ``pages/``, Streamlit answers a fresh server's first request
    for a page URL (a bookmark such as /data) the legacy way: it runs that file directly. A new
    session then leaves the legacy mode and runs again through the router, before any widget
    exists (widgets made in a legacy run lose their first event, such as an upload). Where the
    legacy run repeats in a session that has seen the router (AppTest resets the mode on every
    run), the page does the router's setup and menu itself.
    """
    if st.session_state.get(ROUTED):
        return
    if not st.session_state.get(SEEN) and leave_pages_folder_mode():
        st.rerun()
    setup()
    _navigation()
