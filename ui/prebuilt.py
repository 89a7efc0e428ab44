"""How far the current version's charts are made for viewers (issue 23), on the Data page."""

from __future__ import annotations

import streamlit as st

from ui.state import service, tr

SEEN = "prebuilt_seen"
POLL_SECONDS = 0.5  # the worker is another process: look again this often while it works


def prebuild_progress() -> bool:
    """A progress bar while the worker started by the last publish makes the first screens, then
    "done" once. Only the bar reruns while the worker works; the page is drawn again once at the
    end. True while the bar is shown (what the page says now is said again then)."""
    state = service().prebuilt()
    if not state:
        return False
    if state.get("done"):
        if st.session_state.pop(SEEN, False):
            st.caption(tr("data.prebuilt_done"))
        return False
    st.session_state[SEEN] = True
    _watch()
    return True


@st.fragment(run_every=POLL_SECONDS)
def _watch() -> None:
    # A timed fragment, not st.rerun(scope="fragment"): that raises when the fragment runs as part of
    # the whole page (any upload or click during a build showed a traceback).
    state = service().prebuilt()
    if not state or state.get("done"):
        st.rerun()  # the whole page once: it draws "done" and no longer places this timed fragment
    made, total = int(state.get("made", 0)), int(state.get("total", 0))
    text = tr("data.prebuilding", made=made, total=total) if total else tr("data.prebuild_starting")
    st.progress(made / max(total, 1), text=text)
