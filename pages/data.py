"""Data (ข้อมูล): upload one or many trackers, see per province what would change, publish them
as one version; history of every action; remove, restore, accept and lock; downloads."""

from __future__ import annotations

import io

import streamlit as st

from moral_metrics.briefing.template import write_tracker
from moral_metrics.figures.safety import safe_name
from ui.auth import current_actor
from ui.cache import bookkeeping, file_name
from ui.publishing import uploads
from ui.shell import through_router
from ui.state import lang, store, tr
from ui.stewardship import history_section, manage_section

through_router()
if not current_actor().editor:  # checked here on the server, not only by leaving the page out of the menu
    st.error(tr("auth.not_allowed"))
    st.stop()


@st.cache_data(show_spinner=False)
def _template(language: str) -> bytes:
    out = io.BytesIO()
    write_tracker(out, lang=language)
    return out.getvalue()


def _downloads() -> None:
    st.subheader(tr("data.downloads"))
    left, right = st.columns(2)
    left.download_button(
        tr("data.download_template"),
        _template(lang()),
        file_name=f"moral-tracker-template-{lang()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    current = store().current_id()
    filename = file_name(current)
    right.download_button(
        tr("data.download_current", version=current),
        lambda: store().content(current)[1],  # read from the database only when clicked
        file_name=safe_name(f"v{current}", filename or "removal.xlsx"),
        mime="application/octet-stream",
    )


st.title(tr("page.data"))
if flash := st.session_state.pop("data_flash", None):
    st.success(flash)
if bool(bookkeeping("versions").set_index("id").loc[store().current_id(), "is_sample"]):
    st.info(tr("app.sample_notice"), icon=":material/science:")
uploads()
history_section()
manage_section()
_downloads()
