"""How far the current version's charts are made for viewers (issue 23), on the Data page."""

from __future__ import annotations

import time

import streamlit as st

from ui.state import service, tr

SEEN = "prebuilt_seen"


@st.fragment
def prebuild_progress() -> None:
    """A progress bar while the worker started by the last publish makes the first screens;
    it reruns only itself, twice a second, until the worker is done, then says so once."""
    state = service().prebuilt()
    if not state:
        return
    if state.get("done"):
        if st.session_state.pop(SEEN, False):
            st.caption(tr("data.prebuilt_done"))
        return
    st.session_state[SEEN] = True
    made, total = int(state.get("made", 0)), max(int(state.get("total", 1)), 1)
    st.progress(made / total, text=tr("data.prebuilding", made=made, total=total))
    time.sleep(0.5)  # the worker is another process: look again shortly
    st.rerun(scope="fragment")
