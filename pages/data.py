"""Data (ข้อมูล): upload, check, publish; history with show and restore; what changed; downloads."""

from __future__ import annotations

import io
import logging

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from moral_metrics.access import Actor, NotAllowed
from moral_metrics.briefing.template import write_tracker
from moral_metrics.figures.safety import display_text, neutralise_frame, safe_name
from moral_metrics.figures.tables import messages_table
from moral_metrics.model import LoadResult
from moral_metrics.pipeline import load_tracker
from moral_metrics.store.diff import compare, counts
from ui.auth import current_actor
from ui.shell import through_router
from ui.state import lang, set_param, store, tr, tracker_for

through_router()
actor = current_actor()
if not actor.editor:  # checked here on the server, not only by leaving the page out of the menu
    st.error(tr("auth.not_allowed"))
    st.stop()


@st.cache_data(show_spinner=False, max_entries=8)
def _check(data: bytes) -> LoadResult:
    return load_tracker(data)


@st.cache_data(show_spinner=False)
def _template(language: str) -> bytes:
    out = io.BytesIO()
    write_tracker(out, lang=language)
    return out.getvalue()


def _report(result: LoadResult) -> None:
    if result.ok:
        tracker = result.tracker
        st.success(
            tr(
                "data.check_ok",
                provinces=len(tracker.provinces),
                records=len(tracker.records),
                warnings=len(result.warnings),
            )
        )
    else:
        st.error(tr("data.check_failed", errors=len(result.errors), warnings=len(result.warnings)))
    if result.messages:
        st.subheader(tr("data.report"))
        st.dataframe(messages_table(result.messages, lang()), hide_index=True)


def _publish(upload, result: LoadResult) -> None:
    st.subheader(tr("data.publish_title"))
    ask_name = actor.name in ("", "localhost")
    with st.form("publish"):
        name = st.text_input(tr("data.your_name"), max_chars=100) if ask_name else actor.name
        note = st.text_area(tr("data.note"), max_chars=1000)
        pressed = st.form_submit_button(tr("data.publish"), type="primary", disabled=not result.ok)
    if not pressed:
        return
    if not name.strip():
        st.warning(tr("data.need_name"))
        return
    try:
        published = store().publish(upload.getvalue(), upload.name, Actor(name.strip(), actor.role), note.strip())
    except NotAllowed:
        st.error(tr("auth.not_allowed"))
        return
    except (SQLAlchemyError, OSError):  # the database said no: nothing was published
        logging.getLogger(__name__).exception("publish failed")
        st.error(tr("data.unexpected"))
        return
    if published.ok:
        set_param("version", None)
        st.success(tr("data.published", version=published.version_id))
    else:  # the stored check disagrees with the cached one: show the fresh report
        _report(published.result)


def _history() -> None:
    st.subheader(tr("data.history"))
    versions = store().versions()
    shown = pd.DataFrame(
        {
            tr("data.col_version"): versions["id"],
            tr("data.col_when"): versions["created_at"],
            tr("data.col_who"): versions["uploader"].map(display_text),
            tr("data.col_file"): versions["filename"].map(display_text),
            tr("data.col_note"): versions["note"].map(display_text),
            tr("data.col_records"): versions["record_count"],
            tr("data.col_provinces"): versions["province_count"],
            tr("data.col_warnings"): versions["warning_count"],
            tr("data.col_current"): versions["current"],
        }
    )
    st.dataframe(neutralise_frame(shown), hide_index=True)  # its CSV download must not carry formulas
    picked = st.selectbox(tr("data.pick_version"), versions["id"].tolist(), key="history_pick")
    show, restore = st.columns(2)
    if show.button(tr("data.show_version"), key="show_version"):
        set_param("version", picked)
        st.switch_page("pages/overview.py")
    if restore.button(
        tr("data.restore"), key="restore_version", disabled=bool(versions.set_index("id").loc[picked, "current"])
    ):
        try:
            store().restore(int(picked), current_actor())
        except (NotAllowed, SQLAlchemyError, OSError):
            logging.getLogger(__name__).exception("restore failed")
            st.error(tr("data.unexpected"))
            st.stop()
        set_param("version", None)
        st.success(tr("data.restored", version=picked))
    _changes(int(picked), versions["id"].tolist())


def _changes(version: int, ids: list[int]) -> None:
    st.subheader(tr("data.changes"))
    earlier = [i for i in ids if i < version]
    if not earlier:
        st.caption(tr("data.no_previous"))
        return
    previous = max(earlier)
    changes = compare(tracker_for(previous), tracker_for(version))
    st.caption(tr("data.changes_counts", version=version, previous=previous, **counts(changes)))
    if not changes.empty:
        labels = {k: tr(f"data.change_{k}") for k in ("added", "removed", "changed")}
        shown = changes.assign(change=changes["change"].map(labels)).rename(
            columns={
                "change": tr("data.col_change"),
                "province_code": tr("col.province"),
                "program_year": tr("col.year"),
                "indicator": tr("col.indicator"),
                "field": tr("data.col_field"),
                "old": tr("data.col_old"),
                "new": tr("data.col_new"),
            }
        )
        st.dataframe(neutralise_frame(shown.astype(str)), hide_index=True)


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
    filename = store().versions().set_index("id").loc[current, "filename"]
    right.download_button(
        tr("data.download_current", version=current),
        lambda: store().content(current)[1],  # read from the database only when clicked
        file_name=safe_name(f"v{current}", filename),
        mime="application/octet-stream",
    )


st.title(tr("page.data"))
upload = st.file_uploader(tr("data.upload"), type=["xlsx", "xlsm", "xls", "ods", "xlsb"], help=tr("data.upload_help"))
if upload is not None:
    result = _check(upload.getvalue())
    _report(result)
    _publish(upload, result)
_history()
_downloads()
