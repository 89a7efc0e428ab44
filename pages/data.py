"""Data (ข้อมูล): upload one or many trackers, see per province what would change, publish them
as one version; history of every action; remove, restore, accept and lock; downloads."""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from moral_metrics.briefing.province_book import province_workbook
from moral_metrics.briefing.template import write_tracker
from moral_metrics.briefing.workbook import published_workbook
from moral_metrics.figures.safety import safe_name
from moral_metrics.reference.provinces import province_index, province_name
from ui.auth import audience_of, current_actor
from ui.cache import bookkeeping
from ui.prebuilt import prebuild_progress
from ui.publishing import uploads
from ui.shell import through_router
from ui.state import lang, service, tr, tracker_for
from ui.stewardship import erase_section, history_section, manage_section

OWN_BUTTONS = 4  # more provinces than this in an editor's scope: one choice and one button
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
through_router()
if not current_actor().editor:  # checked here on the server, not only by leaving the page out of the menu
    st.error(tr("auth.not_allowed"))
    st.stop()


@st.cache_data(show_spinner=False)
def _template(language: str) -> bytes:
    out = io.BytesIO()
    write_tracker(out, lang=language)
    return out.getvalue()


def _uploads_zip(version: int) -> bytes:
    """The files a version was published from, as uploaded (central editors only)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (name, content) in enumerate(service().files(version), start=1):
            archive.writestr(f"{n:02d}-{safe_name(name)}", content)
    return out.getvalue()


def _downloads() -> None:
    """The blank template; the published data as a workbook the app writes (private names only of
    the editor's provinces); the uploaded files themselves for central editors only (issue 22)."""
    st.subheader(tr("data.downloads"))
    actor, current, language = current_actor(), service().current_id(), lang()
    left, middle, right = st.columns(3)
    left.download_button(
        tr("data.download_template"),
        _template(language),
        file_name=f"moral-tracker-template-{language}.xlsx",
        mime=XLSX,
    )
    middle.download_button(
        tr("data.download_published", version=current),
        lambda: published_workbook(tracker_for(current), language, audience_of(actor)),  # made when clicked
        file_name=f"moral-tracker-v{current}-{language}.xlsx",
        mime=XLSX,
    )
    if actor.is_central:
        right.download_button(
            tr("data.download_uploads", version=current),
            lambda: _uploads_zip(current),
            file_name=f"moral-tracker-v{current}-uploads.zip",
            mime="application/zip",
        )


def _own_workbooks() -> None:
    """Each province's own workbook for an editor of it (issue 24): a button per province of a
    scoped editor, a choice of province for an editor of all of them. Made when clicked."""
    actor, current, language = current_actor(), service().current_id(), lang()
    scope = sorted(actor.scope) if actor.scope is not None else None
    if scope is not None and len(scope) <= OWN_BUTTONS:
        codes = scope
    else:
        every = scope or [p.code for p in sorted(province_index().provinces, key=lambda p: p.name(language))]
        codes = [st.selectbox(tr("data.own_pick"), every, format_func=lambda c: province_name(c, language), key="own")]
    st.caption(tr("data.own_help"))
    for column, code in zip(st.columns(max(len(codes), 1)), codes, strict=False):
        column.download_button(
            tr("data.download_own", province=province_name(code, language)),
            lambda code=code: province_workbook(tracker_for(current), code, language, audience_of(actor)),
            file_name=f"moral-tracker-{code}-v{current}-{language}.xlsx",
            mime=XLSX,
            key=f"own_{code}",
        )


st.title(tr("page.data"))
if flash := st.session_state.pop("data_flash", None):
    st.success(flash)
if prebuild_progress() and flash:  # the page is drawn again when the charts are made: keep saying it
    st.session_state["data_flash"] = flash
if bool(bookkeeping("versions").set_index("id").loc[service().current_id(), "is_sample"]):
    st.info(tr("app.sample_notice"), icon=":material/science:")
uploads()
history_section()
manage_section()
erase_section()
_downloads()
_own_workbooks()
