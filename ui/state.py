"""What a page needs from the session: language, URL parameters, the published data.

The current page, province, year, language and viewed version live in the URL
(``st.query_params``) so that a view can be shared and bookmarked; the session keeps them
too, so they survive moving between pages.
"""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.safety import markdown_text
from moral_metrics.model import Tracker
from moral_metrics.reference.i18n import LANGS, t
from moral_metrics.reference.params import honoured, notices, read
from moral_metrics.reference.sample import SAMPLE_PATH, sample_bytes
from moral_metrics.service import Service

SHARED = ("lang", "province", "year", "version")


def remember_params() -> None:
    """Copy shared parameters between the URL and the session, URL first; a value the link got
    wrong is not kept (``url_notices`` says so) and the page falls back to its default."""
    for name in SHARED:
        if name in st.query_params:
            if _linked(name) is not None:
                st.session_state[f"param_{name}"] = st.query_params[name]
        elif f"param_{name}" in st.session_state:
            st.query_params[name] = st.session_state[f"param_{name}"]


def url_notices() -> None:
    """A notice for every URL parameter this run could not take as written (issue 23)."""
    for notice in notices(st.query_params.to_dict()):
        key = "params.too_many" if notice.problem == "too_many" else "params.bad"
        shown = markdown_text(notice.shown)  # as typed: a link's ``**`` or ``[x](y)`` is not markup
        st.warning(tr(key, name=notice.name, value=shown, limit=notice.limit), icon=":material/link_off:")


def _linked(name: str) -> str | None:
    """The URL's raw value of ``name`` when it reads cleanly (every one is checked, issue 23)."""
    raw = st.query_params.get(name)
    if raw is None or not honoured(name):
        return None
    return raw if read(name, raw).value is not None else None


def param(name: str, default: str | None = None) -> str | None:
    """``?name=`` as written when it reads cleanly, else the session's, else ``default``."""
    linked = _linked(name)
    return linked if linked is not None else st.session_state.get(f"param_{name}", default)


def param_value(name: str, default: object = None) -> object:
    """``?name=`` as its declared kind means it (an int, a date, a tuple of codes ...), or ``default``."""
    raw = param(name)
    if raw is None or not honoured(name):
        return default
    value = read(name, raw).value
    return default if value is None else value


def set_param(name: str, value: object) -> None:
    if value is None:
        st.query_params.pop(name, None)
        st.session_state.pop(f"param_{name}", None)
    else:
        st.query_params[name] = str(value)
        st.session_state[f"param_{name}"] = str(value)


def switch_to(page: str) -> None:
    """Open another page, carrying only the shared parameters in its URL.

    A bare ``st.switch_page`` clears the query string, which Streamlit refuses (an exception on
    screen) while a panel of this page is open and bound to it (``?grid=true``).
    """
    shared = {name: value for name in SHARED if (value := param(name)) is not None}
    st.switch_page(page, query_params=shared)


def lang() -> str:
    value = param("lang", "th")
    return value if value in LANGS else "th"


def tr(key: str, **values: object) -> str:
    return t(key, lang(), **values)


@st.cache_resource(show_spinner=False)
def service() -> Service:
    """One store per server process, seeded with the sample tracker on first start; a worker
    makes the current version's first screens unless a process already has (issue 23)."""
    shared = Service()
    shared.seed(sample_bytes(), SAMPLE_PATH.name)
    shared.start_prebuild()
    return shared


@st.cache_resource(show_spinner=False, max_entries=16)
def _tracker(version_id: int, consent: int) -> Tracker:
    return service().tracker(version_id)


def tracker_for(version_id: int) -> Tracker:
    """A published version's tables, read once per version, consent revision and server.

    A version's rows never change, but whose names are public does (the consent register, issue
    22: a withdrawal reaches every version), so the consent revision is part of the key; a
    resource cache hands every session the same object without copying it (pages only read it).
    """
    return _tracker(version_id, service().consent_revision())


def viewed_version() -> tuple[int, bool]:
    """The version to show (``?version=`` or the current one) and whether it is the current one."""
    current = service().current_id()
    asked = param_value("version")
    if asked is not None and asked != current and asked in set(service().versions()["id"]):
        return int(asked), False
    return int(current), True


def viewed_tracker() -> Tracker:
    """The version to show (``?version=`` or the current one), read once per consent revision."""
    version, is_current = viewed_version()
    if not is_current:
        st.info(tr("app.viewing_old", version=version), icon=":material/history:")
    return tracker_for(version)
