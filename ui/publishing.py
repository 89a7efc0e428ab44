"""The Data page's upload: each file's check, what publishing would change per province (rows
and details), every reason it would be refused, then one publish of all the files."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from moral_metrics.figures.problems import messages_table, problem_list, refusal_text
from moral_metrics.figures.safety import markdown_text
from moral_metrics.figures.submissions import changes_table, files_table, record_changes
from moral_metrics.reference.calendar import DateProblem, past_day, thai_today
from moral_metrics.reference.messages import Refusal
from moral_metrics.reference.provinces import province_name
from moral_metrics.service import Checked, Plan, distinct_files
from ui.auth import current_actor
from ui.state import lang, service, set_param, tr
from ui.widgets import data_table, day_fields, show_refusal, uploader_texts

log = logging.getLogger(__name__)
TYPES = ["xlsx", "xlsm", "xls", "ods", "xlsb"]
UPLOADS = "uploads_round"  # the uploader's key changes after each publish: it starts empty


@st.cache_data(show_spinner=False, max_entries=200)
def _check(name: str, data: bytes) -> Checked:
    return service().check([(name, data)])[0]


def done(message: str) -> None:
    """Say what happened after the rerun that redraws the history with it; the uploader starts
    empty (a new key), so the published files are not checked again as "no change"."""
    st.session_state["data_flash"] = message
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
    set_param("version", None)
    st.rerun()


def _files(checked: list[Checked]) -> None:
    data_table(files_table([(c.filename, c.result) for c in checked], lang()))
    for item in checked:
        if item.result.messages:
            label = tr("data.report_of", file=markdown_text(item.filename), errors=len(item.result.errors))
            with st.expander(label, expanded=not item.result.ok):  # a label is Markdown: the name escaped
                st.markdown(problem_list(item.result.messages, lang()))
                st.caption(tr("report.as_table"))
                data_table(messages_table(item.result.messages, lang()))


def _preview(plan: Plan) -> None:
    if plan.refused:
        st.error(tr("data.refused", count=len(plan.refused)) + "\n\n" + refusal_text(plan.refused, lang()))
        return
    if plan.replaces_sample:
        st.warning(tr("data.replaces_sample"))
    if plan.unchanged:
        st.info(tr("data.unchanged"))
        return
    st.markdown(f"**{tr('data.will_change')}**")
    data_table(changes_table(plan.changes, lang()))
    st.caption(tr("data.rows_and_values"))
    if plan.indicators_added:
        st.warning(tr("data.indicators_added", count=len(plan.indicators_added), codes=plan.indicators_added))
    for code in plan.changes["province_code"]:
        rows = service().record_changes(plan, code)
        if not rows.empty:
            name, count = province_name(code, lang()), len(rows.drop_duplicates(["program_year", "indicator"]))
            with st.expander(tr("data.changes_of_rows", province=name, rows=count, values=len(rows))):
                data_table(record_changes(rows, plan.merged.catalogue, lang()))
    if plan.untouched:
        names = ", ".join(province_name(c, lang()) for c in plan.untouched)
        st.caption(tr("data.untouched", count=len(plan.untouched), names=names))


def _publish(checked: list[Checked], plan: Plan | None) -> None:
    actor = current_actor()
    ready = plan is not None and plan.ready and bool(actor.name.strip())
    if plan is not None and plan.ready and not actor.name.strip():
        st.warning(tr("auth.need_name_first"))  # local editing: the sidebar asks for the name
    with st.form("publish"):
        note = st.text_area(tr("data.note"), max_chars=1000, key="publish_note")
        parts: tuple[int | None, ...] = (None, None, None)
        if actor.is_central:  # a back-filled file: when it really came in, for on-time reporting
            parts = day_fields(tr("data.received_on"), tr("data.received_help"), "received", thai_today())
        pressed = st.form_submit_button(tr("data.publish_all", count=len(checked)), type="primary", disabled=not ready)
    if not pressed:
        return
    try:
        received = past_day(*parts, thai_today())
    except DateProblem as problem:
        st.error(tr(f"date.problem_{problem.code}", field=tr("data.received_on")))
        return
    try:
        files = [(c.filename, c.content) for c in checked]
        published = service().publish_files(files, actor, note.strip(), received)
    except Refusal as refused:
        show_refusal(refused)
        return
    except (SQLAlchemyError, OSError):  # the database said no: nothing was published
        log.exception("publish failed")
        st.error(tr("data.unexpected"))
        return
    if published.unchanged:
        st.info(tr("data.unchanged"))
    elif published.ok:
        done(tr("data.published", version=published.version_id))


def uploads() -> None:
    uploader_texts(TYPES)
    key = f"uploads-{st.session_state.get(UPLOADS, 0)}"
    files = st.file_uploader(
        tr("data.upload"), type=TYPES, accept_multiple_files=True, help=tr("data.upload_help"), key=key
    )
    if not files:
        return
    distinct, repeated = distinct_files([(f.name, f.getvalue()) for f in files])
    for name, other in repeated:
        st.info(tr("data.duplicate_file", file=markdown_text(name), other=markdown_text(other)))
    checked = [_check(name, data) for name, data in distinct]
    _files(checked)
    plan = None
    if not all(c.result.ok for c in checked):
        st.error(tr("data.some_failed"))
    else:
        plan = service().plan(checked, current_actor())
        _preview(plan)
    _publish(checked, plan)
