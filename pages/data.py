"""Data (ข้อมูล): upload one or many trackers, see per province what would change, publish them
as one version; history of every action; remove, restore, accept and lock; downloads."""

from __future__ import annotations

import io
import logging
from dataclasses import replace

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from moral_metrics.access import Actor
from moral_metrics.briefing.template import write_tracker
from moral_metrics.figures.problems import messages_table, problem_list
from moral_metrics.figures.safety import markdown_text, safe_name
from moral_metrics.figures.submissions import changes_table, files_table, province_name, record_changes
from moral_metrics.reference.messages import Refusal
from moral_metrics.store.diff import compare
from moral_metrics.store.storage import Checked, Plan, check_files
from ui.auth import current_actor
from ui.cache import bookkeeping, file_name, history
from ui.shell import through_router
from ui.state import lang, set_param, store, switch_to, tr, tracker_for
from ui.widgets import uploader_texts

through_router()
actor = current_actor()
if not actor.editor:  # checked here on the server, not only by leaving the page out of the menu
    st.error(tr("auth.not_allowed"))
    st.stop()
log = logging.getLogger(__name__)
TYPES = ["xlsx", "xlsm", "xls", "ods", "xlsb"]


@st.cache_data(show_spinner=False, max_entries=200)
def _check(name: str, data: bytes) -> Checked:
    return check_files([(name, data)])[0]


@st.cache_data(show_spinner=False)
def _template(language: str) -> bytes:
    out = io.BytesIO()
    write_tracker(out, lang=language)
    return out.getvalue()


def _done(message: str) -> None:
    """Say what happened after the rerun that redraws the history with it."""
    st.session_state["data_flash"] = message
    set_param("version", None)
    st.rerun()


def _acting() -> Actor:
    name = st.session_state.get("publisher_name", "").strip() if actor.name in ("", "localhost") else actor.name
    return Actor(name, actor.role, actor.scope)


def _files(checked: list[Checked]) -> None:
    st.dataframe(files_table([(c.filename, c.result) for c in checked], lang()), hide_index=True)
    for item in checked:
        if item.result.messages:
            label = tr("data.report_of", file=markdown_text(item.filename), errors=len(item.result.errors))
            with st.expander(label, expanded=not item.result.ok):  # a label is Markdown: the name escaped
                st.markdown(problem_list(item.result.messages, lang()))
                st.caption(tr("report.as_table"))
                st.dataframe(messages_table(item.result.messages, lang()), hide_index=True)


def _plan(checked: list[Checked]) -> Plan | None:
    try:
        return store().plan(checked, actor)
    except Refusal as refused:
        st.error(refused.text(lang()))
        return None


def _preview(plan: Plan) -> None:
    if plan.replaces_sample:
        st.warning(tr("data.replaces_sample"))
    if plan.unchanged:
        st.info(tr("data.unchanged"))
        return
    st.markdown(f"**{tr('data.will_change')}**")
    st.dataframe(changes_table(plan.changes, lang()), hide_index=True)
    for code in plan.changes["province_code"]:
        rows = compare(_only(plan.base, code), _only(plan.merged, code)) if plan.base is not None else None
        if rows is not None and not rows.empty:
            with st.expander(tr("data.changes_of", province=province_name(code, lang()), count=len(rows))):
                st.dataframe(record_changes(rows, plan.merged.catalogue, lang()), hide_index=True)
    if plan.untouched:
        names = ", ".join(province_name(c, lang()) for c in plan.untouched)
        st.caption(tr("data.untouched", count=len(plan.untouched), names=names))


def _only(tracker, code: str):
    """A tracker's records of one province, for the list of what changes."""
    return replace(tracker, records=tracker.records[tracker.records["province_code"] == code])


def _publish(checked: list[Checked], plan: Plan | None) -> None:
    ready = plan is not None and plan.merged is not None and not plan.unchanged
    with st.form("publish"):
        if actor.name in ("", "localhost"):
            st.text_input(tr("data.your_name"), max_chars=100, key="publisher_name")
        note = st.text_area(tr("data.note"), max_chars=1000, key="publish_note")
        pressed = st.form_submit_button(tr("data.publish_all", count=len(checked)), type="primary", disabled=not ready)
    if not pressed:
        return
    who = _acting()
    if not who.name:
        st.warning(tr("data.need_name"))
        return
    try:
        done = store().publish_files([(c.filename, c.content) for c in checked], who, note.strip())
    except Refusal as refused:
        st.error(refused.text(lang()))
        return
    except (SQLAlchemyError, OSError):  # the database said no: nothing was published
        log.exception("publish failed")
        st.error(tr("data.unexpected"))
        return
    if done.unchanged:
        st.info(tr("data.unchanged"))
    elif done.ok:
        _done(tr("data.published", version=done.version_id))


def _uploads() -> None:
    uploader_texts(TYPES)
    files = st.file_uploader(
        tr("data.upload"), type=TYPES, accept_multiple_files=True, help=tr("data.upload_help"), key="uploads"
    )
    if not files:
        return
    checked = [_check(f.name, f.getvalue()) for f in files]
    _files(checked)
    if all(c.result.ok for c in checked):
        plan = _plan(checked)
        if plan is not None:
            _preview(plan)
    else:
        plan = None
        st.error(tr("data.some_failed"))
    _publish(checked, plan)


def _history() -> None:
    st.subheader(tr("data.history"))
    current = store().current_id()
    st.caption(tr("data.current_is", version=current))
    st.dataframe(history(), hide_index=True)
    ids = bookkeeping("versions")["id"].tolist()
    picked = st.selectbox(tr("data.pick_version"), ids, key="history_pick")
    show, restore = st.columns(2)
    if show.button(tr("data.show_version"), key="show_version"):
        set_param("version", picked)
        switch_to("pages/overview.py")
    if restore.button(tr("data.restore"), key="restore_version", disabled=picked == current or not actor.central):
        _run(lambda: store().restore(int(picked), _acting()), tr("data.restored", version=picked))


def _run(action, message: str) -> None:
    try:
        action()
    except Refusal as refused:
        st.error(refused.text(lang()))
        return
    except (SQLAlchemyError, OSError):
        log.exception("data action failed")
        st.error(tr("data.unexpected"))
        return
    _done(message)


def _of(tracker, province: str, column: str) -> list[int]:
    values = tracker.records.loc[tracker.records["province_code"] == province, column].dropna()
    return sorted({int(v) for v in values})


def _remove_and_lock() -> None:
    st.subheader(tr("data.manage"))
    tracker = tracker_for(store().current_id())
    if not tracker.province_codes:
        return
    left, right = st.columns(2)
    with left:
        names = tracker.province_names(lang())  # fixed now: a format function must not read the session later
        pick = st.selectbox(tr("col.province"), tracker.province_codes, format_func=names.get, key="manage_province")
        years = _of(tracker, pick, "program_year")
        chosen = st.multiselect(tr("data.remove_years"), years, key="remove_years", placeholder=tr("data.all_years"))
        if st.button(tr("data.remove"), key="remove_province", disabled=bool(actor.outside({pick}))):
            message = tr("data.removed", province=_name(pick))
            _run(lambda: store().remove(pick, set(chosen) or None, _acting()), message)
    with right:
        _lock(pick, _of(tracker, pick, "fiscal_year"))


def _name(code: str) -> str:
    return province_name(code, lang())


def _lock(province: str, fiscal: list[int]) -> None:
    """Accept and lock, or unlock, one fiscal year of a province (central editors only)."""
    if not fiscal:
        return
    year = st.selectbox(tr("col.fiscal_year"), fiscal, index=len(fiscal) - 1, key="lock_year")
    lock, unlock = st.columns(2)
    for column, locked, key in ((lock, True, "lock"), (unlock, False, "unlock")):
        if column.button(tr(f"data.{key}"), key=key, disabled=not actor.central):
            done = tr(f"data.{key}ed", province=_name(province), year=year)
            _run(lambda value=locked: store().set_lock(province, year, value, _acting()), done)


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
_uploads()
_history()
_remove_and_lock()
_downloads()
